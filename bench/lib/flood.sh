# shellcheck shell=bash
# part_flood (issue 5): a sign-in flood at several times what the KDF pool can hash, and
# get-session served beside it. For latchkey (SQLite) and the peer (memory), side by side:
#   get-session req/s and p99 alone, then during the flood;
#   the flood's offered rate (sign-ins sent per second) against the raw Argon2id rate;
#   latchkey's refused sign-ins (503 + Retry-After from the bounded KDF queue): p99, sampled
#   with curl while the flood runs.
# Latchkey runs with its production KDF queue and worker count so that the flood overflows
# the queue; rate limiting stays off because every request here comes from one address.
# Sourced by bench/run.sh after common.sh, wrk.sh, auth.sh, servers.sh and report.sh.

FLOOD_CONNS=${FLOOD_CONNS:-64}
FLOOD_FACTOR=${FLOOD_FACTOR:-4}  # offered sign-ins per second, as a multiple of the raw hash rate

# flood_start BASE ORIGIN ID: wrk sign-ins (FLOOD_CONNS connections, DURATION + 4 s) in the
# background; sets FLOOD_PID. The raw output goes to $OUT/wrk-ID.txt.
flood_start() {
  local base=$1 origin=$2 id=$3 secs
  secs=$(($(duration_s "$DURATION") + 4))
  # Paced: FLOOD_CONNS connections, each waiting DELAY_MS before every request, offer
  # FLOOD_FACTOR × the raw hash rate (an unpaced wrk would offer tens of thousands a second).
  DELAY_MS=$(awk -v c="$FLOOD_CONNS" -v f="$FLOOD_FACTOR" -v h="$(fig hashrate_ops_per_s)" \
    'BEGIN { printf "%d", (h > 0) ? 1000 * c / (f * h) : 0 }')
  export N ORIGIN=$origin DELAY_MS  # read by signin.lua
  wrk -t1 -c"$FLOOD_CONNS" -d"${secs}s" --timeout 10s --latency -s "$LIB/signin.lua" \
    "$base/sign-in/email" >"$OUT/wrk-$id.txt" 2>&1 &
  FLOOD_PID=$!
  track_pid "$FLOOD_PID"
  sleep 2  # let the KDF queue fill before measuring
}

flood_stop() {
  wait "$FLOOD_PID" || true
  untrack_pid "$FLOOD_PID"
  unset DELAY_MS
}

# refusal_sample BASE ORIGIN SERVER: 400 sign-ins one at a time during the flood; records
# figure refusal_p99_ms.SERVER over the refused ones (503/429) and refusals.SERVER.
refusal_sample() {
  local base=$1 origin=$2 server=$3 f=$OUT/refusals-$3.txt
  for _ in $(seq 1 400); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 15 \
      -H 'Content-Type: application/json' -H "Origin: $origin" \
      -d "{\"email\":\"bench-1@example.com\",\"password\":\"$PASSWORD\"}" "$base/sign-in/email"
  done >"$f" || true
  set_fig "refusals.$server" "$(awk '$1 == 503 || $1 == 429 { n++ } END { print n + 0 }' "$f")"
  set_fig "refusal_p99_ms.$server" "$(awk '$1 == 503 || $1 == 429 { print $2 * 1000 }' "$f" |
    sort -g | awk '{ v[NR] = $1 } END { if (NR) { i = int(NR * 0.99); if (i < NR * 0.99) i++; print v[i] } }')"
}

# flood_measure SERVER PID BASE ORIGIN: signs up the users, then get-session alone and
# during a flood.
flood_measure() {
  local server=$1 pid=$2 base=$3 origin=$4
  signup_users "$base" "$origin" "$OUT/signup-flood-$server.txt"
  session_cookie "$base" "$origin" "$OUT/signin-headers-flood-$server.txt"
  check_session "$base" "$COOKIE" "$OUT/session-flood-$server.json"
  run_wrk "gs-alone-$server" "get-session alone, $server" "$pid" -- -H "Cookie: $COOKIE" "$base/get-session"
  wait_quiet "$server flood"
  flood_start "$base" "$origin" "flood-$server"
  local sampler=""
  if [[ $server == lk ]]; then
    refusal_sample "$base" "$origin" "$server" &
    sampler=$!
  fi
  # No quiet wait: the flood is the point.
  QUIET_WAIT=0 run_wrk "gs-flood-$server" "get-session during the flood, $server" "$pid" -- \
    -H "Cookie: $COOKIE" "$base/get-session"
  [[ -z $sampler ]] || wait "$sampler" || true
  flood_stop
  set_fig "flood_rps.$server" "$(awk '/^Requests\/sec:/ { print $2 }' "$OUT/wrk-flood-$server.txt")"
  set_fig "flood_non2xx.$server" "$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$OUT/wrk-flood-$server.txt")"
  check_session "$base" "$COOKIE" "$OUT/session-after-flood-$server.json"
}

part_flood() {
  local pid
  [[ -n $(fig hashrate_ops_per_s) ]] || part_hashrate
  log "== flood: get-session beside a sign-in flood at ${FLOOD_FACTOR}× the hash rate (latchkey, SQLite)"
  mkdir -p "$WORK/flood"
  wait_quiet "latchkey flood start"
  # Production settings for the pool: the default KDF queue and worker count.
  start_latchkey flood "sqlite:$WORK/flood/auth.db" LATCHKEY_KDF_QUEUE=0 LATCHKEY_WORKER_THREADS=0
  pid=$SERVER_PID
  flood_measure lk "$pid" "$LK_ORIGIN/api/auth" "$LK_ORIGIN"
  stop_pid "$pid"
  if [[ $PEER == 1 ]]; then
    log "== flood: the peer (memory)"
    wait_quiet "peer flood start"
    start_peer memory
    pid=$SERVER_PID
    flood_measure peer "$pid" "$PEER_ORIGIN/api/auth" "$PEER_ORIGIN"
    stop_pid "$pid"
  fi
}

# flood_rows: the issue-5 lines of the summary's figure table.
flood_rows() {
  local alone during p99 r hr s
  hr=$(fig hashrate_ops_per_s)
  for s in lk peer; do
    alone=$(med "gs-alone-$s" 4)
    during=$(med "gs-flood-$s" 4)
    [[ -n $alone ]] || continue
    p99=$(med "gs-flood-$s" 6)
    r=$(ratio "$during" "$alone")
    printf '| %s: get-session during the flood / alone | %s (%s vs %s req/s; p99 %s ms, alone %s ms; flood %s sign-ins/s = %s× the raw hash rate, %s refused) | %s |\n' \
      "$([[ $s == lk ]] && echo latchkey || echo "peer (context)")" \
      "$( [[ -n $r ]] && num "$(awk -v r="$r" 'BEGIN { print 100 * r }')" '%.0f%%' || echo –)" \
      "$(num "$during" '%.0f')" "$(num "$alone" '%.0f')" "$(num "$p99" '%.2f')" "$(num "$(med "gs-alone-$s" 6)" '%.2f')" \
      "$(num "$(fig "flood_rps.$s")" '%.0f')" "$(num "$(ratio "$(fig "flood_rps.$s")" "$hr")" '%.0f')" \
      "$(fig "flood_non2xx.$s")" \
      "$([[ $s == lk ]] && echo "≥ 50%, p99 < 10 ms | $(verdict "$r" ge 0.5) / $(verdict "$p99" lt 10)" || echo "context |")"
  done
  p99=$(fig refusal_p99_ms.lk)
  if [[ -n $p99 ]]; then
    printf '| latchkey: refused sign-ins during the flood, p99 (%s of 400 sampled were refused) | %s | < 5 ms | %s |\n' \
      "$(fig refusals.lk)" "$(num "$p99" '%.2f ms')" "$(verdict "$p99" lt 5)"
  fi
}

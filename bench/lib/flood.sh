# shellcheck shell=bash
# part_flood (issue 5): a sign-in flood at several times what the KDF pool can hash, and
# get-session served beside it. For latchkey (SQLite) and the peer (memory), side by side:
#   get-session req/s and p99 alone, then during the flood;
#   the flood's offered rate (sign-ins sent per second) against the raw Argon2id rate;
#   latchkey's refused sign-ins (503 + Retry-After from the bounded KDF queue): their p99, as
#   the flood itself measured them.
# Latchkey runs with its production KDF queue and worker count so that the flood overflows
# the queue; rate limiting stays off because every request here comes from one address.
# Sourced by bench/run.sh after common.sh, wrk.sh, auth.sh, servers.sh and report.sh.

FLOOD_FACTOR=${FLOOD_FACTOR:-4}  # offered sign-ins per second, as a multiple of the raw hash rate

# flood_start BASE ORIGIN ID: an open-loop sign-in flood (bench/lib/flood.mjs) at
# FLOOD_FACTOR × the raw hash rate for DURATION + 4 s, in the background; sets FLOOD_PID.
# Open loop: requests leave on schedule whatever the server answers, so slow answers cannot
# slow the flood down (wrk would). Its JSON report goes to $OUT/flood-ID.json.
flood_start() {
  local base=$1 origin=$2 id=$3 secs rate
  secs=$(($(duration_s "$DURATION") + 4))
  rate=$(awk -v f="$FLOOD_FACTOR" -v h="$(fig hashrate_ops_per_s)" 'BEGIN { printf "%.1f", f * h }')
  node "$LIB/flood.mjs" "$base" "$origin" "$rate" "$secs" "$N" "$PASSWORD" \
    >"$OUT/flood-$id.json" 2>"$OUT/flood-$id.err" &
  FLOOD_PID=$!
  track_pid "$FLOOD_PID"
  sleep 2  # let the KDF queue fill before measuring
}

flood_stop() {
  wait "$FLOOD_PID" || true
  untrack_pid "$FLOOD_PID"
}

# flood_figures SERVER: offered rate, refusals and their p99 from the flood's report.
flood_figures() {
  local server=$1 f=$OUT/flood-$1.json
  [[ -s $f ]] || { warn "no flood report for $server ($OUT/flood-$server.err)"; return 0; }
  set_fig "flood_rps.$server" "$(node -e 'const r = require(process.argv[1]); console.log((r.sent / r.seconds).toFixed(1))' "$f")"
  set_fig "flood_refused.$server" "$(node -e 'const r = require(process.argv[1]); let n = 0; for (const s of ["503", "429"]) n += r.statuses[s]?.n ?? 0; console.log(n)' "$f")"
  set_fig "flood_other.$server" "$(node -e 'const r = require(process.argv[1]); console.log(JSON.stringify(r.statuses))' "$f")"
  local p99
  p99=$(node -e 'const r = require(process.argv[1]); const s = r.statuses["503"]; if (s) console.log(s.p99_ms.toFixed(2))' "$f")
  [[ -z $p99 ]] || set_fig "refusal_p99_ms.$server" "$p99"
}

# flood_measure SERVER PID BASE ORIGIN: signs up the users, then get-session alone and
# during a flood.
flood_measure() {
  local server=$1 pid=$2 base=$3 origin=$4
  signup_users "$base" "$origin" "$OUT/signup-flood-$server.txt"
  session_cookie "$base" "$origin" "$OUT/signin-headers-flood-$server.txt"
  check_session "$base" "$COOKIE" "$OUT/session-flood-$server.json"
  run_wrk "gs-alone-$server" "get-session alone, $server" "$pid" -- -H "Cookie: $COOKIE" "$base/get-session"
  if [[ $server == lk ]]; then
    # The flood on its own first: refusals with no other load, then beside get-session.
    wait_quiet "$server flood alone"
    flood_start "$base" "$origin" "$server-alone"
    flood_stop
    flood_figures "$server-alone"
  fi
  wait_quiet "$server flood"
  flood_start "$base" "$origin" "$server"
  # No quiet wait: the flood is the point.
  QUIET_WAIT=0 run_wrk "gs-flood-$server" "get-session during the flood, $server" "$pid" -- \
    -H "Cookie: $COOKIE" "$base/get-session"
  flood_stop
  flood_figures "$server"
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
      "$(fig "flood_refused.$s")" \
      "$([[ $s == lk ]] && echo "≥ 50%, p99 < 10 ms | $(verdict "$r" ge 0.5) / $(verdict "$p99" lt 10)" || echo "context |")"
  done
  p99=$(fig refusal_p99_ms.lk-alone)
  if [[ -n $p99 ]]; then
    printf '| latchkey: refused sign-ins (503), the flood alone, p99 over %s refusals | %s | < 5 ms | %s |\n' \
      "$(fig flood_refused.lk-alone)" "$(num "$p99" '%.2f ms')" "$(verdict "$p99" lt 5)"
  fi
  p99=$(fig refusal_p99_ms.lk)
  if [[ -n $p99 ]]; then
    printf '| latchkey: refused sign-ins (503), the flood beside get-session at full load, p99 over %s refusals | %s | < 5 ms | %s |\n' \
      "$(fig flood_refused.lk)" "$(num "$p99" '%.2f ms')" "$(verdict "$p99" lt 5)"
  fi
}

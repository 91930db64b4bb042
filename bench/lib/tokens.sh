# shellcheck shell=bash
# part_tokens (issue 4): on one latchkey (SQLite) and the peer (memory), side by side:
#   GET /token req/s, latchkey vs the peer (target ≥ 100×);
#   get-session by x-api-key vs by cookie on latchkey (target ≥ 80%);
#   JWT sign and verify rates vs the raw libsodium / OpenSSL rates (bench/jose_bench).
# Sourced by bench/run.sh after common.sh, wrk.sh, auth.sh, servers.sh and report.sh.

# api_key BASE ORIGIN COOKIE FILE: creates an API key for the cookie's user; sets API_KEY.
api_key() {
  local base=$1 origin=$2 cookie=$3 out=$4
  curl -s -o "$out" --max-time 30 -H 'Content-Type: application/json' -H "Origin: $origin" \
    -H "Cookie: $cookie" -d '{"name":"bench"}' "$base/api-key/create" || die "api-key/create failed"
  API_KEY=$(sed -n 's/.*"key":"\([^"]*\)".*/\1/p' "$out")
  [[ -n $API_KEY ]] || die "api-key/create returned no key ($out)"
}

# jose_rates: runs jose_bench once; sets figures jose.<name> = operations per second.
jose_rates() {
  local bin=$BUILD_DIR/bench/jose_bench csv=$OUT/jose_bench.csv
  [[ -x $bin ]] || { warn "jose_bench not built (libbenchmark-dev missing?): JWT rates skipped"; return 0; }
  wait_quiet jose_bench
  "$bin" --benchmark_format=csv --benchmark_min_time=0.5 >"$csv" 2>"$OUT/jose_bench.err" ||
    die "jose_bench failed (see $OUT/jose_bench.err)"
  # CSV: name,iterations,real_time,cpu_time,time_unit,...; ops/s from cpu_time.
  awk -F, 'NR > 1 && $1 ~ /^"?BM_/ {
      gsub(/"/, "", $1); u = $5; gsub(/"/, "", u)
      t = $4 * (u == "ns" ? 1e-9 : u == "us" ? 1e-6 : u == "ms" ? 1e-3 : 1)
      if (t > 0) printf "jose.%s\t%.0f\n", $1, 1 / t
    }' "$csv" >>"$OUT/figures.tsv"
}

part_tokens() {
  local pid base=$LK_ORIGIN/api/auth
  log "== tokens: GET /token, get-session by API key vs cookie (latchkey, SQLite)"
  mkdir -p "$WORK/tokens"
  wait_quiet "latchkey tokens start"
  # The per-key request cap (10 a day by default) would refuse a benchmark at once; keys
  # stand for sessions only with api_key_session (off by default).
  start_latchkey tokens "sqlite:$WORK/tokens/auth.db" LATCHKEY_API_KEY_RATE_LIMIT_ENABLED=false \
    LATCHKEY_API_KEY_SESSION=true
  pid=$SERVER_PID
  signup_users "$base" "$LK_ORIGIN" "$OUT/signup-tokens.txt"
  session_cookie "$base" "$LK_ORIGIN" "$OUT/signin-headers-tokens.txt"
  check_session "$base" "$COOKIE" "$OUT/session-tokens.json"
  api_key "$base" "$LK_ORIGIN" "$COOKIE" "$OUT/api-key.json"
  curl -s --max-time 10 -H "x-api-key: $API_KEY" "$base/get-session" | grep -q '"email":"bench-1@example.com"' ||
    die "get-session by x-api-key did not return bench-1"
  run_wrk gs-cookie-tokens "get-session, cookie" "$pid" -- -H "Cookie: $COOKIE" "$base/get-session"
  run_wrk gs-apikey-tokens "get-session, x-api-key" "$pid" -- -H "x-api-key: $API_KEY" "$base/get-session"
  run_wrk token-lk "GET /token" "$pid" -- -H "Cookie: $COOKIE" "$base/token"
  stop_pid "$pid"
  if [[ $PEER == 1 ]]; then
    log "== tokens: GET /token on the peer (memory)"
    wait_quiet "peer tokens start"
    start_peer memory
    pid=$SERVER_PID
    signup_users "$PEER_ORIGIN/api/auth" "$PEER_ORIGIN" "$OUT/signup-tokens-peer.txt"
    session_cookie "$PEER_ORIGIN/api/auth" "$PEER_ORIGIN" "$OUT/signin-headers-tokens-peer.txt"
    run_wrk token-peer "GET /token, peer" "$pid" -- -H "Cookie: $COOKIE" "$PEER_ORIGIN/api/auth/token"
    stop_pid "$pid"
  fi
  jose_rates
}

# tokens_rows: the issue-4 lines of the summary's figure table.
tokens_rows() {
  local lk peer r ck ak
  lk=$(med token-lk 4)
  peer=$(med token-peer 4)
  if [[ -n $lk ]]; then
    r=$(ratio "$lk" "$peer")
    printf '| GET /token: latchkey / peer | %s (%s vs %s req/s; p99 %s ms) | ≥ 100× | %s |\n' \
      "$(num "$r" '%.0f×')" "$(num "$lk" '%.0f')" "$(num "$peer" '%.0f')" "$(num "$(med token-lk 6)" '%.2f')" \
      "$(verdict "$r" ge 100)"
  fi
  ck=$(med gs-cookie-tokens 4)
  ak=$(med gs-apikey-tokens 4)
  if [[ -n $ak ]]; then
    r=$(ratio "$ak" "$ck")
    printf '| get-session by x-api-key / by cookie | %s (%s vs %s req/s) | ≥ 80%% | %s |\n' \
      "$( [[ -n $r ]] && num "$(awk -v r="$r" 'BEGIN { print 100 * r }')" '%.0f%%' || echo –)" \
      "$(num "$ak" '%.0f')" "$(num "$ck" '%.0f')" "$(verdict "$r" ge 0.8)"
  fi
  local alg ours raw
  for alg in EdDSA ES256 RS256; do
    for op in Sign Verify; do
      ours=$(fig "jose.BM_Jose$op/$alg")
      case $alg in
        EdDSA) raw=$(fig "jose.BM_RawSodiumEd25519$op") ;;
        *) raw=$(fig "jose.BM_RawOpenSsl$op/$alg") ;;
      esac
      [[ -n $ours ]] || continue
      printf '| JWT %s %s: latchkey / raw %s | %s (%s vs %s /s, one core) | context | |\n' \
        "$alg" "${op,,}" "$([[ $alg == EdDSA ]] && echo libsodium || echo OpenSSL)" \
        "$( [[ -n $raw ]] && num "$(awk -v a="$ours" -v b="$raw" 'BEGIN { print 100 * a / b }')" '%.0f%%' || echo –)" \
        "$(num "$ours" '%.0f')" "$(num "$raw" '%.0f')"
    done
  done
}

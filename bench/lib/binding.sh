# part_binding (issue 20, docs/session-binding.md): the cost of session binding on
# get-session. Latchkey on SQLite with session_binding off, then both (a user-agent family
# and a /24 to match on every request), each started fresh, alternating RUNS times so drift
# of the machine hits both alike; wrk sends curl's family, as the sign-in did, so every
# request is a match (a mismatch would revoke the session, and check_session would fail).
# Sourced by bench/run.sh after common.sh, wrk.sh, auth.sh, servers.sh and report.sh.

part_binding() {
  local run mode pid base=$LK_ORIGIN/api/auth runs=$RUNS
  RUNS=1  # run_wrk's own repetition; the alternation below repeats instead
  for ((run = 1; run <= runs; run++)); do
    for mode in off both; do
      log "== binding part, run $run: session_binding = $mode"
      rm -rf "$WORK/binding"
      mkdir -p "$WORK/binding"
      wait_quiet "latchkey binding-$mode start"
      start_latchkey "binding-$mode" "sqlite:$WORK/binding/auth.db" LATCHKEY_SESSION_BINDING="$mode"
      pid=$SERVER_PID
      signup_users "$base" "$LK_ORIGIN" "$OUT/signup-binding-$mode-$run.txt"
      session_cookie "$base" "$LK_ORIGIN" "$OUT/signin-headers-binding-$mode.txt"
      check_session "$base" "$COOKIE" "$OUT/session-binding-$mode-$run.json"
      run_wrk "gs-binding-$mode" "get-session, session_binding $mode" "$pid" -- \
        -H "Cookie: $COOKIE" -H "User-Agent: curl/bench" "$base/get-session"
      check_session "$base" "$COOKIE" "$OUT/session-binding-$mode-$run-after.json"
      stop_pid "$pid"
    done
  done
  RUNS=$runs
}

binding_rows() {
  local off on r
  off=$(med gs-binding-off 4)
  on=$(med gs-binding-both 4)
  [[ -n $on ]] || return 0
  r=$(ratio "$on" "$off")
  printf '| get-session, session_binding both / off | %s (%s vs %s req/s; p99 %s vs %s ms) | ≥ 90%% | %s |\n' \
    "$( [[ -n $r ]] && num "$(awk -v r="$r" 'BEGIN { print 100 * r }')" '%.0f%%' || echo –)" \
    "$(num "$on" '%.0f')" "$(num "$off" '%.0f')" "$(num "$(med gs-binding-both 6)" '%.2f')" \
    "$(num "$(med gs-binding-off 6)" '%.2f')" "$(verdict "$r" ge 0.9)"
}

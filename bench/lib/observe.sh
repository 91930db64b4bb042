# shellcheck shell=bash
# The observe part of bench/run.sh: get-session on SQLite with tracing and metrics on vs off,
# in one run (docs/benchmarks.md, "Tracing and metrics"). Each run starts a fresh server per
# side and alternates (off, on, off, on, …) so drift of the machine hits both alike.
#   off: no otlp_endpoint (tracing off: requests carry no trace); /metrics is not scraped.
#   on:  every request sampled (otlp_sample_ratio 1), spans exported to a local OTLP sink
#        (bench/lib/otlp_sink.mjs), and /metrics scraped once a second during the run.
# Metrics are counted in both (latchkey has no switch to stop counting). Knobs:
# OBSERVE_RUNS=3 OTLP_PORT=3186.

# observe_scrape_loop URL: GET /metrics once a second until killed.
observe_scrape_loop() {
  while true; do
    curl -s -o /dev/null "$1" || true
    sleep 1
  done
}

part_observe() {
  local run who pid sink_pid scrape_pid runs=$RUNS extra on off
  local otlp_port=${OTLP_PORT:-3186}
  RUNS=1  # run_wrk's own repetition; the alternation below repeats instead
  node "$LIB/otlp_sink.mjs" "$otlp_port" >"$OUT/otlp-sink.log" 2>&1 &
  sink_pid=$!
  track_pid "$sink_pid"
  for ((run = 1; run <= ${OBSERVE_RUNS:-3}; run++)); do
    for who in off on; do
      log "== observe part, run $run: tracing and metrics $who"
      rm -rf "$WORK/observe"
      mkdir -p "$WORK/observe"
      extra=()
      [[ $who == on ]] && extra=(LATCHKEY_OTLP_ENDPOINT="http://127.0.0.1:$otlp_port" LATCHKEY_OTLP_SAMPLE_RATIO=1)
      wait_quiet "latchkey observe-$who start"
      start_latchkey "observe-$who" "sqlite:$WORK/observe/auth.db" "${extra[@]}"
      pid=$SERVER_PID
      signup_users "$LK_ORIGIN/api/auth" "$LK_ORIGIN" "$OUT/signup-observe-$who-$run.txt"
      session_cookie "$LK_ORIGIN/api/auth" "$LK_ORIGIN" "$OUT/signin-headers-observe-$who.txt"
      check_session "$LK_ORIGIN/api/auth" "$COOKIE" "$OUT/session-observe-$who-$run.json"
      scrape_pid=
      if [[ $who == on ]]; then
        observe_scrape_loop "$LK_ORIGIN/metrics" &
        scrape_pid=$!
      fi
      run_wrk "gs-observe-$who" "get-session, tracing+metrics $who" "$pid" -- -H "Cookie: $COOKIE" \
        "$LK_ORIGIN/api/auth/get-session"
      [[ -n $scrape_pid ]] && { kill "$scrape_pid" 2>/dev/null; wait "$scrape_pid" 2>/dev/null || true; }
      stop_pid "$pid"
    done
  done
  RUNS=$runs
  stop_pid "$sink_pid"
  log "$(cat "$OUT/otlp-sink.log")"
  off=$(med gs-observe-off 4)
  on=$(med gs-observe-on 4)
  [[ -n $off && -n $on ]] && set_fig observe_cost_pct "$(awk -v a="$off" -v b="$on" 'BEGIN { printf "%.1f", 100 * (1 - b / a) }')"
  log "observe: get-session $(num "$off" '%.0f') req/s off, $(num "$on" '%.0f') on: cost $(fig observe_cost_pct) %"
}

# observe_rows: the summary's target row.
observe_rows() {
  local cost
  cost=$(fig observe_cost_pct)
  [[ -n $cost ]] || return 0
  printf '| get-session: cost of tracing (every request sampled) + metrics scraped, req/s | %s (%s vs %s req/s, median of %s alternating runs) | < 5 %% | %s |\n' \
    "$(num "$cost" '%.1f %%')" "$(num "$(med gs-observe-on 4)" '%.0f')" "$(num "$(med gs-observe-off 4)" '%.0f')" \
    "${OBSERVE_RUNS:-3}" "$(verdict "$cost" lt 5)"
}

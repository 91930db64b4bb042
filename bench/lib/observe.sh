# shellcheck shell=bash
# The observe part of bench/run.sh: get-session on SQLite with tracing and metrics on vs off,
# in one run (docs/benchmarks.md, "Tracing and metrics"). Each round starts a fresh server per
# side and alternates (off, on at OBSERVE_RATIO, on at ratio 1, off, …) so drift of the machine
# hits every side alike.
#   off:  no otlp_endpoint (tracing off: requests carry no trace); /metrics is not scraped.
#   on:   otlp_sample_ratio OBSERVE_RATIO (default 0.1) or 1 (every request traced), spans
#         exported to a local OTLP sink (bench/lib/otlp_sink.mjs, which shares the machine's
#         cores), and /metrics scraped once a second during the run.
# Metrics are counted in every side (latchkey has no switch to stop counting). Knobs:
# OBSERVE_RUNS=3 OBSERVE_RATIO=0.1 OTLP_PORT=3186.

# observe_scrape_loop URL: GET /metrics once a second until killed.
observe_scrape_loop() {
  while true; do
    curl -s -o /dev/null "$1" || true
    sleep 1
  done
}

# observe_side WHO RUN [VAR=VALUE...]: one fresh server, sign-ups, one wrk run.
observe_side() {
  local who=$1 run=$2 pid scrape_pid=
  shift 2
  log "== observe part, run $run: $who"
  rm -rf "$WORK/observe"
  mkdir -p "$WORK/observe"
  wait_quiet "latchkey observe-$who start"
  start_latchkey "observe-$who" "sqlite:$WORK/observe/auth.db" "$@"
  pid=$SERVER_PID
  signup_users "$LK_ORIGIN/api/auth" "$LK_ORIGIN" "$OUT/signup-observe-$who-$run.txt"
  session_cookie "$LK_ORIGIN/api/auth" "$LK_ORIGIN" "$OUT/signin-headers-observe-$who.txt"
  check_session "$LK_ORIGIN/api/auth" "$COOKIE" "$OUT/session-observe-$who-$run.json"
  if [[ $who != off ]]; then
    observe_scrape_loop "$LK_ORIGIN/metrics" &
    scrape_pid=$!
  fi
  run_wrk "gs-observe-$who" "get-session, tracing+metrics $who" "$pid" -- -H "Cookie: $COOKIE" \
    "$LK_ORIGIN/api/auth/get-session"
  [[ -n $scrape_pid ]] && { kill "$scrape_pid" 2>/dev/null; wait "$scrape_pid" 2>/dev/null || true; }
  stop_pid "$pid"
}

observe_cost() {  # ID_ON FIGURE: 1 - on/off, in %
  local off on
  off=$(med gs-observe-off 4)
  on=$(med "$1" 4)
  [[ -n $off && -n $on ]] && set_fig "$2" "$(awk -v a="$off" -v b="$on" 'BEGIN { printf "%.1f", 100 * (1 - b / a) }')"
}

part_observe() {
  local run sink_pid runs=$RUNS
  local otlp=(LATCHKEY_OTLP_ENDPOINT="http://127.0.0.1:${OTLP_PORT:-3186}")
  RUNS=1  # run_wrk's own repetition; the alternation below repeats instead
  node "$LIB/otlp_sink.mjs" "${OTLP_PORT:-3186}" >"$OUT/otlp-sink.log" 2>&1 &
  sink_pid=$!
  track_pid "$sink_pid"
  for ((run = 1; run <= ${OBSERVE_RUNS:-3}; run++)); do
    observe_side off "$run"
    observe_side ratio "$run" "${otlp[@]}" LATCHKEY_OTLP_SAMPLE_RATIO="${OBSERVE_RATIO:-0.1}"
    observe_side all "$run" "${otlp[@]}" LATCHKEY_OTLP_SAMPLE_RATIO=1
  done
  RUNS=$runs
  stop_pid "$sink_pid"
  log "$(cat "$OUT/otlp-sink.log")"
  observe_cost gs-observe-ratio observe_cost_ratio_pct
  observe_cost gs-observe-all observe_cost_all_pct
  log "observe: cost at ratio ${OBSERVE_RATIO:-0.1}: $(fig observe_cost_ratio_pct) %, at ratio 1: $(fig observe_cost_all_pct) %"
}

# observe_rows: the summary's target rows.
observe_rows() {
  local id fig what
  for id in ratio all; do
    fig=$(fig "observe_cost_${id}_pct")
    [[ -n $fig ]] || continue
    what="otlp_sample_ratio ${OBSERVE_RATIO:-0.1}"
    [[ $id == all ]] && what="every request traced (ratio 1)"
    printf '| get-session: cost of tracing (%s, exported) + metrics scraped | %s (%s vs %s req/s, medians of %s alternating runs) | < 5 %% | %s |\n' \
      "$what" "$(num "$fig" '%.1f %%')" "$(num "$(med "gs-observe-$id" 4)" '%.0f')" \
      "$(num "$(med gs-observe-off 4)" '%.0f')" "${OBSERVE_RUNS:-3}" "$(verdict "$fig" lt 5)"
  done
}

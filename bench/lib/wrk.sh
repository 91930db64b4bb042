# shellcheck shell=bash
# run_wrk: one wrk measurement (RUNS times), raw output kept, one TSV row per run.
# Sourced by bench/run.sh after common.sh.

RUNS_TSV_HEADER=$'id\tlabel\trun\treq_per_s\tp50_ms\tp99_ms\trequests\tnon_2xx\tsocket_errors\tserver_cpu_pct\tpg_cpu_pct\twrk_cpu_pct\tother_cpu_pct'

# CPU ticks of the PostgreSQL cluster in use (postmaster + children), 0 when none.
# PG_PM_PID is set by the pg phase while a cluster serves the measured server.
pg_ticks() {
  [[ -n ${PG_PM_PID:-} ]] || { echo 0; return; }
  local p
  for p in "$PG_PM_PID" $(pgrep -P "$PG_PM_PID"); do
    awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null
  done | awk '{ s += $1 } END { print s + 0 }'
}

# wrk_parse FILE: "req_per_s p50_ms p99_ms requests non_2xx socket_errors" from wrk's
# --latency output (latencies converted to ms; errors = wrk's "Non-2xx or 3xx" count,
# i.e. status >= 400, and the sum of connect/read/write/timeout socket errors).
wrk_parse() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0
      if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    / requests in / { reqs = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(",", ""); sock = $4 + $6 + $8 + $10 }
    END {
      if (rps == "") exit 1
      printf "%.1f\t%.3f\t%.3f\t%d\t%d\t%d\n", rps, p50, p99, reqs, non2xx, sock
    }
  ' "$1"
}

# run_wrk ID LABEL SERVER_PID -- WRK_ARGS... URL
# Runs `wrk -t$THREADS -c$CONNS -d$DURATION --latency WRK_ARGS` RUNS times, each after
# wait_quiet, keeps the raw output in $OUT/wrk-ID-RUN.txt and appends a row to
# $OUT/runs.tsv with the CPU the server, postgres, wrk and the rest of the machine used
# during the run (% of one core). Dies if wrk fails or the server died under load.
run_wrk() {
  local id=$1 label=$2 pid=$3 run f row s0 s1 p0 p1 w0 w1 b0 b1 t0 t1 us
  shift 3
  [[ $1 == -- ]] && shift
  for ((run = 1; run <= RUNS; run++)); do
    f="$OUT/wrk-$id-$run.txt"
    wait_quiet "$id run $run"
    echo "# wrk -t$THREADS -c$CONNS -d$DURATION --latency $*" >"$f"
    s0=$(cpu_ticks "$pid"); p0=$(pg_ticks); w0=$(child_ticks); b0=$(busy_ticks); t0=$(now_us)
    # In the background + wait, so that a SIGINT/SIGTERM to run.sh stops wrk at once too.
    wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" >>"$f" 2>&1 &
    track_pid $!
    wait $! || die "wrk failed ($label), see $f"
    untrack_pid $!
    t1=$(now_us); s1=$(cpu_ticks "$pid"); p1=$(pg_ticks); w1=$(child_ticks); b1=$(busy_ticks)
    kill -0 "$pid" 2>/dev/null || die "$label: the server died during the run (see $OUT/*.log)"
    row=$(wrk_parse "$f") || die "could not parse wrk output $f"
    us=$((t1 - t0))
    [[ $(cut -f4 <<<"$row") != 0 ]] || warn "$label, run $run: no request completed in $DURATION ($f)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$label" "$run" "$row" \
      "$(cpu_pct $((s1 - s0)) "$us")" "$(cpu_pct $((p1 - p0)) "$us")" \
      "$(cpu_pct $((w1 - w0)) "$us")" \
      "$(cpu_pct $(((b1 - b0) - (s1 - s0) - (p1 - p0) - (w1 - w0))) "$us")" >>"$OUT/runs.tsv"
    tail -n 1 "$OUT/runs.tsv" | awk -F'\t' '{
      printf "[bench] %s, run %s: %s req/s, p50 %s ms, p99 %s ms, errors %d (non-2xx %s, socket %s); CPU %% of a core: server %s, postgres %s, wrk %s, other %s\n",
        $2, $3, $4, $5, $6, $8 + $9, $8, $9, $10, $11, $12, $13 }' >&2
  done
}

# shellcheck shell=bash
# The summary: $OUT/runs.tsv (one row per wrk run), $OUT/starts.tsv (one row per server
# start) and $OUT/figures.tsv (key/value: hash rate, RSS after the runs, ...) → markdown.
# Sourced by bench/run.sh after common.sh.

# set_fig KEY VALUE / fig KEY: single figures kept in $OUT/figures.tsv.
set_fig() { printf '%s\t%s\n' "$1" "$2" >>"$OUT/figures.tsv"; }
fig() { awk -F'\t' -v k="$1" '$1 == k { v = $2 } END { print v }' "$OUT/figures.tsv" 2>/dev/null; }

# med ID COLUMN: COLUMN of the median run of measurement ID, by req/s (the lower middle
# one for an even number of runs); empty when ID did not run. Columns as in runs.tsv:
# 4 req/s, 5 p50 ms, 6 p99 ms, 7 requests, 10 server CPU %, 11 postgres CPU %, 13 other CPU %.
med() {
  awk -F'\t' -v id="$1" '$1 == id' "$OUT/runs.tsv" | sort -t $'\t' -k4,4g |
    awk -F'\t' -v c="$2" '{ v[NR] = $c } END { if (NR) print v[int((NR + 1) / 2)] }'
}
# errs ID: non-2xx + socket errors summed over every run of ID.
errs() { awk -F'\t' -v id="$1" '$1 == id { n++; s += $8 + $9 } END { if (n) print s }' "$OUT/runs.tsv"; }
# all_runs ID: "a / b / c" req/s of every run.
all_runs() {
  awk -F'\t' -v id="$1" '$1 == id { s = s (s == "" ? "" : " / ") $4 } END { print s }' "$OUT/runs.tsv"
}

# start_med SERVER KIND COLUMN: median over the starts.tsv rows of SERVER (KIND "" = any
# kind); COLUMN 3 = start → first 200 ms, 4 = idle RSS kB. start_n SERVER KIND: row count.
start_med() {
  awk -F'\t' -v s="$1" -v k="$2" -v c="$3" '$1 == s && (k == "" || $2 == k) { print $c }' \
    "$OUT/starts.tsv" 2>/dev/null | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
start_n() { awk -F'\t' -v s="$1" -v k="$2" '$1 == s && (k == "" || $2 == k) { n++ } END { print n + 0 }' "$OUT/starts.tsv"; }

# Formatting. num and mb print "–" for a missing input, ratio prints nothing. All return 0
# (they are used in assignments under set -e).
num() { [[ -n $1 ]] && awk -v v="$1" -v f="$2" 'BEGIN { printf f, v }' || echo "–"; }
ratio() {
  if [[ -n $1 && -n $2 ]]; then awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b }'; fi
}
mb() { [[ -n $1 ]] && awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1000 }' || echo "–"; }
# verdict VALUE OP LIMIT: "met" / "**MISSED**" / "n/a" (OP: ge, lt).
verdict() {
  [[ -n $1 ]] || { echo "n/a"; return; }
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
    ok = (op == "ge") ? (v >= t) : (v < t); print ok ? "met" : "**MISSED**" }'
}

# measurement_row ID WHAT SERVER
measurement_row() {
  local id=$1
  [[ -n $(med "$id" 4) ]] || return 0
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$2" "$3" \
    "$(num "$(med "$id" 4)" '%.1f')" "$(num "$(med "$id" 5)" '%.2f')" "$(num "$(med "$id" 6)" '%.2f')" \
    "$(errs "$id")" "$(med "$id" 10)$([[ $(med "$id" 11) != 0 && -n $(med "$id" 11) ]] && echo " + pg $(med "$id" 11)")" \
    "$(med "$id" 13)" "$(all_runs "$id")"
}

# getsession_rows STORE LK_ID PEER_ID: the three get-session target rows of one storage.
getsession_rows() {
  local store=$1 lk peer ceil r
  lk=$(med "$2" 4)
  [[ -n $lk ]] || return 0
  peer=$(med "$3" 4)
  ceil=$(med ceiling 4)
  r=$(ratio "$lk" "$peer")
  printf '| get-session (%s): latchkey / peer req/s | %s | ≥ 100× | %s |\n' "$store" \
    "$(num "$r" '%.1f×') ($(num "$lk" '%.0f') vs $(num "$peer" '%.1f'))" "$(verdict "$r" ge 100)"
  r=$(ratio "$lk" "$ceil")
  printf '| get-session (%s): latchkey / ceiling req/s | %s | ≥ 60%% | %s |\n' "$store" \
    "$( [[ -n $r ]] && num "$(awk -v r="$r" 'BEGIN { print 100 * r }')" '%.0f%%' || echo –) ($(num "$lk" '%.0f') vs $(num "$ceil" '%.0f'))" \
    "$(verdict "$r" ge 0.6)"
  printf '| get-session (%s): latchkey p99 | %s | < 5 ms | %s |\n' "$store" \
    "$(num "$(med "$2" 6)" '%.2f ms') (peer $(num "$(med "$3" 6)" '%.1f ms'))" "$(verdict "$(med "$2" 6)" lt 5)"
}

write_summary() {
  local f=$OUT/summary.md lk_rate hr r rs total_err
  {
    echo "# Latchkey benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    sed -n '/^- /p' "$OUT/env.md"
    echo
    echo "## Measurements"
    echo
    echo "Median run of $RUNS by req/s; errors = non-2xx/3xx responses + socket errors, summed over all runs;"
    echo "CPU % is of one core during the run (the machine has $(nproc)); other = the rest of the machine."
    echo
    echo "| measurement | server | req/s | p50 ms | p99 ms | errors | server CPU % | other CPU % | req/s of each run |"
    echo "|---|---|---|---|---|---|---|---|---|"
    measurement_row ceiling "GET / (ceiling)" "bare Beast hello"
    measurement_row gs-lk-sqlite "GET /get-session, cookie" "latchkey, SQLite"
    measurement_row gs-peer-memory "GET /get-session, cookie" "peer, memory"
    measurement_row gs-lk-pg "GET /get-session, cookie" "latchkey, PostgreSQL"
    measurement_row gs-peer-pg "GET /get-session, cookie" "peer, PostgreSQL"
    measurement_row si-lk-sqlite "POST /sign-in/email" "latchkey, SQLite, Argon2id"
    measurement_row si-peer-memory "POST /sign-in/email" "peer, memory, scrypt"
    measurement_row gs-cookie-tokens "GET /get-session, cookie" "latchkey, SQLite"
    measurement_row gs-apikey-tokens "GET /get-session, x-api-key" "latchkey, SQLite"
    measurement_row token-lk "GET /token" "latchkey, SQLite"
    measurement_row token-peer "GET /token" "peer, memory"
    measurement_row gs-alone-lk "GET /get-session, before the flood" "latchkey, SQLite"
    measurement_row gs-flood-lk "GET /get-session, during a sign-in flood" "latchkey, SQLite"
    measurement_row gs-alone-peer "GET /get-session, before the flood" "peer, memory"
    measurement_row gs-flood-peer "GET /get-session, during a sign-in flood" "peer, memory"
    measurement_row gs-nodes1 "GET /get-session via nginx" "latchkey, PostgreSQL, 1 node"
    measurement_row gs-nodes2 "GET /get-session via nginx" "latchkey, PostgreSQL, 2 nodes"
    measurement_row si-nodes1 "POST /sign-in/email via nginx" "latchkey, PostgreSQL, 1 node"
    measurement_row si-nodes2 "POST /sign-in/email via nginx" "latchkey, PostgreSQL, 2 nodes"
    measurement_row ok-limit-memory "GET /ok, rate-limited" "latchkey, counters in the process"
    measurement_row ok-limit-redis "GET /ok, rate-limited" "latchkey, counters in Redis (pool 4)"
    measurement_row ok-limit-redis-wide "GET /ok, rate-limited" "latchkey, counters in Redis (pool = CONNS)"
    measurement_row gs-binding-off "GET /get-session, cookie" "latchkey, SQLite, session_binding off"
    measurement_row gs-binding-both "GET /get-session, cookie" "latchkey, SQLite, session_binding both"
    measurement_row gs-now "GET /get-session, cookie" "latchkey, this build"
    measurement_row gs-base "GET /get-session, cookie" "latchkey, BASELINE"
    measurement_row token-now "GET /token" "latchkey, this build"
    measurement_row token-base "GET /token" "latchkey, BASELINE"
    measurement_row gs-observe-off "GET /get-session, tracing and metrics off" "latchkey, SQLite"
    measurement_row gs-observe-ratio "GET /get-session, tracing (OBSERVE_RATIO) and metrics scraped" "latchkey, SQLite"
    measurement_row gs-observe-all "GET /get-session, tracing (ratio 1) and metrics scraped" "latchkey, SQLite"
    echo
    echo "## Figures and targets"
    echo
    echo "| figure | value | target | |"
    echo "|---|---|---|---|"
    getsession_rows SQLite gs-lk-sqlite gs-peer-memory
    getsession_rows PostgreSQL gs-lk-pg gs-peer-pg
    lk_rate=$(med si-lk-sqlite 4)
    hr=$(fig hashrate_ops_per_s)
    if [[ -n $lk_rate || -n $hr ]]; then
      r=$(ratio "$lk_rate" "$hr")
      printf '| sign-in: latchkey / raw Argon2id verifies (%s threads) | %s | ≥ 95%% | %s |\n' "$KDF_THREADS" \
        "$( [[ -n $r ]] && num "$(awk -v r="$r" 'BEGIN { print 100 * r }')" '%.1f%%' || echo –) ($(num "$lk_rate" '%.2f') vs $(num "$hr" '%.2f')/s)" \
        "$(verdict "$r" ge 0.95)"
      printf '| sign-in: peer (Better Auth, scrypt N=16384 r=16) | %s | context | |\n' \
        "$(num "$(med si-peer-memory 4)" '%.2f/s')"
    fi
    if [[ -s $OUT/audit-export.txt ]]; then
      local idle peak rows
      idle=$(awk '/^idle +VmRSS:/ { print $3 }' "$OUT/audit-export.txt")
      peak=$(awk '/^export VmRSS peak:/ { print $4 }' "$OUT/audit-export.txt")
      rows=$(awk '/^rows exported:/ { print $3 }' "$OUT/audit-export.txt")
      r=$(ratio "$peak" "$idle")
      printf '| audit export of %s rows, streamed: peak RSS / idle RSS | %s (%s vs %s) | < 2× | %s |\n' \
        "$rows" "$(num "$r" '%.2f×')" "$(mb "$peak")" "$(mb "$idle")" "$(verdict "$r" lt 2)"
    fi
    if [[ -s $OUT/starts.tsv ]]; then
      local ms n cold prs pms
      local kind=warm
      [[ $(start_n lk-sqlite warm) -gt 0 ]] || kind=""
      ms=$(start_med lk-sqlite "$kind" 3)
      n=$(start_n lk-sqlite "$kind")
      cold=$(start_med lk-sqlite cold 3)
      pms=$(start_med peer-memory "" 3)
      if [[ -n $ms ]]; then
        printf '| start → first /healthz 200: latchkey (median of %s) | %s (first start on an empty db, with migrations: %s; peer → first 200: %s) | < 50 ms | %s |\n' \
          "$n" "$(num "$ms" '%.1f ms')" "$(num "$cold" '%.1f ms')" "$(num "$pms" '%.0f ms')" "$(verdict "$ms" lt 50)"
      fi
      rs=$(start_med lk-sqlite "$kind" 4)
      prs=$(start_med peer-memory "" 4)
      if [[ -n $rs ]]; then
        printf '| idle RSS 2 s after start: latchkey | %s (peer %s) | < 15 MB | %s |\n' \
          "$(mb "$rs")" "$(mb "$prs")" "$(verdict "$rs" lt 15000)"
      fi
    fi
    if [[ -n $(fig rss_after_kb.lk-sqlite) ]]; then
      printf '| idle RSS after the runs: latchkey, SQLite | %s (peak VmHWM %s; peer %s, peak %s) | < 15 MB | %s |\n' \
        "$(mb "$(fig rss_after_kb.lk-sqlite)")" "$(mb "$(fig hwm_kb.lk-sqlite)")" \
        "$(mb "$(fig rss_after_kb.peer-memory)")" "$(mb "$(fig hwm_kb.peer-memory)")" \
        "$(verdict "$(fig rss_after_kb.lk-sqlite)" lt 15000)"
    fi
    if [[ -n $(fig rss_after_kb.lk-pg) ]]; then
      printf '| idle RSS after the runs: latchkey, PostgreSQL | %s (peak VmHWM %s; peer %s) | < 15 MB | %s |\n' \
        "$(mb "$(fig rss_after_kb.lk-pg)")" "$(mb "$(fig hwm_kb.lk-pg)")" \
        "$(mb "$(fig rss_after_kb.peer-pg)")" "$(verdict "$(fig rss_after_kb.lk-pg)" lt 15000)"
    fi
    tokens_rows
    usage_rows
    flood_rows
    nodes_rows
    binding_rows
    observe_rows
    # The peer's get-session under the flood times out by design of the test: its errors
    # are shown in its own row, not counted against the run.
    total_err=$(awk -F'\t' 'NR > 1 && $1 != "gs-flood-peer" { s += $8 + $9 } END { print s + 0 }' "$OUT/runs.tsv")
    printf '| errors over all wrk runs (but the peer under the flood) | %s | 0 | %s |\n' "$total_err" "$( ((total_err == 0)) && echo met || echo '**MISSED**')"
    echo
    if [[ -s $OUT/warnings.log ]]; then
      echo "Warnings (warnings.log): treat the figures they concern with care."
      echo
      sed 's/^/    /' "$OUT/warnings.log"
      echo
    fi
    echo "Raw output: wrk-*.txt, hashrate.txt, *.log; tables: runs.tsv, starts.tsv, figures.tsv; setup: env.md."
  } >"$f"
}

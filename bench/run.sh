#!/usr/bin/env bash
# Latchkey benchmarks (`make bench` runs this after a Release build). Compares latchkey with
# a bare Beast server (the ceiling) and with the Better Auth peer on this machine:
#   ceiling  GET / on build/bench/ceiling
#   sqlite   get-session (valid cookie): latchkey on SQLite vs the peer with DB=memory
#   pg       get-session: latchkey on PostgreSQL vs the peer with DB=pg
#   signin   sign-in req/s vs the raw Argon2id verify rate (bench/hashrate), peer for context
#   rss      start → first 200 and idle RSS, latchkey (and the peer), STARTS times each
#   tokens   GET /token vs the peer, get-session by API key vs cookie, JWT sign/verify rates
#   flood    get-session beside a sign-in flood, latchkey and the peer; refused sign-ins' p99
#   baseline get-session and GET /token, this build vs BASELINE (another latchkey binary, e.g.
#            one built from the commit before a change), alternating run by run
#   binding  get-session with session_binding off vs both, alternating (bench/lib/binding.sh)
#   audit    peak RSS while GET /admin/audit-events/export streams AUDIT_ROWS rows vs idle RSS
#            (bench/audit_export.sh)
#   nodes    get-session and sign-in through nginx (deploy/nginx/latchkey.conf) with one latchkey
#            node on PostgreSQL, then two: the two-node / one-node ratio (bench/lib/nodes.sh)
#   redis    a rate-limited route with the limiter's counters in the process vs in Redis
#   usage    POST /usage records/s on SQLite, one new record per request (docs/plans.md)
#   observe  get-session with tracing (every request sampled, exported to a local OTLP sink)
#            and /metrics scraped each second vs both off, alternating fresh servers
#            (bench/lib/observe.sh; OBSERVE_RUNS=3)
#   web      the bytes the sign-in page loads (index.html, app.js, app.css), raw and gzip -9,
#            against the 60 kB compressed-JavaScript budget (docs/web.md)
# Every figure is printed and written, with the raw wrk output, to bench/results/<time>/;
# the last thing printed is summary.md. docs/benchmarks.md explains the figures and targets.
#
# Knobs (env): ONLY=ceiling,sqlite,pg,signin,rss,tokens,flood,binding,audit,usage,web,nodes,redis,observe,baseline
#   DURATION=10s THREADS=2 CONNS=32 RUNS=1
#   AUDIT_ROWS=1000000 AUDIT_PORT=3185
#   BASELINE=<latchkey binary> (the baseline part; it runs only when asked for in ONLY)
#   N=100 (users signed up)  STARTS=5  QUIET_WAIT=120 (s to wait for an idle machine; 0 = never)
#   BUILD_DIR=build  LATCHKEY=… CEILING=… HASHRATE=… (binaries)  OUT=bench/results/<time>
#   PEER_DIR=<checkout>/../shared/peers/better-auth (PEER=0 skips the peer)  PG=peer|test
#   LK_PORT=3180 (nodes: also LK_PORT+1) NGINX_PORT=3187 PEER_PORT=3190 CEILING_PORT=3170 PG_PORT=55433 LK_PG_PORT=55434
#   ARGON2_MEMORY_KIB=65536 ARGON2_ITERATIONS=3 KDF_THREADS=$(nproc) KDF_QUEUE=2*CONNS
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIB=$ROOT/bench/lib

ONLY=${ONLY:-ceiling,sqlite,pg,signin,rss,tokens,flood,binding,audit,usage,web,nodes,redis,observe}
AUDIT_ROWS=${AUDIT_ROWS:-1000000}
AUDIT_PORT=${AUDIT_PORT:-3185}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
RUNS=${RUNS:-1}
N=${N:-100}
STARTS=${STARTS:-5}
QUIET_WAIT=${QUIET_WAIT:-120}
READY_TIMEOUT=${READY_TIMEOUT:-60}
BUILD_DIR=${BUILD_DIR:-build}
[[ $BUILD_DIR == /* ]] || BUILD_DIR=$ROOT/$BUILD_DIR
LATCHKEY=${LATCHKEY:-$BUILD_DIR/latchkey}
CEILING=${CEILING:-$BUILD_DIR/bench/ceiling}
HASHRATE=${HASHRATE:-$BUILD_DIR/bench/hashrate/hashrate}
PEER_DIR=${PEER_DIR:-$ROOT/../shared/peers/better-auth}
PEER=${PEER:-1}
PG=${PG:-peer}
LK_PORT=${LK_PORT:-3180}
PEER_PORT=${PEER_PORT:-3190}
CEILING_PORT=${CEILING_PORT:-3170}
PG_PORT=${PG_PORT:-55433}
PG_ROOT=${PG_ROOT:-/tmp/latchkey-bench-pg}
LK_PG_PORT=${LK_PG_PORT:-55434}
LK_PG_DIR=${LK_PG_DIR:-/tmp/latchkey-bench-test-pg-$LK_PG_PORT}
ARGON2_MEMORY_KIB=${ARGON2_MEMORY_KIB:-65536}
ARGON2_ITERATIONS=${ARGON2_ITERATIONS:-3}
KDF_THREADS=${KDF_THREADS:-$(nproc)}
# Sign-in keeps CONNS requests in flight; latchkey answers 503 beyond its KDF queue, so the
# queue must hold them all or wrk would measure 503s.
KDF_QUEUE=${KDF_QUEUE:-$((2 * CONNS))}
SIGNIN_TIMEOUT=10s
RESULTS=$ROOT/bench/results
OUT=${OUT:-$RESULTS/$(date +%Y%m%d-%H%M%S)}
LK_ORIGIN=http://127.0.0.1:$LK_PORT
PEER_ORIGIN=http://127.0.0.1:$PEER_PORT

# shellcheck source=lib/common.sh
source "$LIB/common.sh"
# shellcheck source=lib/wrk.sh
source "$LIB/wrk.sh"
# shellcheck source=lib/auth.sh
source "$LIB/auth.sh"
# shellcheck source=lib/servers.sh
source "$LIB/servers.sh"
# shellcheck source=lib/pg.sh
source "$LIB/pg.sh"
# shellcheck source=lib/report.sh
source "$LIB/report.sh"
# shellcheck source=lib/tokens.sh
source "$LIB/tokens.sh"
# shellcheck source=lib/flood.sh
source "$LIB/flood.sh"
# shellcheck source=lib/nodes.sh
source "$LIB/nodes.sh"
# shellcheck source=lib/usage.sh
source "$LIB/usage.sh"
# shellcheck source=lib/binding.sh
source "$LIB/binding.sh"
# shellcheck source=lib/observe.sh
source "$LIB/observe.sh"

# ---- checks, before anything starts ----------------------------------------------------
EARLY_WARNINGS=()  # preflight runs before $OUT exists: warned about once it does
preflight() {
  local part
  for part in ${ONLY//,/ }; do
    [[ $part =~ ^(ceiling|sqlite|pg|signin|rss|tokens|flood|binding|audit|usage|web|nodes|redis|observe|baseline)$ ]] ||
      die "ONLY: unknown part '$part' (ceiling,sqlite,pg,signin,rss,tokens,flood,binding,audit,usage,web,nodes,redis,observe,baseline)"
  done
  command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk (or scripts/install-deps.sh bench)"
  command -v curl >/dev/null || die "curl is missing: apt-get install curl"
  want flood && { command -v node >/dev/null || die "node is missing (the flood part's load generator)"; }
  want observe && { command -v node >/dev/null || die "node is missing (the observe part's OTLP sink)"; }
  if want sqlite || want pg || want signin || want rss || want tokens || want flood || want binding ||
    want audit || want usage || want baseline || want nodes || want redis ||
    want observe; then
    [[ -x $LATCHKEY ]] || die "latchkey binary missing: $LATCHKEY (make build, or set LATCHKEY=)"
  fi
  want baseline && { [[ -x ${BASELINE:-} ]] || die "the baseline part needs BASELINE=<a latchkey binary>"; }
  want ceiling && { [[ -x $CEILING ]] || die "ceiling binary missing: $CEILING (make build, or set CEILING=)"; }
  { want signin || want flood; } && { [[ -x $HASHRATE ]] || die "hashrate binary missing: $HASHRATE (bench/CMakeLists.txt needs add_subdirectory(hashrate); make build)"; }
  if [[ -f $BUILD_DIR/CMakeCache.txt ]] && ! grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$BUILD_DIR/CMakeCache.txt"; then
    EARLY_WARNINGS+=("$BUILD_DIR is not a Release build: the numbers are not representative")
  fi
  if [[ $PEER == 1 && ! -f $PEER_DIR/server.mjs ]]; then
    EARLY_WARNINGS+=("no Better Auth peer at $PEER_DIR: peer figures skipped (set PEER_DIR=)")
    PEER=0
  fi
  if [[ $PEER == 1 ]]; then
    command -v node >/dev/null || die "node is missing (needed for the peer; PEER=0 skips it)"
    [[ -d $PEER_DIR/node_modules ]] || (cd "$PEER_DIR" && npm ci --no-audit --no-fund) >&2 ||
      die "npm ci in $PEER_DIR failed"
  fi
  if { want pg || want nodes; } && [[ $PG == peer && $PEER == 0 ]]; then
    EARLY_WARNINGS+=("no peer: latchkey's PostgreSQL comes from scripts/test-postgres.sh (PG=test)")
    PG="test"
  fi
  want nodes && { command -v nginx >/dev/null || die "nginx is missing (the nodes part): apt-get install nginx-light"; }
  want redis && { command -v redis-server >/dev/null || die "redis-server is missing (the redis part): apt-get install redis-server"; }
  { want pg || want nodes; } && { command -v psql >/dev/null || die "psql is missing: apt-get install postgresql-client"; }
  [[ $PG =~ ^(peer|test)$ ]] || die "PG must be peer or test"
  ((RUNS >= 1 && N >= 1 && STARTS >= 1)) || die "RUNS, N and STARTS must be >= 1"
}

write_env() {
  local rev
  rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
  [[ -z $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]] || rev="$rev+dirty"
  {
    echo "# Setup"
    echo
    echo "- latchkey: $("$LATCHKEY" version 2>/dev/null | head -n 1 || echo "?"), commit $rev, $LATCHKEY"
    [[ $PEER == 1 ]] && echo "- peer: better-auth $(node -p "require('$PEER_DIR/node_modules/better-auth/package.json').version" 2>/dev/null || echo "?"), node $(node -v), NODE_ENV=production, $PEER_DIR"
    echo "- machine: $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
    echo "- wrk $(wrk -v 2>&1 | head -n 1 | awk '{ print $2 }'): -t$THREADS -c$CONNS -d$DURATION --latency (sign-in also --timeout $SIGNIN_TIMEOUT); $RUNS run(s) each; $N users signed up per server"
    echo "- latchkey: Argon2id m=$ARGON2_MEMORY_KIB KiB t=$ARGON2_ITERATIONS p=1, KDF threads $KDF_THREADS, KDF queue $KDF_QUEUE, log level warn"
    echo "- parts: $ONLY; PostgreSQL: PG=$PG"
    echo
    echo "LATCHKEY_* in the caller's environment (inherited by latchkey unless run.sh sets them):"
    echo
    env | grep '^LATCHKEY_' | sed 's/^LATCHKEY_SECRET=.*/LATCHKEY_SECRET=<redacted>/; s/^/    /' || echo "    (none)"
  } >"$OUT/env.md"
}

# ---- the parts -------------------------------------------------------------------------
part_ceiling() {
  log "== ceiling: bare Beast GET /"
  wait_quiet "ceiling start"
  start_ceiling
  local pid=$SERVER_PID
  run_wrk ceiling "ceiling GET /" "$pid" -- "http://127.0.0.1:$CEILING_PORT/"
  stop_pid "$pid"
}

# measure_auth SERVER PID BASE ORIGIN GET_SESSION(0|1) SIGN_IN(0|1)
# On a freshly started auth server (latchkey or the peer): signs up N users, checks a
# session cookie, runs the get-session and sign-in wrk measurements asked for, checks the
# cookie again, then records the idle RSS once the machine is quiet again.
measure_auth() {
  local server=$1 pid=$2 base=$3 origin=$4 gs=$5 si=$6
  wait_quiet "$server sign-ups"
  signup_users "$base" "$origin" "$OUT/signup-$server.txt"
  log "$server: $N sign-ups in ${SIGNUP_S}s"
  set_fig "signup_s.$server" "$SIGNUP_S"
  session_cookie "$base" "$origin" "$OUT/signin-headers-$server.txt"
  check_session "$base" "$COOKIE" "$OUT/session-before-$server.json"
  check_bad_cookie "$base" "$COOKIE" "$OUT/session-bad-cookie-$server.json"
  if ((gs)); then
    run_wrk "gs-$server" "get-session, $server" "$pid" -- -H "Cookie: $COOKIE" "$base/get-session"
  fi
  if ((si)); then
    export N ORIGIN=$origin # read by signin.lua
    run_wrk "si-$server" "sign-in, $server" "$pid" -- \
      --timeout "$SIGNIN_TIMEOUT" -s "$LIB/signin.lua" "$base/sign-in/email"
  fi
  check_session "$base" "$COOKIE" "$OUT/session-after-$server.json"
  wait_quiet "$server idle RSS"
  set_fig "rss_after_kb.$server" "$(status_kb "$pid" VmRSS)"
  set_fig "hwm_kb.$server" "$(status_kb "$pid" VmHWM)"
  log "$server after the runs: RSS $(fig "rss_after_kb.$server") kB, peak $(fig "hwm_kb.$server") kB"
}

part_hashrate() {
  local secs
  secs=$(duration_s "$DURATION")
  log "== raw Argon2id: $KDF_THREADS threads, m=$ARGON2_MEMORY_KIB t=$ARGON2_ITERATIONS, ${secs}s"
  wait_quiet hashrate
  "$HASHRATE" --threads "$KDF_THREADS" --seconds "$secs" --memory-kib "$ARGON2_MEMORY_KIB" \
    --iterations "$ARGON2_ITERATIONS" --mode verify | tee "$OUT/hashrate.txt" >&2 || die "hashrate failed"
  set_fig hashrate_ops_per_s "$(sed -n 's/.*ops_per_s=\([0-9.]*\).*/\1/p' "$OUT/hashrate.txt")"
}

# sqlite + signin: latchkey on SQLite and the peer in memory, one process each.
part_sqlite_signin() {
  local gs=0 si=0 pid
  want sqlite && gs=1
  want signin && si=1
  log "== latchkey on SQLite$( ((gs)) && echo ", get-session")$( ((si)) && echo ", sign-in")"
  mkdir -p "$WORK/sqlite"
  wait_quiet "latchkey sqlite start"
  start_latchkey sqlite "sqlite:$WORK/sqlite/auth.db"
  pid=$SERVER_PID
  record_start lk-sqlite cold "$pid" "$STARTUP_MS"
  measure_auth lk-sqlite "$pid" "$LK_ORIGIN/api/auth" "$LK_ORIGIN" "$gs" "$si"
  stop_pid "$pid"
  if ((si)); then part_hashrate; fi
  if [[ $PEER == 1 ]]; then
    log "== peer, DB=memory"
    wait_quiet "peer memory start"
    start_peer memory
    pid=$SERVER_PID
    record_start peer-memory start "$pid" "$STARTUP_MS"
    measure_auth peer-memory "$pid" "$PEER_ORIGIN/api/auth" "$PEER_ORIGIN" "$gs" "$si"
    stop_pid "$pid"
  fi
}

part_pg() {
  local pid
  pg_setup
  {
    echo
    echo "PostgreSQL used by latchkey ($LK_PG_URL):"
    echo
    pg_describe "$LK_PG_URL"
    if [[ $PEER == 1 ]]; then
      echo
      echo "PostgreSQL used by the peer ($PEER_PG_URL):"
      echo
      pg_describe "$PEER_PG_URL"
    fi
  } >>"$OUT/env.md"
  log "== latchkey on PostgreSQL, get-session"
  PG_PM_PID=$(pg_postmaster_pid "$LK_PG_URL")
  wait_quiet "latchkey pg start"
  start_latchkey pg "$LK_PG_URL"
  pid=$SERVER_PID
  record_start lk-pg cold "$pid" "$STARTUP_MS"
  measure_auth lk-pg "$pid" "$LK_ORIGIN/api/auth" "$LK_ORIGIN" 1 0
  stop_pid "$pid"
  if [[ $PEER == 1 ]]; then
    log "== peer, DB=pg, get-session"
    peer_migrate
    PG_PM_PID=$(pg_postmaster_pid "$PEER_PG_URL")
    wait_quiet "peer pg start"
    start_peer pg "$PEER_PG_URL"
    pid=$SERVER_PID
    record_start peer-pg start "$pid" "$STARTUP_MS"
    measure_auth peer-pg "$pid" "$PEER_ORIGIN/api/auth" "$PEER_ORIGIN" 1 0
    stop_pid "$pid"
  fi
  PG_PM_PID=
}

# rss: start → first 200 and idle RSS, STARTS times per server. latchkey: one start on an
# empty SQLite file (cold: runs the migrations), then STARTS on the migrated file (warm).
part_starts() {
  local i pid
  log "== start time and idle RSS, $STARTS starts each"
  mkdir -p "$WORK/starts"
  for ((i = 0; i <= STARTS; i++)); do
    wait_quiet "latchkey start $i"
    # Production pool sizes: the deep KDF queue of the sign-in part would add workers
    # (and, through database_pool_size = workers, SQLite connections) to the idle RSS.
    start_latchkey starts "sqlite:$WORK/starts/auth.db" LATCHKEY_WORKER_THREADS=0 LATCHKEY_KDF_QUEUE=0
    pid=$SERVER_PID
    record_start lk-sqlite "$( ((i == 0)) && echo cold || echo warm)" "$pid" "$STARTUP_MS"
    stop_pid "$pid"
  done
  if [[ $PEER == 1 ]]; then
    for ((i = 1; i <= STARTS; i++)); do
      wait_quiet "peer start $i"
      start_peer memory
      pid=$SERVER_PID
      record_start peer-memory start "$pid" "$STARTUP_MS"
      stop_pid "$pid"
    done
  fi
}

# baseline: this build and BASELINE side by side on SQLite, each started fresh for every run
# and alternating (now, base, now, base, …), so that drift of the machine hits both alike.
part_baseline() {
  local run who bin pid runs=$RUNS
  RUNS=1  # run_wrk's own repetition; the alternation below repeats instead
  for ((run = 1; run <= runs; run++)); do
    for who in now base; do
      bin=$LATCHKEY
      [[ $who == base ]] && bin=$BASELINE
      log "== baseline part, run $run: latchkey $who ($bin)"
      rm -rf "$WORK/baseline"
      mkdir -p "$WORK/baseline"
      wait_quiet "latchkey $who start"
      LATCHKEY=$bin start_latchkey "baseline-$who" "sqlite:$WORK/baseline/auth.db"
      pid=$SERVER_PID
      signup_users "$LK_ORIGIN/api/auth" "$LK_ORIGIN" "$OUT/signup-baseline-$who-$run.txt"
      session_cookie "$LK_ORIGIN/api/auth" "$LK_ORIGIN" "$OUT/signin-headers-baseline-$who.txt"
      check_session "$LK_ORIGIN/api/auth" "$COOKIE" "$OUT/session-baseline-$who-$run.json"
      run_wrk "gs-$who" "get-session, latchkey $who" "$pid" -- -H "Cookie: $COOKIE" \
        "$LK_ORIGIN/api/auth/get-session"
      run_wrk "token-$who" "GET /token, latchkey $who" "$pid" -- -H "Cookie: $COOKIE" \
        "$LK_ORIGIN/api/auth/token"
      stop_pid "$pid"
    done
  done
  RUNS=$runs
}

# The streamed audit export's memory: the figures bench/audit_export.sh prints.
part_audit() {
  log "== audit part: export of $AUDIT_ROWS rows"
  wait_quiet "audit export"
  ROWS=$AUDIT_ROWS PORT=$AUDIT_PORT LATCHKEY=$LATCHKEY "$ROOT/bench/audit_export.sh" |
    tee "$OUT/audit-export.txt"
}

# What the sign-in page loads: the embedded build's files (the server serves them byte for
# byte), raw and gzip -9. The script's compressed size is held to 60 kB (docs/web.md).
part_web() {
  log "== web part: the sign-in page's bytes"
  local dist=$BUILD_DIR/src/features/web_ui/dist f raw gz
  [[ -f $dist/assets/app.js ]] || die "$dist/assets/app.js is missing: make build first"
  {
    printf 'file\traw_bytes\tgzip_bytes\n'
    # charts.js is the admin dashboard's chunk: listed, but the sign-in page never loads it.
    for f in index.html assets/app.js assets/app.css assets/charts.js; do
      raw=$(wc -c <"$dist/$f")
      gz=$(gzip -9c "$dist/$f" | wc -c)
      printf '%s\t%s\t%s\n' "$f" "$raw" "$gz"
    done
  } | tee "$OUT/web-sizes.tsv"
  gz=$(gzip -9c "$dist/assets/app.js" | wc -c)
  log "sign-in page JavaScript: $gz bytes gzip (budget 61440): $(awk -v g="$gz" 'BEGIN{printf "%.2f", g/61440}') of the budget"
}

# ---- main --------------------------------------------------------------------------------
preflight
bench_init
WORK=$(mktemp -d "${TMPDIR:-/tmp}/latchkey-bench.XXXXXX")
on_exit "rm -rf '$WORK'"
printf '%s\n' "$RUNS_TSV_HEADER" >"$OUT/runs.tsv"
: >"$OUT/figures.tsv"
printf 'server\tkind\tstartup_ms\tidle_rss_kb\n' >"$OUT/starts.tsv"
write_env
log "results in $OUT"
for w in "${EARLY_WARNINGS[@]}"; do warn "$w"; done
[[ $(dirname "$OUT") != "$RESULTS" ]] || ln -sfn "$(basename "$OUT")" "$RESULTS/latest"

want ceiling && part_ceiling
{ want sqlite || want signin; } && part_sqlite_signin
want pg && part_pg
want rss && part_starts
want tokens && part_tokens
want flood && part_flood
want binding && part_binding
want audit && part_audit
want nodes && part_nodes
want redis && part_redis
want usage && part_usage
want web && part_web
want baseline && part_baseline
want observe && part_observe

write_summary
echo
cat "$OUT/summary.md"

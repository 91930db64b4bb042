# shellcheck shell=bash
# Shared helpers for bench/run.sh: logging, clocks, /proc readings, the quiet-machine
# wait, a fork-free HTTP probe, and a registry of what to undo on exit.
# Sourced, not run. Expects OUT (results dir) to be set before bench_init.

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# warn: logged, and listed in the summary (from $OUT/warnings.log).
warn() { log "WARNING: $*"; echo "$(date +%H:%M:%S) $*" >>"$OUT/warnings.log"; }

# Microseconds since the epoch, without forking (bash 5 $EPOCHREALTIME).
now_us() { local t=$EPOCHREALTIME; echo "${t//[.,]/}"; }
# Milliseconds (one decimal) between two now_us readings.
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

# want PART: is PART in the comma list $ONLY?
want() { [[ ",$ONLY," == *",$1,"* ]]; }

# wrk duration ("10s", "1m", "30") in seconds, for the things that are not wrk.
duration_s() {
  local d=$1
  case $d in
    *ms) echo 1 ;;
    *s) echo "${d%s}" ;;
    *m) echo $((${d%m} * 60)) ;;
    *h) echo $((${d%h} * 3600)) ;;
    *) echo "$d" ;;
  esac
}

# ---- /proc ------------------------------------------------------------------------------
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null; }  # PID FIELD
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }      # all threads of PID
child_ticks() { awk '{ print $16 + $17 }' "/proc/$$/stat"; }  # reaped children of this shell (wrk)
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }        # whole machine
TICKS=$(getconf CLK_TCK)
# cpu_pct TICKS MICROSECONDS: CPU used, in % of one core (200 = both cores of a 2-core box).
# Clamped at 0: "other" is a difference of counters read at slightly different times.
cpu_pct() { awk -v c="$1" -v hz="$TICKS" -v us="$2" 'BEGIN { p = 100 * c / hz / (us / 1e6); printf "%.0f", p < 0 ? 0 : p }'; }

# ---- quiet machine ----------------------------------------------------------------------
# This machine is shared: before each measurement wait (QUIET_WAIT s at most) until the
# whole machine used under ~10% of one core for a second (the peer's bench.sh rule). The
# time waited is logged; when it never gets quiet we measure anyway and say so (the
# per-run "other CPU %" column then shows how much the rest of the machine took).
wait_quiet() {
  local i b0 b1
  ((QUIET_WAIT > 0)) || return 0
  for ((i = 0; i < QUIET_WAIT; i++)); do
    b0=$(busy_ticks)
    sleep 1
    b1=$(busy_ticks)
    if ((b1 - b0 <= TICKS / 10)); then
      ((i == 0)) || log "machine quiet after ${i}s"
      return 0
    fi
  done
  warn "machine still busy after ${QUIET_WAIT}s before: ${1:-?}; measured anyway (see other CPU %)"
}

# ---- fork-free HTTP probe and millisecond sleep -------------------------------------------
# A FIFO we hold open read-write never delivers data, so `read -t` on it is a sleep that
# needs no fork (an external `sleep 0.001` costs about as much as it waits).
sleep_1ms() { read -r -t 0.001 -u "$SLEEP_FD" || true; }

# http_ok PORT PATH: 0 iff GET http://127.0.0.1:PORT/PATH answers 200. Pure bash (/dev/tcp),
# so polling it every millisecond costs ~0.1 ms per try, not a curl process.
http_ok() {
  local port=$1 path=$2 fd line
  { exec {fd}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  { printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" 1>&"$fd"; } 2>/dev/null
  IFS= read -r -t 5 -u "$fd" line || line=
  exec {fd}>&-
  [[ $line == "HTTP/1."[01]" 200"* ]]
}

# port_free PORT: nothing listens on 127.0.0.1:PORT (else our readiness poll would be
# answered by someone else's server).
port_free() {
  local fd
  if { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null; then
    exec {fd}>&-
    return 1
  fi
  return 0
}

# ---- processes and cleanup ----------------------------------------------------------------
# start_server NAME PORT READY_PATH LOG DIR -- ENV=VAL... -- CMD ARGS...
# Starts CMD (in DIR, with the extra environment) in the background, polls READY_PATH every
# millisecond until it answers 200, and sets SERVER_PID and STARTUP_MS (process start →
# first 200, ms with one decimal). Dies with the server log if the process exits or is not
# ready within READY_TIMEOUT s. Never call it inside $( ): the server must be our child.
start_server() {
  local name=$1 port=$2 path=$3 logf=$4 dir=$5 t0 deadline envs=()
  shift 5
  [[ $1 == -- ]] || die "start_server: usage"
  shift
  while [[ $1 != -- ]]; do envs+=("$1"); shift; done
  shift
  port_free "$port" || die "port $port is already in use (set the *_PORT knobs)"
  t0=$(now_us)
  # One fork + one exec, as a plain `cmd &` would cost; no env(1) in the timed path.
  (
    cd "$dir" || exit 1
    ((${#envs[@]} == 0)) || export "${envs[@]}"
    exec "$@"
  ) </dev/null >"$logf" 2>&1 &
  SERVER_PID=$!
  track_pid "$SERVER_PID"
  deadline=$((t0 + READY_TIMEOUT * 1000000))
  until http_ok "$port" "$path"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      tail -n 30 "$logf" >&2
      die "$name exited before answering $path (log: $logf)"
    fi
    if (($(now_us) > deadline)); then
      tail -n 30 "$logf" >&2
      die "$name not ready on :$port$path after ${READY_TIMEOUT}s (log: $logf)"
    fi
    sleep_1ms
  done
  STARTUP_MS=$(ms_between "$t0" "$(now_us)")
}

# PIDs we started and have not stopped yet, and shell commands to run at exit (stopping
# PostgreSQL clusters we started), newest first.
TRACKED_PIDS=()
EXIT_CMDS=()
track_pid() { TRACKED_PIDS+=("$1"); }
on_exit() { EXIT_CMDS=("$1" "${EXIT_CMDS[@]}"); }

untrack_pid() {
  local i kept=()
  for i in "${TRACKED_PIDS[@]}"; do [[ $i == "$1" ]] || kept+=("$i"); done
  TRACKED_PIDS=("${kept[@]}")
}

# stop_pid PID: SIGTERM, up to 10 s grace, then SIGKILL; reaps it. Only our own PIDs.
stop_pid() {
  local pid=$1 i
  untrack_pid "$pid"
  kill -TERM "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid ignored SIGTERM for 10 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local rc=$? pid cmd
  trap - EXIT INT TERM
  set +e
  for pid in "${TRACKED_PIDS[@]}"; do stop_pid "$pid"; done
  for cmd in "${EXIT_CMDS[@]}"; do eval "$cmd"; done
  [[ -n ${SLEEP_FIFO:-} ]] && rm -f "$SLEEP_FIFO"
  exit "$rc"
}

bench_init() {
  mkdir -p "$OUT"
  SLEEP_FIFO=$(mktemp -u "${TMPDIR:-/tmp}/latchkey-bench-sleep.XXXXXX")
  mkfifo "$SLEEP_FIFO"
  exec {SLEEP_FD}<>"$SLEEP_FIFO"
  # Say which command made set -e stop the script. -E: functions inherit the trap; it also
  # reaches $( ) subshells, whose tolerated failures (`$(cmd || echo ?)`) are not ours to report.
  set -E
  trap '[[ $BASHPID != "$$" ]] || log "ERROR: command failed (line $LINENO): $BASH_COMMAND"' ERR
  trap bench_cleanup EXIT
  trap 'log "interrupted"; exit 130' INT TERM
}

#!/usr/bin/env bash
# A private, throwaway PostgreSQL 15 for the store tests (and later the
# multi-node e2e tests). It listens on 127.0.0.1 only, trusts loopback, runs
# with fsync off (never use its data for anything real), and keeps everything
# under one directory.
#
#   scripts/test-postgres.sh start          # idempotent; last line is the URL
#   scripts/test-postgres.sh stop
#   scripts/test-postgres.sh status
#   scripts/test-postgres.sh url            # the URL of latchkey_test
#   scripts/test-postgres.sh reset-db NAME  # drop + create NAME; prints its URL
#   scripts/test-postgres.sh destroy        # stop and delete the directory
#
# Environment: LK_PG_PORT (default 55432), LK_PG_DIR (default /tmp/latchkey-pg).
# Typical use:
#   export LK_TEST_POSTGRES_URL="$(scripts/test-postgres.sh start | tail -n1)"
#   ctest --test-dir build -R store_postgres
set -euo pipefail

PORT="${LK_PG_PORT:-55432}"
ROOT="${LK_PG_DIR:-/tmp/latchkey-pg}"
DATA="$ROOT/data"
SOCKETS="$ROOT/sockets"
LOG="$ROOT/postgres.log"
BIN=/usr/lib/postgresql/15/bin
DB=latchkey_test
SUPERUSER=postgres

log() { echo "test-postgres: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# Server binaries refuse to run as root; as root we become the postgres user.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Hands paths to the postgres user when we run as root.
give_to_owner() {
  if [[ "$(id -u)" == 0 ]]; then chown postgres:postgres "$@"; fi
}

psql_admin() {
  PGOPTIONS="-c client_min_messages=warning" "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(running_port)" -U "$SUPERUSER" \
    -d postgres "$@"
}

ensure_installed() {
  [[ -x "$BIN/pg_ctl" ]] && return
  [[ "$(id -u)" == 0 ]] || die "PostgreSQL 15 is missing; install it with: apt-get install postgresql"
  log "installing postgresql (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  [[ -x "$BIN/pg_ctl" ]] || die "postgresql installed but $BIN/pg_ctl is missing"
}

# The postmaster's pid if it is alive and really a postgres process (a pid
# file left by a killed server or a rebooted machine may name a reused pid,
# or a zombie nobody reaped).
live_pid() {
  local pid
  [[ -f "$DATA/postmaster.pid" ]] || return 1
  pid="$(head -n1 "$DATA/postmaster.pid" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" == postgres ]] || return 1
  grep -q '^State:[[:space:]]*[ZX]' "/proc/$pid/status" 2>/dev/null && return 1
  echo "$pid"
}

# The port the running server listens on (line 4 of postmaster.pid).
running_port() {
  if live_pid >/dev/null; then
    sed -n 4p "$DATA/postmaster.pid"
  else
    echo "$PORT"
  fi
}

url_for() { echo "postgres://$SUPERUSER@127.0.0.1:$(running_port)/$1"; }

clear_stale_files() {
  if [[ -f "$DATA/postmaster.pid" ]] && ! live_pid >/dev/null; then
    log "removing stale $DATA/postmaster.pid"
    rm -f "$DATA/postmaster.pid"
  fi
  rm -f "$SOCKETS"/.s.PGSQL.*.lock 2>/dev/null || true
}

init_cluster() {
  [[ -f "$DATA/PG_VERSION" ]] && return
  log "creating a cluster in $DATA"
  mkdir -p "$ROOT" "$SOCKETS"
  give_to_owner "$ROOT" "$SOCKETS"
  as_owner "$BIN/initdb" -D "$DATA" -U "$SUPERUSER" --auth=trust --encoding=UTF8 --no-locale \
    --no-sync >"$ROOT/initdb.log" 2>&1 || die "initdb failed; see $ROOT/initdb.log"
  as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<'EOF'
# test-postgres.sh: throwaway test server. Durability is traded for speed.
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
log_min_messages = warning
EOF
  as_owner tee "$DATA/pg_hba.conf" >/dev/null <<'EOF'
# test-postgres.sh: trust the local socket and loopback only.
local all all trust
host all all 127.0.0.1/32 trust
host all all ::1/128 trust
EOF
}

wait_ready() {
  local port="$1"
  for _ in $(seq 1 120); do
    if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$SUPERUSER"; then return 0; fi
    sleep 0.25
  done
  die "server did not become ready on port $port; see $LOG"
}

create_db_if_missing() {
  local name="$1"
  if [[ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]]; then
    psql_admin -c "CREATE DATABASE \"$name\""
  fi
}

cmd_start() {
  ensure_installed
  init_cluster
  if live_pid >/dev/null; then
    log "already running (pid $(live_pid), port $(running_port))"
  else
    clear_stale_files
    mkdir -p "$SOCKETS"
    touch "$LOG"
    give_to_owner "$SOCKETS" "$LOG"
    log "starting on 127.0.0.1:$PORT (log: $LOG)"
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$SOCKETS" \
      start >&2 || die "pg_ctl start failed; see $LOG"
  fi
  wait_ready "$(running_port)"
  create_db_if_missing "$DB"
  url_for "$DB"
}

cmd_stop() {
  if live_pid >/dev/null; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >&2
  else
    log "not running"
  fi
  clear_stale_files
}

cmd_status() {
  if live_pid >/dev/null && "$BIN/pg_isready" -q -h 127.0.0.1 -p "$(running_port)"; then
    log "running (pid $(live_pid)): $(url_for "$DB")"
  else
    log "not running"
    return 3
  fi
}

cmd_reset_db() {
  local name="${1:-}"
  [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || die "reset-db needs a plain database name"
  [[ "$name" != postgres && "$name" != template0 && "$name" != template1 ]] ||
    die "refusing to reset $name"
  live_pid >/dev/null || die "not running; run: $0 start"
  psql_admin -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)"
  psql_admin -c "CREATE DATABASE \"$name\""
  url_for "$name"
}

cmd_destroy() {
  cmd_stop
  log "deleting $ROOT"
  rm -rf "$ROOT"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) url_for "$DB" ;;
  reset-db) cmd_reset_db "${2:-}" ;;
  destroy) cmd_destroy ;;
  *)
    echo "usage: $0 start|stop|status|url|reset-db NAME|destroy" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# A private, throwaway redis-server for the Redis tests (the store/redis and
# abuse unit tests, the multi-node e2e test). It listens on 127.0.0.1 only,
# keeps nothing on disk, and lives under one directory.
#
#   scripts/test-redis.sh start     # idempotent; last line is the URL
#   scripts/test-redis.sh stop
#   scripts/test-redis.sh status
#   scripts/test-redis.sh url
#
# Environment: LK_REDIS_PORT (default: a free loopback port, remembered in the
# directory), LK_REDIS_DIR (default /tmp/latchkey-redis).
# Typical use:
#   export LK_TEST_REDIS_URL="$(scripts/test-redis.sh start | tail -n1)"
#   build/src/store/store_redis_test
set -euo pipefail

ROOT="${LK_REDIS_DIR:-/tmp/latchkey-redis}"
PIDFILE="$ROOT/redis.pid"
PORTFILE="$ROOT/port"
LOG="$ROOT/redis.log"

log() { echo "test-redis: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

ensure_installed() {
  command -v redis-server >/dev/null && return
  [[ "$(id -u)" == 0 ]] || die "redis-server is missing; install it with: apt-get install redis-server"
  log "installing redis-server (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends redis-server >&2
}

live_pid() {
  local pid
  [[ -f $PIDFILE ]] || return 1
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" == redis-server ]] || return 1
  echo "$pid"
}

# A port nobody listens on (the kernel picks it, then we release it).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port() {
  if [[ -n ${LK_REDIS_PORT:-} ]]; then
    echo "$LK_REDIS_PORT"
  elif [[ -f $PORTFILE ]]; then
    cat "$PORTFILE"
  else
    free_port | tee "$PORTFILE"
  fi
}

url() { echo "redis://127.0.0.1:$(port)/0"; }

cmd_start() {
  ensure_installed
  mkdir -p "$ROOT"
  if live_pid >/dev/null; then
    log "already running (pid $(live_pid), port $(port))"
  else
    local p
    p="$(port)"
    log "starting on 127.0.0.1:$p (log: $LOG)"
    # No persistence: a restart (the fallback tests) comes back empty, as
    # a real failover to a fresh replica may.
    redis-server --bind 127.0.0.1 --port "$p" --daemonize yes --pidfile "$PIDFILE" \
      --logfile "$LOG" --dir "$ROOT" --save '' --appendonly no --protected-mode yes \
      >/dev/null || die "redis-server failed; see $LOG"
  fi
  for _ in $(seq 1 100); do
    if redis-cli -h 127.0.0.1 -p "$(port)" ping 2>/dev/null | grep -q PONG; then
      url
      return
    fi
    sleep 0.05
  done
  die "redis-server did not answer on port $(port); see $LOG"
}

cmd_stop() {
  local pid
  if pid="$(live_pid)"; then
    kill "$pid"
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
  else
    log "not running"
  fi
  rm -f "$PIDFILE"
}

cmd_status() {
  if live_pid >/dev/null; then
    log "running (pid $(live_pid)): $(url)"
  else
    log "not running"
    return 3
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) url ;;
  *)
    echo "usage: $0 start|stop|status|url" >&2
    exit 2
    ;;
esac

# shellcheck shell=bash
# PostgreSQL for the pg phase. Sourced by bench/run.sh after common.sh.
#
# PG=peer (default): one private cluster made by the peer's start-pg.sh (Debian's
#   PostgreSQL, default configuration, fsync on: what the peer's RESULTS.md used), data in
#   $PG_ROOT, on 127.0.0.1:$PG_PORT. Both servers use it (never at the same time), each
#   with its own freshly recreated database: latchkey_bench and betterauth_bench.
# PG=test: latchkey's database on the cluster scripts/test-postgres.sh starts (port
#   $LK_PG_PORT, data in $LK_PG_DIR); the peer stays on the cluster above. The two
#   clusters' settings may differ: both are written to env.md.
# A cluster this script started is stopped on exit; one that was already up is left alone.

# peer_pg DATABASE [start-pg.sh args]: the peer's start-pg.sh on our private cluster.
peer_pg() { PGROOT=$PG_ROOT PGPORT=$PG_PORT PGDATABASE=$1 "$PEER_DIR/start-pg.sh" "${@:2}"; }

# pg_setup: starts what is needed, recreates the databases empty, sets LK_PG_URL and (with
# the peer) PEER_PG_URL.
pg_setup() {
  if [[ $PEER == 1 || $PG == peer ]]; then
    if port_free "$PG_PORT"; then
      on_exit "PGROOT='$PG_ROOT' PGPORT='$PG_PORT' '$PEER_DIR/start-pg.sh' stop >/dev/null 2>&1"
    fi
    log "PostgreSQL (peer's start-pg.sh) on 127.0.0.1:$PG_PORT, data in $PG_ROOT"
    peer_pg betterauth_bench reset >>"$OUT/postgres-setup.log" 2>&1 ||
      die "could not start PostgreSQL with $PEER_DIR/start-pg.sh (see $OUT/postgres-setup.log)"
    PEER_PG_URL=postgres://postgres@127.0.0.1:$PG_PORT/betterauth_bench
  fi
  if [[ $PG == peer ]]; then
    peer_pg latchkey_bench reset >>"$OUT/postgres-setup.log" 2>&1 || die "could not recreate latchkey_bench"
    LK_PG_URL=postgres://postgres@127.0.0.1:$PG_PORT/latchkey_bench
  else
    local tp=$ROOT/scripts/test-postgres.sh url base query
    [[ -x $tp ]] || die "PG=test needs $tp"
    export LK_PG_PORT LK_PG_DIR
    if port_free "$LK_PG_PORT"; then
      on_exit "LK_PG_PORT='$LK_PG_PORT' LK_PG_DIR='$LK_PG_DIR' '$tp' stop >/dev/null 2>&1"
    fi
    log "PostgreSQL (scripts/test-postgres.sh) on 127.0.0.1:$LK_PG_PORT"
    url=$("$tp" start 2>>"$OUT/postgres-setup.log" | tail -n 1) || die "scripts/test-postgres.sh start failed"
    [[ $url == postgres* ]] || die "scripts/test-postgres.sh start printed no URL (got: $url)"
    # reset-db prints the database's URL; derive it from start's URL if it does not.
    LK_PG_URL=$("$tp" reset-db latchkey_bench 2>>"$OUT/postgres-setup.log" | tail -n 1) ||
      die "scripts/test-postgres.sh reset-db latchkey_bench failed"
    if [[ $LK_PG_URL != postgres* ]]; then
      base=${url%%\?*}
      query=${url#"$base"}
      LK_PG_URL=${base%/*}/latchkey_bench$query
    fi
  fi
}

# pg_postmaster_pid URL: the PID of the cluster's postmaster (for its CPU accounting).
pg_postmaster_pid() {
  local dir
  dir=$(psql "$1" -qAt -c 'SHOW data_directory' 2>/dev/null) || return 0
  head -n 1 "$dir/postmaster.pid" 2>/dev/null || true
}

# pg_describe URL: server version and the settings that matter for a comparison.
pg_describe() {
  psql "$1" -qAt -c "SELECT name || ' = ' || setting || coalesce(' ' || unit, '') FROM pg_settings
    WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes',
                   'shared_buffers', 'max_connections', 'wal_level', 'data_directory')
    ORDER BY name" 2>&1 | sed 's/^/    /'
}

# peer_migrate: Better Auth's own migrator creates the peer's schema (what its bench.sh runs).
peer_migrate() {
  (cd "$PEER_DIR" && DB=pg DATABASE_URL=$PEER_PG_URL node migrate.mjs) >>"$OUT/postgres-setup.log" 2>&1 ||
    die "peer migrate.mjs failed (see $OUT/postgres-setup.log)"
}

# shellcheck shell=bash
# part_nodes and part_redis (issue 18, several nodes; docs/deploy.md "What scales how far"):
#   nodes  get-session and sign-in through Debian's nginx running deploy/nginx/latchkey.conf,
#          first with one latchkey node behind it, then with two, both on one PostgreSQL
#          (the pg part's cluster), in the same run: the two-node / one-node ratio.
#   redis  GET /api/auth/ok with rate limiting on (a rule that never refuses), the limiter's
#          counters in this process vs in Redis (a private redis-server), in the same run:
#          the Redis round trip's cost per rate-limited request.
# Sourced by bench/run.sh after common.sh, wrk.sh, auth.sh, servers.sh, pg.sh and report.sh.

NGINX_PORT=${NGINX_PORT:-3187}
NGINX_ORIGIN=http://127.0.0.1:$NGINX_PORT

# nginx_start PORT...: nginx on $NGINX_PORT with deploy/nginx/latchkey.conf, its upstream
# replaced by the given latchkey ports (as tests/e2e/lib/nginx.js does); sets NGINX_PID.
nginx_start() {
  local dir=$WORK/nginx servers="" p
  rm -rf "$dir"
  mkdir -p "$dir"
  chmod 777 "$dir"  # nginx workers (nobody) write their temp files here
  for p in "$@"; do servers+="server 127.0.0.1:$p max_fails=1 fail_timeout=5s;\n    "; done
  sed -e '/^ *server 127\.0\.0\.1:300[0-9]/d' -e "s/keepalive 32;/${servers}keepalive 32;/" \
    -e "s/listen 127\.0\.0\.1:8080;/listen 127.0.0.1:$NGINX_PORT;/" \
    "$ROOT/deploy/nginx/latchkey.conf" >"$dir/latchkey.conf"
  # One worker per core, as Debian's nginx.conf has it (auto).
  cat >"$dir/nginx.conf" <<EOF
daemon off; worker_processes auto; pid $dir/nginx.pid; error_log $dir/error.log warn;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path $dir/client_body; proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  include $dir/latchkey.conf; }
EOF
  start_server "nginx ($# node(s))" "$NGINX_PORT" /healthz "$OUT/nginx-$#.log" "$dir" -- -- \
    nginx -p "$dir" -c "$dir/nginx.conf"
  NGINX_PID=$SERVER_PID
}

# node_start N: latchkey node N (1, 2) on port LK_PORT + N - 1, on $LK_PG_URL, trusting
# nginx for X-Forwarded-For, base_url = nginx's origin (what the browser sees); sets NODE_PID.
node_start() {
  local n=$1 port=$((LK_PORT + $1 - 1))
  LK_PORT=$port LK_ORIGIN=http://127.0.0.1:$port start_latchkey "node$n" "$LK_PG_URL" \
    LATCHKEY_BASE_URL="$NGINX_ORIGIN" LATCHKEY_TRUSTED_PROXIES=127.0.0.1/32
  NODE_PID=$SERVER_PID
}

# nodes_measure K: get-session and sign-in through nginx with K node(s) behind it. The
# server CPU column is node 1's; nginx and node 2 fall in "other".
nodes_measure() {
  local k=$1 base=$NGINX_ORIGIN/api/auth
  check_session "$base" "$COOKIE" "$OUT/session-nodes$k.json"
  run_wrk "gs-nodes$k" "get-session via nginx, $k node(s)" "$NODE1_PID" -- -H "Cookie: $COOKIE" "$base/get-session"
  export N ORIGIN=$NGINX_ORIGIN # read by signin.lua
  run_wrk "si-nodes$k" "sign-in via nginx, $k node(s)" "$NODE1_PID" -- \
    --timeout "$SIGNIN_TIMEOUT" -s "$LIB/signin.lua" "$base/sign-in/email"
  check_session "$base" "$COOKIE" "$OUT/session-nodes$k-after.json"
}

part_nodes() {
  local node2
  command -v nginx >/dev/null || die "the nodes part needs nginx: apt-get install nginx-light"
  pg_setup
  log "== nodes: get-session and sign-in through nginx, one node then two (PostgreSQL $LK_PG_URL)"
  PG_PM_PID=$(pg_postmaster_pid "$LK_PG_URL")
  wait_quiet "nodes start"
  node_start 1
  NODE1_PID=$NODE_PID
  nginx_start "$LK_PORT"
  signup_users "$NGINX_ORIGIN/api/auth" "$NGINX_ORIGIN" "$OUT/signup-nodes.txt"
  session_cookie "$NGINX_ORIGIN/api/auth" "$NGINX_ORIGIN" "$OUT/signin-headers-nodes.txt"
  nodes_measure 1
  stop_pid "$NGINX_PID"
  node_start 2
  node2=$NODE_PID
  nginx_start "$LK_PORT" "$((LK_PORT + 1))"
  nodes_measure 2
  stop_pid "$NGINX_PID"
  stop_pid "$node2"
  stop_pid "$NODE1_PID"
  PG_PM_PID=
}

part_redis() {
  local tr=$ROOT/scripts/test-redis.sh url pid which extra
  command -v redis-server >/dev/null || die "the redis part needs redis-server: apt-get install redis-server"
  export LK_REDIS_DIR=$WORK/redis
  url=$("$tr" start 2>>"$OUT/redis-setup.log" | tail -n 1) || die "scripts/test-redis.sh start failed"
  on_exit "LK_REDIS_DIR='$LK_REDIS_DIR' '$tr' stop >/dev/null 2>&1"
  log "== redis: GET /ok rate-limited, counters in the process vs in Redis ($url)"
  mkdir -p "$WORK/redis-db"
  # redis: the default redis_pool_size (4); redis-wide: one Redis connection per wrk connection.
  for which in memory redis redis-wide; do
    wait_quiet "latchkey redis-$which start"
    extra=()
    [[ $which == redis* ]] && extra=(LATCHKEY_REDIS_URL="$url")
    [[ $which == redis-wide ]] && extra+=(LATCHKEY_REDIS_POOL_SIZE="$CONNS")
    # A rule no run reaches: every request is decided, none refused.
    start_latchkey "limit-$which" "sqlite:$WORK/redis-db/$which.db" LATCHKEY_RATE_LIMIT=on \
      LATCHKEY_RATE_LIMIT_RULES='*=1000000/1s' "${extra[@]}"
    pid=$SERVER_PID
    run_wrk "ok-limit-$which" "GET /ok rate-limited, counters in $which" "$pid" -- "$LK_ORIGIN/api/auth/ok"
    stop_pid "$pid"
  done
}

# nodes_rows: the issue-18 lines of the summary's figure table.
nodes_rows() {
  local one two r id what
  for id in gs si; do
    one=$(med "$id-nodes1" 4)
    two=$(med "$id-nodes2" 4)
    [[ -n $one ]] || continue
    what=$([[ $id == gs ]] && echo get-session || echo sign-in)
    r=$(ratio "$two" "$one")
    printf '| %s via nginx: two nodes / one (one machine of %s cores) | %s (%s vs %s req/s) | context | |\n' \
      "$what" "$(nproc)" "$(num "$r" '%.2f×')" "$(num "$two" '%.1f')" "$(num "$one" '%.1f')"
  done
  one=$(med ok-limit-memory 4)
  for id in redis redis-wide; do
    two=$(med "ok-limit-$id" 4)
    [[ -n $one && -n $two ]] || continue
    printf '| rate-limited GET /ok: Redis (%s) / in-process req/s | %s (%s vs %s; p50 %s vs %s ms; 1/throughput %s µs longer) | context | |\n' \
      "redis_pool_size $([[ $id == redis ]] && echo 4 || echo "$CONNS")" \
      "$(num "$(ratio "$two" "$one")" '%.2f×')" "$(num "$two" '%.0f')" "$(num "$one" '%.0f')" \
      "$(num "$(med "ok-limit-$id" 5)" '%.3f')" "$(num "$(med ok-limit-memory 5)" '%.3f')" \
      "$(awk -v a="$two" -v b="$one" 'BEGIN { printf "%.1f", 1e6 / a - 1e6 / b }')"
  done
}

# shellcheck shell=bash
# Better Auth API calls used to prepare and check a benchmark; identical for latchkey and
# the Better Auth peer (same routes, cookies and JSON). Sourced after common.sh.
# Users are bench-<i>@example.com with password $PASSWORD, as bench/lib/signin.lua expects.

PASSWORD=bench-password-123

# signup_users BASE ORIGIN CODES_FILE: signs up bench-1..bench-$N, 8 requests at a time;
# sets SIGNUP_S (seconds). Dies unless every sign-up answered 200.
signup_users() {
  local base=$1 origin=$2 codes=$3 t0 ok
  t0=$(now_us)
  seq 1 "$N" | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' --max-time 120 \
    -H 'Content-Type: application/json' -H "Origin: $origin" \
    -d "{\"email\":\"bench-{}@example.com\",\"password\":\"$PASSWORD\",\"name\":\"Bench {}\"}" \
    "$base/sign-up/email" >"$codes" || true
  SIGNUP_S=$(awk -v a="$t0" -v b="$(now_us)" 'BEGIN { printf "%.2f", (b - a) / 1e6 }')
  ok=$(grep -c '^200$' "$codes" || true)
  ((ok == N)) || die "only $ok of $N sign-ups answered 200 at $base (status codes: $codes)"
}

# session_cookie BASE ORIGIN HEADERS_FILE: signs bench-1 in and sets COOKIE to
# "better-auth.session_token=<value>" from the response's Set-Cookie, value untouched
# (signed and percent-encoded: exactly what a browser sends back).
session_cookie() {
  local base=$1 origin=$2 headers=$3
  curl -s -o /dev/null -D "$headers" --max-time 60 -H 'Content-Type: application/json' \
    -H "Origin: $origin" -d "{\"email\":\"bench-1@example.com\",\"password\":\"$PASSWORD\"}" \
    "$base/sign-in/email" || die "sign-in of bench-1 failed at $base"
  COOKIE=$(grep -io 'better-auth\.session_token=[^;]*' "$headers" | head -n 1 | tr -d '\r')
  [[ -n $COOKIE ]] || die "sign-in of bench-1 at $base set no session cookie (see $headers)"
}

# check_session BASE COOKIE BODY_FILE: get-session with COOKIE must answer 200 with
# bench-1's session. A bad or expired cookie answers `200 null`, which wrk would count as a
# success, so run.sh calls this before and after each get-session run.
check_session() {
  local base=$1 cookie=$2 body=$3 code
  code=$(curl -s -o "$body" -w '%{http_code}' --max-time 30 -H "Cookie: $cookie" "$base/get-session") || true
  if [[ $code != 200 ]] || ! grep -q '"email":"bench-1@example.com"' "$body"; then
    die "get-session at $base did not return bench-1's session (HTTP $code, body in $body)"
  fi
  grep -q '"session":' "$body" || die "get-session at $base returned no session object ($body)"
}

# check_bad_cookie BASE COOKIE BODY_FILE: the same cookie with its signature broken must
# not return bench-1 (so check_session really tells a valid cookie from an invalid one).
check_bad_cookie() {
  local base=$1 cookie=$2 body=$3 code
  # Replace the last 6 characters of the value (inside the signature) with AAAAAA.
  code=$(curl -s -o "$body" -w '%{http_code}' --max-time 30 -H "Cookie: ${cookie%??????}AAAAAA" \
    "$base/get-session") || true
  if grep -q '"email":"bench-1@example.com"' "$body"; then
    die "get-session at $base accepted a cookie with a broken signature ($body)"
  fi
  log "bad cookie → HTTP $code $(head -c 60 "$body")"
}

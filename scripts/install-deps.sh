#!/usr/bin/env bash
# Installs what building, running and testing latchkey needs on Debian 12:
# Debian packages (only the missing ones), the npm packages of web/ (the
# hosted pages' build tools and the API reference viewer, both embedded at
# build time) and the npm packages of the e2e suite. Idempotent; run as root or with sudo. Nothing is downloaded outside
# the Debian and npm registries.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build toolchain and libraries (what each is for: docs/architecture.md).
BUILD_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libexpected-dev
  libssl-dev libsodium-dev libicu-dev
  libsqlite3-dev libpq-dev libcurl4-openssl-dev
  libspdlog-dev libcli11-dev libtomlplusplus-dev libzxcvbn-dev
  liboath-dev libqrencode-dev  # two-factor: HOTP/TOTP core, QR codes of otpauth URIs
  libcbor-dev  # passkeys: CBOR of WebAuthn attestation objects and COSE keys
  libhiredis-dev  # several nodes: abuse counters shared in Redis (src/store/redis)
  python3 python3-zxcvbn  # the common-password list compiled in (cmake/common_passwords.py)
  libgtest-dev libgmock-dev libbenchmark-dev
  nodejs npm  # web/: the hosted pages (built by Vite) and the reference viewer, embedded
)
# Test servers and tools: PostgreSQL on loopback, the sqlite3 CLI for DB
# assertions, Node for Better Auth's client SDK, curl for health checks.
TEST_PACKAGES=(postgresql sqlite3 curl python3-aiosmtpd clang-format clang-tidy)
# Redis on loopback for the shared-counter tests (scripts/test-redis.sh), and nginx in front
# of two nodes running deploy/nginx/latchkey.conf (tests/e2e/test/multi-node-*.test.js; the
# bench's nodes and redis parts).
TEST_PACKAGES+=(redis-server nginx)
# The ASan+UBSan build (make test, make test-sanitize) and libFuzzer (make
# fuzz): clang 14, its sanitizer/fuzzer runtimes, llvm-symbolizer for traces.
TEST_PACKAGES+=(clang libclang-rt-14-dev llvm)
# Independent checkers of two-factor (crypto/otp_test.cc,
# features/common/qr_svg_test.cc, the e2e suite): Debian's oathtool and qrencode CLIs.
TEST_PACKAGES+=(oathtool qrencode)
# The real-browser passkey test (tests/e2e/test/passkey-browser.test.js): Debian's Chromium,
# driven by playwright-core over CDP with a virtual WebAuthn authenticator.
TEST_PACKAGES+=(chromium)
# promtool (Debian's prometheus package) checks /metrics' exposition and the alert rules in
# deploy/prometheus/ (tests/e2e/test/metrics-promtool.test.js).
TEST_PACKAGES+=(prometheus)
# Benchmarks only (make bench).
BENCH_PACKAGES=(wrk)

want=("${BUILD_PACKAGES[@]}")
case "${1:-build}" in
  build) ;;
  test) want+=("${TEST_PACKAGES[@]}") ;;
  bench) want+=("${TEST_PACKAGES[@]}" "${BENCH_PACKAGES[@]}") ;;
  *) echo "usage: $0 [build|test|bench]" >&2; exit 2 ;;
esac

missing=()
for pkg in "${want[@]}"; do
  # node/npm may come from elsewhere on a developer machine: accept the commands.
  if [[ $pkg == nodejs ]] && command -v node >/dev/null; then continue; fi
  if [[ $pkg == npm ]] && command -v npm >/dev/null; then continue; fi
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Build-time npm packages: src/features/web_ui builds the pages with Vite,
# src/features/openapi embeds the viewer. No install scripts: none needs to
# run anything (esbuild's binary comes as its own npm package).
if [[ ! -d web/node_modules ]] || [[ web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
  (cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

if [[ ${1:-build} != build ]] && { [[ ! -d tests/e2e/node_modules ]] ||
  [[ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]]; }; then
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

#!/usr/bin/env bash
# The test suites under AddressSanitizer (with LeakSanitizer) and
# UndefinedBehaviorSanitizer: a clang -O0 build in build-sanitize/ (CMake
# option LATCHKEY_SANITIZE; the default GCC build/ is untouched), then ctest
# there, which runs every unit test and replays every fuzz target's seed
# corpus and regression inputs (fuzz/). Any finding aborts its test.
#   scripts/test-sanitize.sh unit   the unit tests of core, crypto, http, store,
#                                   mail, observability and the parsing and
#                                   concurrent parts of features/, and the fuzz
#                                   corpora (part of make test)
#   scripts/test-sanitize.sh all    also the e2e suite against the sanitized
#                                   binary (make test-sanitize)
#   scripts/test-sanitize.sh build  the build only (scripts/test.sh runs it
#                                   niced beside the e2e suite)
# ctest's PostgreSQL contract tests run when LK_TEST_POSTGRES_URL is set
# (scripts/test.sh sets it); docs/testing.md has the details.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
BUILD_DIR=${SANITIZE_BUILD_DIR:-build-sanitize}
JOBS=${JOBS:-$(nproc)}

# halt_on_error/abort: a finding fails the test that hit it. Leak checking is
# on (ASan's default on Linux); detect_stack_use_after_return costs little at
# -O0 and catches returned pointers to locals.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# unit/build (make test): the parsers, crypto, http, store, mail and the
# fuzz corpora; all (make test-sanitize): every unit test and the e2e suite.
features=OFF
[[ $mode == all ]] && features=ON
CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize \
  -DLATCHKEY_SANITIZE=ON -DLATCHKEY_SANITIZE_FEATURES=$features -Wno-dev >/dev/null
if [[ $mode == all ]]; then
  cmake --build "$BUILD_DIR" -j "$JOBS"
else
  cmake --build "$BUILD_DIR" -j "$JOBS" --target sanitize_tests
fi
[[ $mode == build ]] && exit 0
(cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS")

if [[ $mode == all ]]; then
  cmake --build "$BUILD_DIR" -j "$JOBS" --target latchkey  # not in the default targets
  LATCHKEY_BIN="$PWD/$BUILD_DIR/latchkey" tests/e2e/run.sh
fi

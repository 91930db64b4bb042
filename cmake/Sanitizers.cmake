# Instrumented builds, each in its own build directory so the default GCC
# Release build (build/) is untouched. docs/testing.md says how to run them.
#
#   LATCHKEY_SANITIZE=ON  AddressSanitizer (with LeakSanitizer) and
#                         UndefinedBehaviorSanitizer on every target; any
#                         finding aborts (-fno-sanitize-recover=all). The
#                         fuzz targets are built too, with a replay driver
#                         (fuzz/replay_main.cc) instead of libFuzzer, so the
#                         seed corpora run as ctest tests. build-sanitize/.
#   LATCHKEY_FUZZ=ON      the same sanitizers plus libFuzzer coverage
#                         instrumentation; builds the libFuzzer binaries in
#                         fuzz/. Needs clang (CC=clang CXX=clang++). build-fuzz/.
option(LATCHKEY_SANITIZE "Build with ASan + UBSan (see docs/testing.md)" OFF)
option(LATCHKEY_FUZZ "Build the libFuzzer targets in fuzz/ (clang; see docs/testing.md)" OFF)
# The unit half of `make test` sanitizes the code that parses outside input
# or shares memory across threads (core, crypto, http, store, mail,
# observability, features/common, abuse checks and limits, the change feed)
# and every fuzz corpus; `make test-sanitize` turns this on and sanitizes
# every unit test and the e2e suite too (docs/testing.md).
option(LATCHKEY_SANITIZE_FEATURES "Sanitize the feature and app tests too" ON)

if(NOT LATCHKEY_SANITIZE AND NOT LATCHKEY_FUZZ)
  return()
endif()
# The targets the sanitized unit run builds (latchkey_test() and the fuzz
# targets add themselves).
add_custom_target(sanitize_tests)
if(LATCHKEY_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "LATCHKEY_FUZZ needs clang: configure with CC=clang CXX=clang++")
endif()

# -fno-sanitize=function: clang 14 cannot emit UBSan's function-type check
# for C++20 coroutines ("Cannot represent a difference across sections", the
# http/ connection code); the check matters for C function pointers anyway.
set(LATCHKEY_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all
                             -fno-omit-frame-pointer)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  list(APPEND LATCHKEY_SANITIZER_FLAGS -fno-sanitize=function)
endif()
# FORTIFY's checked libc calls bypass ASan's interceptors (and warn below -O1).
# -Wno-error: the default GCC build enforces warnings; clang's extra ones
# (e.g. -Wunused-private-field) are reported here but must not stop the
# sanitizer run in `make test`.
add_compile_options(${LATCHKEY_SANITIZER_FLAGS} -U_FORTIFY_SOURCE -Wno-error)
add_link_options(${LATCHKEY_SANITIZER_FLAGS})
if(LATCHKEY_FUZZ)
  # Coverage feedback for libFuzzer everywhere; only fuzz targets link its main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# Build types the scripts use: -O0 keeps the sanitizer build of the whole
# test suite cheap to compile (it runs in every `make test`); fuzzing wants
# speed per execution. -g1: line numbers in reports, little build cost.
set(CMAKE_CXX_FLAGS_SANITIZE "-O0 -g1")
set(CMAKE_CXX_FLAGS_FUZZ "-O1 -g1")

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

if(NOT LATCHKEY_SANITIZE AND NOT LATCHKEY_FUZZ)
  return()
endif()
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

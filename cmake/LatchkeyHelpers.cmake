# latchkey_library(NAME x SRCS a.cc b.cc DEPS y z [PRIVATE_DEPS w])
#   A static library target `latchkey_x` whose include root is src/. DEPS are
#   public (their headers are part of x's); PRIVATE_DEPS are x's own business
#   and their headers do not reach x's users (cmake/Layering.cmake).
# latchkey_test(NAME x SRCS x_test.cc DEPS latchkey_x)
#   A gtest binary `x_test`; each of its cases is registered with CTest.
function(latchkey_library)
  cmake_parse_arguments(LK "" "NAME" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(latchkey_${LK_NAME} STATIC ${LK_SRCS})
  set_target_properties(latchkey_${LK_NAME} PROPERTIES UNITY_BUILD ${LATCHKEY_UNITY_BUILD}
                        UNITY_BUILD_BATCH_SIZE ${LATCHKEY_UNITY_BATCH_SIZE})
  target_include_directories(latchkey_${LK_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(latchkey_${LK_NAME} PUBLIC ${LK_DEPS} PRIVATE ${LK_PRIVATE_DEPS})
endfunction()

function(latchkey_test)
  cmake_parse_arguments(LK "" "NAME" "SRCS;DEPS" ${ARGN})
  if(NOT LATCHKEY_BUILD_TESTS)
    return()
  endif()
  # The sanitized unit run of `make test` leaves the feature and app tests to
  # `make test-sanitize` (cmake/Sanitizers.cmake).
  if(LATCHKEY_SANITIZE AND NOT LATCHKEY_SANITIZE_FEATURES)
    file(RELATIVE_PATH dir ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
    if(dir MATCHES "^src/(app|testing)" OR
       (dir MATCHES "^src/features/" AND
        NOT dir MATCHES "^src/features/(common|change_feed|abuse/checks|abuse/limits)$"))
      return()
    endif()
  endif()
  add_executable(${LK_NAME}_test ${LK_SRCS})
  target_link_libraries(${LK_NAME}_test PRIVATE ${LK_DEPS} GTest::gtest GTest::gtest_main)
  # The tests' own code compiles without optimisation in every build: the
  # code under test is the libraries', built as configured; test sources are
  # gtest-heavy and take most of `make test`'s compile time at -O2. FORTIFY
  # needs optimisation (and warns without it).
  if(NOT LATCHKEY_SANITIZE AND NOT LATCHKEY_FUZZ)
    target_compile_options(${LK_NAME}_test PRIVATE -O0 -U_FORTIFY_SOURCE)
  endif()
  if(TARGET sanitize_tests)
    add_dependencies(sanitize_tests ${LK_NAME}_test)
  endif()
  # One CTest test per gtest case, so the summary counts real cases.
  gtest_discover_tests(${LK_NAME}_test DISCOVERY_TIMEOUT 30)
endfunction()

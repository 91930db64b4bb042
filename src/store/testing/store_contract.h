// The behaviour every Store backend must show, as one value-parameterised
// gtest suite. A backend's test instantiates it with a factory:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
//                            ::testing::Values(StoreContractParam{...}),
//                            StoreContractParamName);
//
// The tests live in store_contract*.cc, which the test binary links as an
// object library (see src/store/CMakeLists.txt).
#ifndef LK_STORE_TESTING_STORE_CONTRACT_H_
#define LK_STORE_TESTING_STORE_CONTRACT_H_

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "core/error.h"
#include "store/store.h"

namespace latchkey::store::testing {

struct StoreContractParam {
  std::string name;  // the instantiation's suffix, e.g. "SqliteFile"
  // A fresh, empty store for one test; nullptr skips the test with
  // skip_reason (e.g. no Postgres server configured).
  std::function<std::unique_ptr<Store>()> factory;
  std::string skip_reason;
  // False when a reader waits for the writer instead of running beside it
  // (the single connection of sqlite::memory:); skips the isolation tests.
  bool concurrent_readers = true;
};

// gtest prints a parameter through this (the name) instead of its bytes.
inline void PrintTo(const StoreContractParam& param, std::ostream* os) { *os << param.name; }

// Test names come from StoreContractParam::name.
std::string StoreContractParamName(const ::testing::TestParamInfo<StoreContractParam>& info);

// "kind/code: detail", for assertion messages.
std::string DescribeError(const Error& error);

class StoreContractTest : public ::testing::TestWithParam<StoreContractParam> {
 protected:
  void SetUp() override;
  Store& store() { return *store_; }

  std::unique_ptr<Store> store_;
};

}  // namespace latchkey::store::testing

// Asserts that a Result holds a value, printing the error otherwise.
// NOLINTBEGIN(bugprone-macro-parentheses): as core/result.h's macros.
#define LK_ASSERT_OK(expr)                                                                      \
  do {                                                                                          \
    const auto& lk_assert_result_ = (expr);                                                     \
    ASSERT_TRUE(lk_assert_result_.has_value())                                                  \
        << #expr                                                                                \
        << " failed: " << ::latchkey::store::testing::DescribeError(lk_assert_result_.error()); \
  } while (0)

// `LK_ASSERT_OK_AND_ASSIGN(auto rows, tx.Query(...));`
#define LK_ASSERT_OK_AND_ASSIGN(lhs, expr) \
  LK_ASSERT_OK_AND_ASSIGN_IMPL_(LK_CONCAT_(lk_assert_value_, __LINE__), lhs, expr)
#define LK_ASSERT_OK_AND_ASSIGN_IMPL_(tmp, lhs, expr)                                     \
  auto tmp = (expr);                                                                      \
  ASSERT_TRUE(tmp.has_value()) << #expr << " failed: "                                    \
                               << ::latchkey::store::testing::DescribeError(tmp.error()); \
  lhs = std::move(tmp).value()

// NOLINTEND(bugprone-macro-parentheses)

#endif  // LK_STORE_TESTING_STORE_CONTRACT_H_

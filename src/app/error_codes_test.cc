#include "app/error_codes.h"

#include <gtest/gtest.h>

namespace latchkey::app {
namespace {

constexpr ErrorInfo kA{"INVALID_TOKEN", ErrorKind::kUnauthenticated, "Invalid token"};
constexpr ErrorInfo kSameAsA{"INVALID_TOKEN", ErrorKind::kUnauthenticated, "Invalid token"};
constexpr ErrorInfo kOtherKind{"INVALID_TOKEN", ErrorKind::kInvalidArgument, "Invalid token"};
constexpr ErrorInfo kB{"OTHER_CODE", ErrorKind::kInvalidArgument, "Other"};

TEST(ErrorCodesTest, DistinctOrIdenticalDeclarationsPass) {
  const ErrorInfo first[] = {kA, kB};
  const ErrorInfo second[] = {kSameAsA};
  EXPECT_TRUE(CheckErrorCodes({{"one", first}, {"two", second}}));
}

TEST(ErrorCodesTest, OneCodeWithTwoMeaningsFailsNamingBothFeatures) {
  const ErrorInfo first[] = {kA};
  const ErrorInfo second[] = {kOtherKind};
  auto checked = CheckErrorCodes({{"one", first}, {"two", second}});
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, "DUPLICATE_ERROR_CODE");
  EXPECT_EQ(checked.error().detail, "INVALID_TOKEN in one and two");
}

}  // namespace
}  // namespace latchkey::app

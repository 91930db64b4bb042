// Tests for common_passwords.h: the table shipped in the binary and its
// lookup (ASVS 2.1.7: the 10,000 most common passwords are refused).
#include "features/abuse/checks/common_passwords.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace latchkey::abuse {
namespace {

TEST(CommonPasswordsTest, TableHoldsTenThousandSortedEntries) {
  const auto table = CommonPasswordTable();
  EXPECT_EQ(table.size(), 10000u);  // zxcvbn's list has no duplicates
  EXPECT_TRUE(std::is_sorted(table.begin(), table.end()));
  EXPECT_EQ(std::adjacent_find(table.begin(), table.end()), table.end());
  EXPECT_TRUE(
      std::none_of(table.begin(), table.end(), [](std::string_view w) { return w.empty(); }));
}

// ASVS 2.1.7: the defaults let "password1" through before this check.
TEST(CommonPasswordsTest, RefusesTopRankedPasswords) {
  for (const char* word : {"password1", "123456", "qwerty123", "iloveyou", "trustno1", "1qaz2wsx",
                           "passw0rd", "football"}) {
    EXPECT_TRUE(IsCommonPassword(word)) << word;
  }
}

TEST(CommonPasswordsTest, MatchesAsciiCaseVariants) {
  EXPECT_TRUE(IsCommonPassword("Password1"));
  EXPECT_TRUE(IsCommonPassword("PASSWORD1"));
  EXPECT_TRUE(IsCommonPassword("LetMeIn"));
}

TEST(CommonPasswordsTest, AcceptsUncommonPasswords) {
  EXPECT_FALSE(IsCommonPassword("correct horse battery"));
  EXPECT_FALSE(IsCommonPassword("violet-Tandem-92-orbit"));
  EXPECT_FALSE(IsCommonPassword("password1 "));  // no trimming: a different password
  EXPECT_FALSE(IsCommonPassword(""));
  EXPECT_FALSE(IsCommonPassword(std::string(4096, 'A')));
}

// The cut is at rank 10,000 of zxcvbn's 30,000.
TEST(CommonPasswordsTest, StopsAtTheTenThousandth) {
  EXPECT_TRUE(IsCommonPassword("qqqqqq1"));    // rank 10,000
  EXPECT_FALSE(IsCommonPassword("08154711"));  // rank 10,002
}

}  // namespace
}  // namespace latchkey::abuse

#include "features/common/validation.h"

#include <gtest/gtest.h>

namespace latchkey::validation {
namespace {

TEST(IsValidEmailTest, AcceptsWhatZodAccepts) {
  for (const char* ok : {"a@b.co", "first.last+tag@sub.example.com", "o'neil@x.org", "A@X.COM"}) {
    EXPECT_TRUE(IsValidEmail(ok)) << ok;
  }
  for (const char* bad : {"", "a", "a@b", "a@b.c", ".a@b.com", "a.@b.com", "a..b@c.com", "a@-b.com",
                          "a@b..com", "a b@c.com", "a@b.com\n", "a@@b.com", "a@b.c0m"}) {
    EXPECT_FALSE(IsValidEmail(bad)) << bad;
  }
}

TEST(Utf16LengthTest, CountsLikeJavaScript) {
  EXPECT_EQ(Utf16Length("abc"), 3u);
  EXPECT_EQ(Utf16Length("\xc3\xa9"), 1u);          // é
  EXPECT_EQ(Utf16Length("\xf0\x9f\x98\x80"), 2u);  // 😀 is a surrogate pair
}

TEST(RequireStringTest, NamesTheFieldInTheMessage) {
  boost::json::object body{{"email", 5}};
  auto missing = RequireString(body, "name", 10);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "VALIDATION_ERROR");
  EXPECT_EQ(missing.error().wire_message,
            "[body.name] Invalid input: expected string, received undefined");
  auto wrong = RequireString(body, "email", 10);
  EXPECT_EQ(wrong.error().wire_message,
            "[body.email] Invalid input: expected string, received number");
}

}  // namespace
}  // namespace latchkey::validation

#include "core/clock.h"

#include <gtest/gtest.h>

#include <ctime>

namespace latchkey {
namespace {

TEST(FormatIsoTimeTest, MatchesJavaScriptToIsoString) {
  EXPECT_EQ(FormatIsoTime(0), "1970-01-01T00:00:00.000Z");
  // new Date(1763775053975).toISOString()
  EXPECT_EQ(FormatIsoTime(1763775053975), "2025-11-22T01:30:53.975Z");
  EXPECT_EQ(FormatIsoTime(951782400000), "2000-02-29T00:00:00.000Z");  // leap day
  EXPECT_EQ(FormatIsoTime(-1), "1969-12-31T23:59:59.999Z");
}

TEST(FormatIsoTimeTest, AgreesWithGmtimeAcrossYears) {
  for (std::int64_t s = -86400LL * 365 * 10; s < 86400LL * 365 * 200; s += 86400LL * 37 + 3917) {
    std::time_t t = static_cast<std::time_t>(s);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char expected[32];
    std::strftime(expected, sizeof(expected), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    ASSERT_EQ(FormatIsoTime(s * 1000), expected) << s;
  }
}

}  // namespace
}  // namespace latchkey

#include "core/clock.h"

#include <gtest/gtest.h>

namespace latchkey {
namespace {

TEST(FormatIsoTimeTest, MatchesJavaScriptToIsoString) {
  EXPECT_EQ(FormatIsoTime(0), "1970-01-01T00:00:00.000Z");
  // new Date(1763775053975).toISOString()
  EXPECT_EQ(FormatIsoTime(1763775053975), "2025-11-22T01:30:53.975Z");
}

}  // namespace
}  // namespace latchkey

#include "observability/log.h"

#include <gtest/gtest.h>

namespace latchkey::log {
namespace {

TEST(LogTest, JsonLineEscapesHostileValues) {
  // ASVS 7.3.1: a user-controlled value cannot forge a second log line.
  std::string line = FormatLine(Format::kJson, Level::kInfo, "sign_in",
                                {{"email", "a\nFAKE {\"level\":\"error\"}"}, {"status", 401}},
                                "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(line,
            "{\"time\":\"2026-01-01T00:00:00.000Z\",\"level\":\"info\",\"msg\":\"sign_in\","
            "\"email\":\"a\\nFAKE {\\\"level\\\":\\\"error\\\"}\",\"status\":401}");
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(LogTest, TextLineQuotesValuesWithSpaces) {
  std::string line =
      FormatLine(Format::kText, Level::kWarn, "x", {{"a", "b c"}, {"ok", true}}, "T");
  EXPECT_EQ(line, "T warn \"x\" a=\"b c\" ok=true");
}

}  // namespace
}  // namespace latchkey::log

// The audit query's parsing: filters, times and the opaque cursor.
#include "features/audit/audit_query.h"

#include <gtest/gtest.h>

#include <map>

namespace latchkey::audit {
namespace {

Result<Filter> Parse(std::map<std::string, std::string> params) {
  return ParseFilter([&](std::string_view name) -> std::optional<std::string> {
    auto it = params.find(std::string(name));
    if (it == params.end()) return std::nullopt;
    return it->second;
  });
}

TEST(AuditQueryTest, TimesInMillisecondsOrIso8601) {
  EXPECT_EQ(ParseTime("1767225600000"), 1767225600000);
  EXPECT_EQ(ParseTime("2026-01-01"), 1767225600000);
  EXPECT_EQ(ParseTime("2026-01-01T00:00:00Z"), 1767225600000);
  EXPECT_EQ(ParseTime("2026-01-01T00:00Z"), 1767225600000);
  EXPECT_EQ(ParseTime("2026-01-01T00:00:00.250Z"), 1767225600250);
  EXPECT_EQ(ParseTime("2026-01-01T00:00:00.25Z"), 1767225600250);
  EXPECT_EQ(ParseTime("2026-01-01T00:00:00.123456Z"), 1767225600123);
  EXPECT_EQ(ParseTime("2026-01-01T02:00:00+02:00"), 1767225600000);
  EXPECT_EQ(ParseTime("2025-12-31T19:00:00-05:00"), 1767225600000);
  EXPECT_EQ(ParseTime("2024-02-29"), 1709164800000);
  EXPECT_EQ(ParseTime(FormatIsoTime(1767225612345)), 1767225612345);
  for (std::string_view bad : {"", "yesterday", "2026-01-01T00:00:00", "2026-13-01", "2025-02-29",
                               "2026-01-01T24:00Z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00.Z",
                               "-5", "1e3", "2026-01-01T00:00:00+0200", "9999999999999999"}) {
    EXPECT_FALSE(ParseTime(bad).has_value()) << bad;
  }
}

TEST(AuditQueryTest, FiltersAreCheckedAndNamed) {
  auto ok = Parse({{"type", "admin."},
                   {"actor", "u1"},
                   {"target", "u-2_x"},
                   {"outcome", "failure"},
                   {"address", "2001:db8::1"},
                   {"from", "2026-01-01"},
                   {"to", "1767312000000"}});
  ASSERT_TRUE(ok.has_value()) << ok.error().detail;
  EXPECT_EQ(ok->type, "admin.");
  EXPECT_EQ(ok->from, 1767225600000);
  EXPECT_EQ(ok->to, 1767312000000);
  EXPECT_TRUE(Parse({}).has_value());
  EXPECT_TRUE(Parse({{"type", ""}, {"address", "-"}}).has_value());  // empty = unset
  const std::pair<std::string, std::string> bad[] = {
      {"type", "User.Sign_In"},       {"type", "user sign in"},
      {"type", std::string(65, 'a')}, {"actor", "a'b"},
      {"target", "x;DROP TABLE x"},   {"outcome", "ok"},
      {"address", "1.2.3.4 "},        {"from", "soon"},
      {"to", "2026-01-01T00:00:00"}};
  for (const auto& [name, value] : bad) {
    auto parsed = Parse({{name, value}});
    ASSERT_FALSE(parsed.has_value()) << name << "=" << value;
    EXPECT_EQ(parsed.error().code, "INVALID_FILTER");
    EXPECT_EQ(parsed.error().wire_message.rfind("[query." + name + "] ", 0), 0u);
  }
  auto backwards = Parse({{"from", "2026-01-02"}, {"to", "2026-01-01"}});
  ASSERT_FALSE(backwards.has_value());
  EXPECT_EQ(backwards.error().code, "INVALID_FILTER");
}

TEST(AuditQueryTest, CursorRoundTripsAndRefusesForgeries) {
  const Cursor cursor{1767225600123, "AbC123xyz"};
  const std::string text = EncodeCursor(cursor);
  EXPECT_EQ(text.find_first_of("+/="), std::string::npos);  // base64url, no padding
  auto back = DecodeCursor(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->created_at, cursor.created_at);
  EXPECT_EQ(back->id, cursor.id);
  for (std::string_view bad :
       {"", "!!!", "bm90LWEtY3Vyc29y" /* not-a-cursor */, "OmFiYw" /* ":abc" */,
        "MTIzOg" /* "123:" */, "LTE6YWJj" /* "-1:abc" */, "MTIzOmEnYg" /* "123:a'b" */}) {
    auto decoded = DecodeCursor(bad);
    ASSERT_FALSE(decoded.has_value()) << bad;
    EXPECT_EQ(decoded.error().code, "INVALID_CURSOR");
  }
  EXPECT_FALSE(DecodeCursor(std::string(300, 'A')).has_value());
}

}  // namespace
}  // namespace latchkey::audit

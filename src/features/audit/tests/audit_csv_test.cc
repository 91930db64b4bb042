// The CSV form of the trail: RFC 4180 framing and spreadsheet safety.
#include "features/audit/audit_csv.h"

#include <gtest/gtest.h>

namespace latchkey::audit {
namespace {

std::string Cell(std::string_view value) {
  std::string out;
  AppendCsvCell(out, value);
  return out;
}

// RFC 4180 §2: fields with a comma, quote or line break are quoted; a quote
// inside is doubled; plain fields are left as they are.
TEST(AuditCsvTest, Rfc4180Quoting) {
  EXPECT_EQ(Cell("user.sign_in"), "user.sign_in");
  EXPECT_EQ(Cell(""), "");
  EXPECT_EQ(Cell("a,b"), "\"a,b\"");
  EXPECT_EQ(Cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Cell("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(Cell("cr\rlf"), "\"cr\rlf\"");
  EXPECT_EQ(Cell(R"({"reason":"wrong_password"})"), R"("{""reason"":""wrong_password""}")");
}

// ASVS 5.0 1.2.10, CWE-1236 (CSV formula injection): a cell a spreadsheet
// would evaluate gets a leading apostrophe, inside quotes, whatever follows.
TEST(AuditCsvTest, FormulaInjectionIsDefused) {
  EXPECT_EQ(Cell("=HYPERLINK(\"http://evil\",\"x\")"),
            "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
  EXPECT_EQ(Cell("+1+1"), "\"'+1+1\"");
  EXPECT_EQ(Cell("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(Cell("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(Cell("\t=1"), "\"'\t=1\"");
  EXPECT_EQ(Cell("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(Cell(std::string_view("\0=1", 3)), std::string("\"'\0=1\"", 6));
  EXPECT_EQ(Cell("a=1"), "a=1");  // only the first character matters
  EXPECT_EQ(Cell("Mozilla/5.0 -x"), "Mozilla/5.0 -x");
}

TEST(AuditCsvTest, RowsEndWithCrlfAndKeepEveryColumn) {
  std::string out;
  AppendCsvHeader(out);
  EventRow event{.id = "e1",
                 .created_at = 1767225600123,
                 .type = "user.sign_in",
                 .outcome = "failure",
                 .user_id = std::nullopt,
                 .client_address = "198.51.100.7",
                 .user_agent = "=cmd|' /C calc'!A0",
                 .request_id = "r1",
                 .details = R"({"reason":"unknown_email"})"};
  AppendCsvRow(out, event);
  EXPECT_EQ(out,
            "id,created_at,type,outcome,user_id,target_user_id,session_id,client_address,"
            "user_agent,request_id,details\r\n"
            "e1,2026-01-01T00:00:00.123Z,user.sign_in,failure,,,,198.51.100.7,"
            "\"'=cmd|' /C calc'!A0\",r1,\"{\"\"reason\"\":\"\"unknown_email\"\"}\"\r\n");
}

}  // namespace
}  // namespace latchkey::audit

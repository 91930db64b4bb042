// `?` to $n rewriting, including the places where `?` is not a placeholder.
#include "store/postgres/placeholders.h"

#include <gtest/gtest.h>

namespace latchkey::store::postgres {
namespace {

TEST(RewritePlaceholdersTest, NumbersPlaceholdersInOrder) {
  RewrittenSql out = RewritePlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)");
  EXPECT_EQ(out.text, "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(out.placeholders, 3);
}

TEST(RewritePlaceholdersTest, LeavesSqlWithoutPlaceholdersAlone) {
  RewrittenSql out = RewritePlaceholders("SELECT 1");
  EXPECT_EQ(out.text, "SELECT 1");
  EXPECT_EQ(out.placeholders, 0);
  EXPECT_EQ(RewritePlaceholders("").text, "");
}

TEST(RewritePlaceholdersTest, SkipsStringLiterals) {
  RewrittenSql out = RewritePlaceholders("SELECT 'why?', 'it''s ?', ? FROM t WHERE x = '?'");
  EXPECT_EQ(out.text, "SELECT 'why?', 'it''s ?', $1 FROM t WHERE x = '?'");
  EXPECT_EQ(out.placeholders, 1);
}

TEST(RewritePlaceholdersTest, SkipsQuotedIdentifiersAndComments) {
  RewrittenSql out = RewritePlaceholders(
      "SELECT \"odd?name\" -- really?\nFROM t /* what? /* nested? */ still? */ WHERE a = ?");
  EXPECT_EQ(out.text,
            "SELECT \"odd?name\" -- really?\nFROM t /* what? /* nested? */ still? */ WHERE a = $1");
  EXPECT_EQ(out.placeholders, 1);
}

TEST(RewritePlaceholdersTest, SlashStarSlashOpensAComment) {
  RewrittenSql out = RewritePlaceholders("SELECT /*/ ? */ ?");
  EXPECT_EQ(out.text, "SELECT /*/ ? */ $1");
  EXPECT_EQ(out.placeholders, 1);
}

TEST(RewritePlaceholdersTest, UnterminatedLiteralSwallowsTheRest) {
  // The server rejects such SQL anyway; the rewrite must not invent params.
  RewrittenSql out = RewritePlaceholders("SELECT 'open ?");
  EXPECT_EQ(out.placeholders, 0);
}

TEST(RewritePlaceholdersTest, CountsManyPlaceholders) {
  std::string sql = "VALUES (?";
  for (int i = 1; i < 12; ++i) sql += ", ?";
  sql += ")";
  RewrittenSql out = RewritePlaceholders(sql);
  EXPECT_EQ(out.placeholders, 12);
  EXPECT_NE(out.text.find("$12)"), std::string::npos);
}

}  // namespace
}  // namespace latchkey::store::postgres

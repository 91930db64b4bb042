// Row accessors and Store::Open's URL dispatch; no database needed.
#include "store/store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace latchkey::store {
namespace {

Row MakeRow() {
  auto names = std::make_shared<const std::vector<std::string>>(
      std::vector<std::string>{"id", "email", "deleted_at", "score", "active"});
  return Row(names, {std::int64_t{1763775053975}, std::string("a@example.com"), nullptr, 0.5,
                     std::int64_t{1}});
}

TEST(RowTest, GettersReturnTypedValues) {
  const Row row = MakeRow();
  EXPECT_EQ(row.size(), 5u);
  EXPECT_EQ(row.GetInt("id").value(), 1763775053975);
  EXPECT_EQ(row.GetString("email").value(), "a@example.com");
  EXPECT_EQ(row.GetBool("active").value(), true);
  EXPECT_EQ(row.GetNullableInt("deleted_at").value(), std::nullopt);
  EXPECT_EQ(row.GetNullableString("email").value(), "a@example.com");
  ASSERT_NE(row.Find("score"), nullptr);
  EXPECT_EQ(std::get<double>(*row.Find("score")), 0.5);
  EXPECT_EQ(row.Find("nope"), nullptr);
}

TEST(RowTest, MismatchesAreInternalErrors) {
  const Row row = MakeRow();
  EXPECT_EQ(row.GetString("id").error().kind, ErrorKind::kInternal);
  EXPECT_EQ(row.GetInt("email").error().kind, ErrorKind::kInternal);
  EXPECT_EQ(row.GetInt("deleted_at").error().kind, ErrorKind::kInternal);  // NULL
  EXPECT_EQ(row.GetInt("score").error().kind, ErrorKind::kInternal);       // real
  EXPECT_EQ(row.GetNullableString("id").error().kind, ErrorKind::kInternal);
  EXPECT_EQ(row.GetInt("missing").error().kind, ErrorKind::kInternal);
  EXPECT_NE(row.GetInt("missing").error().detail.find("missing"), std::string::npos);
  EXPECT_EQ(Row().Find("id"), nullptr);
}

TEST(StoreOpenTest, UnknownSchemeIsInvalidArgument) {
  for (const char* url : {"mysql://u:pw@host/db", "", "/var/lib/auth.db", "sqlite:"}) {
    auto store = Store::Open({url});
    ASSERT_FALSE(store.has_value()) << url;
    EXPECT_EQ(store.error().kind, ErrorKind::kInvalidArgument) << url;
    EXPECT_EQ(store.error().code, "INVALID_DATABASE_URL") << url;
    EXPECT_EQ(store.error().detail.find("pw"), std::string::npos) << store.error().detail;
  }
}

// ASVS 7.1.1: libpq quotes the part of a URL it cannot parse, which may be
// the password; the error must not.
TEST(StoreOpenTest, UnparsablePostgresUrlErrorHidesThePassword) {
  for (const char* url : {"postgres://app:s3cr%zzet@127.0.0.1:1/auth",
                          "postgres://127.0.0.1:1/auth?password=s3cr%zzet",
                          "postgres://127.0.0.1:1/auth?s3cr%zzet=x"}) {
    auto store = Store::Open({url});
    ASSERT_FALSE(store.has_value()) << url;
    EXPECT_EQ(store.error().detail.find("s3cr"), std::string::npos) << store.error().detail;
  }
}

TEST(StoreOpenTest, SqliteMemoryOpens) {
  auto store = Store::Open({"sqlite::memory:"});
  ASSERT_TRUE(store.has_value());
  EXPECT_EQ((*store)->dialect(), Dialect::kSqlite);
  EXPECT_TRUE((*store)->Ping().has_value());
}

}  // namespace
}  // namespace latchkey::store

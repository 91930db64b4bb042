// The Store contract, migration half: applied once, in order, one
// transaction each, and a failing migration leaves no trace.
#include <string>
#include <thread>
#include <vector>

#include "store/testing/store_contract.h"
#include "store/testing/store_contract_util.h"

namespace latchkey::store::testing {
namespace {

// Ids that sort differently from their order, so that the test tells
// "applied order" from "sorted by id".
const Migration kFirst{"zeta/0001_create_first", "CREATE TABLE first_table (id BIGINT)", "", ""};
const Migration kSecond{"alpha/0001_create_second",
                        "CREATE TABLE second_table (id BIGINT PRIMARY KEY, v TEXT);\n"
                        "INSERT INTO second_table (id, v) VALUES (1, 'seeded; with ? and --');",
                        "", ""};
const Migration kThird{"mid/0001_create_third", "CREATE TABLE third_table (id BIGINT)", "", ""};

bool TableExists(Store& store, std::string_view table) {
  return CountRows(store, table).has_value();
}

TEST_P(StoreContractTest, AppliedMigrationsIsEmptyBeforeMigrate) {
  LK_ASSERT_OK_AND_ASSIGN(auto applied, store().AppliedMigrations());
  EXPECT_TRUE(applied.empty());
}

TEST_P(StoreContractTest, MigrateAppliesInOrderAndRecordsIds) {
  const Migration migrations[] = {kFirst, kSecond, kThird};
  LK_ASSERT_OK(store().Migrate(migrations));
  LK_ASSERT_OK_AND_ASSIGN(auto applied, store().AppliedMigrations());
  EXPECT_EQ(applied, (std::vector<std::string>{std::string(kFirst.id), std::string(kSecond.id),
                                               std::string(kThird.id)}));
  EXPECT_EQ(CountRows(store(), "second_table").value_or(-1), 1);
  LK_ASSERT_OK_AND_ASSIGN(auto rows, QueryRows(store(), "SELECT v FROM second_table"));
  EXPECT_EQ(rows[0].GetString("v").value_or(""), "seeded; with ? and --");
}

TEST_P(StoreContractTest, MigrateIsIdempotentAndAppendsNewOnes) {
  const Migration two[] = {kFirst, kSecond};
  LK_ASSERT_OK(store().Migrate(two));
  // A second run would fail on CREATE TABLE if it re-applied anything.
  LK_ASSERT_OK(store().Migrate(two));
  const Migration three[] = {kFirst, kSecond, kThird};
  LK_ASSERT_OK(store().Migrate(three));
  LK_ASSERT_OK(store().Migrate(three));
  LK_ASSERT_OK_AND_ASSIGN(auto applied, store().AppliedMigrations());
  EXPECT_EQ(applied, (std::vector<std::string>{std::string(kFirst.id), std::string(kSecond.id),
                                               std::string(kThird.id)}));
  EXPECT_EQ(CountRows(store(), "second_table").value_or(-1), 1);
}

TEST_P(StoreContractTest, ManyMigrationsKeepTheirOrder) {
  std::vector<std::string> ids;
  std::vector<std::string> sqls;
  for (int i = 0; i < 30; ++i) {
    ids.push_back("m/" + std::to_string((i * 7) % 30 + 100));  // scrambled
    sqls.push_back("CREATE TABLE many_" + std::to_string(i) + " (id BIGINT)");
  }
  std::vector<Migration> migrations;
  for (int i = 0; i < 30; ++i) migrations.push_back({ids[i], sqls[i], "", ""});
  LK_ASSERT_OK(store().Migrate(migrations));
  LK_ASSERT_OK_AND_ASSIGN(auto applied, store().AppliedMigrations());
  EXPECT_EQ(applied, ids);
}

TEST_P(StoreContractTest, FailingMigrationLeavesNoTrace) {
  const Migration bad{"beta/0001_broken",
                      "CREATE TABLE broken_table (id BIGINT);\n"
                      "INSERT INTO no_such_table (id) VALUES (1);",
                      "", ""};
  const Migration migrations[] = {kFirst, bad, kThird};
  auto result = store().Migrate(migrations);
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().detail.find("beta/0001_broken"), std::string::npos)
      << result.error().detail;
  LK_ASSERT_OK_AND_ASSIGN(auto applied, store().AppliedMigrations());
  EXPECT_EQ(applied, std::vector<std::string>{std::string(kFirst.id)});
  EXPECT_TRUE(TableExists(store(), "first_table"));
  EXPECT_FALSE(TableExists(store(), "broken_table"));
  EXPECT_FALSE(TableExists(store(), "third_table"));  // stops at the failure
  // Once fixed, the rest goes through.
  const Migration fixed{bad.id, "CREATE TABLE broken_table (id BIGINT)", "", ""};
  const Migration retry[] = {kFirst, fixed, kThird};
  LK_ASSERT_OK(store().Migrate(retry));
  EXPECT_TRUE(TableExists(store(), "third_table"));
}

TEST_P(StoreContractTest, MigrationUsesTheDialectOverride) {
  const Migration both{"o/0001_both", "THIS IS NOT SQL", "CREATE TABLE both_table (id BIGINT)",
                       "CREATE TABLE both_table (id BIGINT)"};
  const Migration one{"o/0002_one", "CREATE TABLE generic_table (id BIGINT)",
                      "CREATE TABLE postgres_table (id BIGINT)", ""};
  const Migration migrations[] = {both, one};
  LK_ASSERT_OK(store().Migrate(migrations));
  EXPECT_TRUE(TableExists(store(), "both_table"));
  const bool postgres = store().dialect() == Dialect::kPostgres;
  EXPECT_EQ(TableExists(store(), "postgres_table"), postgres);
  EXPECT_EQ(TableExists(store(), "generic_table"), !postgres);
}

TEST_P(StoreContractTest, DuplicateMigrationIdIsRefused) {
  const Migration migrations[] = {kFirst, kFirst};
  EXPECT_EQ(KindOf(store().Migrate(migrations)), ErrorKind::kInternal);
  EXPECT_FALSE(TableExists(store(), "first_table"));
}

TEST_P(StoreContractTest, ConcurrentMigratorsApplyOnce) {
  const Migration migrations[] = {kFirst, kSecond, kThird};
  std::vector<std::thread> migrators;
  std::vector<int> ok(4, 0);
  for (int i = 0; i < 4; ++i) {
    migrators.emplace_back([&, i] { ok[i] = store().Migrate(migrations).has_value() ? 1 : 0; });
  }
  for (auto& migrator : migrators) migrator.join();
  EXPECT_EQ(ok, std::vector<int>(4, 1));
  LK_ASSERT_OK_AND_ASSIGN(auto applied, store().AppliedMigrations());
  EXPECT_EQ(applied.size(), 3u);
  EXPECT_EQ(CountRows(store(), "second_table").value_or(-1), 1);
}

}  // namespace
}  // namespace latchkey::store::testing

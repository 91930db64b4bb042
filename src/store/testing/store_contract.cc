// The Store contract: values, transactions, errors and concurrency. The
// migration half is in store_contract_migrations.cc.
#include "store/testing/store_contract.h"

#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "store/errors.h"
#include "store/testing/store_contract_util.h"

namespace latchkey::store::testing {
namespace {

constexpr std::string_view kItemsTable =
    "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, score BIGINT)";

TEST_P(StoreContractTest, PingSucceeds) { LK_ASSERT_OK(store().Ping()); }

TEST_P(StoreContractTest, QueryOnceSeesCommittedRowsAndTakesParameters) {
  LK_ASSERT_OK(RunSql(store(), kItemsTable));
  LK_ASSERT_OK(RunSql(store(), "INSERT INTO items (id, name, score) VALUES (1, 'a', 10)"));
  LK_ASSERT_OK_AND_ASSIGN(auto rows, store().QueryOnce("SELECT name, score FROM items WHERE id = ?",
                                                       {std::int64_t{1}}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].GetString("name").value_or(""), "a");
  EXPECT_EQ(rows[0].GetInt("score").value_or(0), 10);
  LK_ASSERT_OK_AND_ASSIGN(
      auto none, store().QueryOnce("SELECT name FROM items WHERE id = ?", {std::int64_t{2}}));
  EXPECT_TRUE(none.empty());
  // Uncommitted writes stay invisible to it; the connection is returned to the pool.
  {
    LK_ASSERT_OK_AND_ASSIGN(auto tx, store().Begin());
    LK_ASSERT_OK(tx->Exec("INSERT INTO items (id, name, score) VALUES (3, 'c', 0)"));
    if (GetParam().concurrent_readers) {
      LK_ASSERT_OK_AND_ASSIGN(auto during, store().QueryOnce("SELECT id FROM items WHERE id = 3"));
      EXPECT_TRUE(during.empty());
    }
  }
  for (int i = 0; i < 50; ++i) LK_ASSERT_OK(store().QueryOnce("SELECT 1"));
}

TEST_P(StoreContractTest, RoundTripsEveryValueType) {
  LK_ASSERT_OK(RunSql(store(),
                      "CREATE TABLE vals (id BIGINT PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, "
                      "s TEXT)"));
  const std::vector<std::vector<Value>> expected = {
      {std::int64_t{1}, std::numeric_limits<std::int64_t>::max(), 3.25,
       std::string("h\xC3\xA9llo \xE2\x80\x94 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x94\x91")},
      {std::int64_t{2}, std::numeric_limits<std::int64_t>::min(), -0.1, std::string()},
      {std::int64_t{3}, std::int64_t{1763775053975}, 1e300, std::string("it's \"quoted\" ?")},
      {std::int64_t{4}, nullptr, nullptr, nullptr},
  };
  for (const auto& row : expected) {
    LK_ASSERT_OK(RunSql(store(), "INSERT INTO vals (id, i, d, s) VALUES (?, ?, ?, ?)",
                        {row[0], row[1], row[2], row[3]}));
  }
  LK_ASSERT_OK_AND_ASSIGN(auto rows,
                          QueryRows(store(), "SELECT id, i, d, s FROM vals ORDER BY id"));
  ASSERT_EQ(rows.size(), expected.size());
  const char* columns[] = {"id", "i", "d", "s"};
  for (std::size_t r = 0; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), 4u);
    for (std::size_t c = 0; c < 4; ++c) {
      const Value* value = rows[r].Find(columns[c]);
      ASSERT_NE(value, nullptr) << columns[c];
      EXPECT_EQ(*value, expected[r][c]) << "row " << r << " column " << columns[c];
    }
  }
}

TEST_P(StoreContractTest, RowGettersCheckTypes) {
  LK_ASSERT_OK_AND_ASSIGN(
      auto rows, QueryRows(store(), "SELECT 42 AS Total, 'x' AS name, NULL AS gone, 0 AS flag"));
  ASSERT_EQ(rows.size(), 1u);
  const Row& row = rows[0];
  EXPECT_EQ(row.GetInt("total").value_or(-1), 42);  // names read back lower-case
  EXPECT_EQ(row.GetString("name").value_or(""), "x");
  EXPECT_EQ(row.GetBool("flag").value_or(true), false);
  EXPECT_EQ(row.GetNullableString("gone").value_or("?"), std::nullopt);
  EXPECT_EQ(row.GetNullableInt("gone").value_or(-1), std::nullopt);
  EXPECT_EQ(KindOf(row.GetString("total")), ErrorKind::kInternal);
  EXPECT_EQ(KindOf(row.GetInt("gone")), ErrorKind::kInternal);
  EXPECT_EQ(KindOf(row.GetInt("missing")), ErrorKind::kInternal);
}

TEST_P(StoreContractTest, AggregatesReadAsIntegers) {
  LK_ASSERT_OK(RunSql(store(), kItemsTable));
  LK_ASSERT_OK(RunSql(store(),
                      "INSERT INTO items (id, name, score) VALUES (1, 'a', ?), (2, 'b', ?)",
                      {std::int64_t{1763775053975}, std::int64_t{5}}));
  LK_ASSERT_OK_AND_ASSIGN(
      auto rows, QueryRows(store(), "SELECT COUNT(*) AS n, SUM(score) AS total FROM items"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].GetInt("n").value_or(-1), 2);
  EXPECT_EQ(rows[0].GetInt("total").value_or(-1), 1763775053980);
}

TEST_P(StoreContractTest, QueryWithNoRowsIsEmpty) {
  LK_ASSERT_OK(RunSql(store(), kItemsTable));
  LK_ASSERT_OK_AND_ASSIGN(
      auto rows, QueryRows(store(), "SELECT id FROM items WHERE id = ?", {std::int64_t{7}}));
  EXPECT_TRUE(rows.empty());
}

TEST_P(StoreContractTest, ExecReportsAffectedRows) {
  LK_ASSERT_OK(RunSql(store(), kItemsTable));
  auto result = InTransaction(store(), [](Transaction& tx) -> Result<std::vector<std::int64_t>> {
    std::vector<std::int64_t> counts;
    for (std::string_view sql :
         {"INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')",
          "UPDATE items SET score = 1 WHERE id >= 2", "UPDATE items SET score = 1 WHERE id > 99",
          "CREATE TABLE other (id BIGINT)", "DELETE FROM items"}) {
      LK_ASSIGN_OR_RETURN(std::int64_t count, tx.Exec(sql));
      counts.push_back(count);
    }
    return counts;
  });
  LK_ASSERT_OK(result);
  EXPECT_EQ(*result, (std::vector<std::int64_t>{3, 2, 0, 0, 3}));
}

TEST_P(StoreContractTest, PlaceholderInsideLiteralIsNotAnArgument) {
  LK_ASSERT_OK_AND_ASSIGN(auto rows,
                          QueryRows(store(), "SELECT 'why?' AS q, ? AS v", {std::string("it's")}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].GetString("q").value_or(""), "why?");
  EXPECT_EQ(rows[0].GetString("v").value_or(""), "it's");
}

TEST_P(StoreContractTest, DestroyingUncommittedTransactionRollsBack) {
  LK_ASSERT_OK(RunSql(store(), kItemsTable));
  {
    LK_ASSERT_OK_AND_ASSIGN(auto tx, store().Begin());
    LK_ASSERT_OK(tx->Exec("INSERT INTO items (id, name) VALUES (1, 'a')"));
  }
  EXPECT_EQ(CountRows(store(), "items").value_or(-1), 0);
  // The writer is free again.
  LK_ASSERT_OK(RunSql(store(), "INSERT INTO items (id, name) VALUES (1, 'a')"));
  EXPECT_EQ(CountRows(store(), "items").value_or(-1), 1);
}

TEST_P(StoreContractTest, InTransactionRollsBackOnError) {
  LK_ASSERT_OK(RunSql(store(), kItemsTable));
  static constexpr ErrorInfo kTestFailure{"TEST_FAILURE", ErrorKind::kFailedPrecondition, "no"};
  auto result = InTransaction(store(), [](Transaction& tx) -> Result<int> {
    LK_TRY(tx.Exec("INSERT INTO items (id, name) VALUES (1, 'a')"));
    return Fail(MakeError(kTestFailure));
  });
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, "TEST_FAILURE");
  EXPECT_EQ(CountRows(store(), "items").value_or(-1), 0);
}

TEST_P(StoreContractTest, UniqueViolationIsConflict) {
  LK_ASSERT_OK(RunSql(store(), kItemsTable));
  LK_ASSERT_OK(RunSql(store(), "INSERT INTO items (id, name) VALUES (1, ?)",
                      {std::string("secret@example.com")}));
  auto result = RunSql(store(), "INSERT INTO items (id, name) VALUES (2, ?)",
                       {std::string("secret@example.com")});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(result.error().code, "STORE_CONFLICT");
  // Row values stay out of logs: they can be emails or token hashes.
  EXPECT_EQ(result.error().detail.find("secret@example.com"), std::string::npos)
      << result.error().detail;
  EXPECT_EQ(CountRows(store(), "items").value_or(-1), 1);
}

TEST_P(StoreContractTest, ForeignKeyViolationIsConflict) {
  LK_ASSERT_OK(RunSql(store(), "CREATE TABLE parents (id BIGINT PRIMARY KEY)"));
  LK_ASSERT_OK(RunSql(store(),
                      "CREATE TABLE children (id BIGINT PRIMARY KEY, "
                      "parent_id BIGINT NOT NULL REFERENCES parents (id))"));
  auto result = RunSql(store(), "INSERT INTO children (id, parent_id) VALUES (1, 99)");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, "STORE_CONFLICT") << DescribeError(result.error());
}

TEST_P(StoreContractTest, FailedStatementPoisonsTransaction) {
  LK_ASSERT_OK(RunSql(store(), kItemsTable));
  LK_ASSERT_OK(RunSql(store(), "INSERT INTO items (id, name) VALUES (1, 'a')"));
  {
    LK_ASSERT_OK_AND_ASSIGN(auto tx, store().Begin());
    LK_ASSERT_OK(tx->Exec("INSERT INTO items (id, name) VALUES (2, 'b')"));
    ASSERT_FALSE(tx->Exec("INSERT INTO items (id, name) VALUES (3, 'a')").has_value());
    EXPECT_FALSE(tx->Exec("INSERT INTO items (id, name) VALUES (4, 'd')").has_value());
    EXPECT_FALSE(tx->Commit().has_value());
  }
  EXPECT_EQ(CountRows(store(), "items").value_or(-1), 1);
}

TEST_P(StoreContractTest, TransactionIsUnusableAfterCommit) {
  LK_ASSERT_OK_AND_ASSIGN(auto tx, store().Begin());
  LK_ASSERT_OK(tx->Commit());
  EXPECT_EQ(KindOf(tx->Query("SELECT 1")), ErrorKind::kInternal);
  EXPECT_FALSE(tx->Commit().has_value());
}

TEST_P(StoreContractTest, BadCallsAreRefused) {
  LK_ASSERT_OK(RunSql(store(), kItemsTable));
  auto wrong_count =
      RunSql(store(), "INSERT INTO items (id, name) VALUES (?, ?)", {std::int64_t{1}});
  EXPECT_EQ(KindOf(wrong_count), ErrorKind::kInternal);
  auto two_statements = RunSql(store(), "DELETE FROM items; DROP TABLE items");
  EXPECT_EQ(KindOf(two_statements), ErrorKind::kInternal);
  auto bad_syntax = RunSql(store(), "SELEC 1");
  EXPECT_EQ(KindOf(bad_syntax), ErrorKind::kInternal);
  auto nul =
      RunSql(store(), "INSERT INTO items (id, name) VALUES (1, ?)", {std::string("a\0b", 3)});
  EXPECT_EQ(CodeOf(nul), "STORE_INVALID_TEXT");
  EXPECT_EQ(CountRows(store(), "items").value_or(-1), 0);  // the table survived
}

TEST_P(StoreContractTest, ReadTransactionRejectsWrites) {
  LK_ASSERT_OK(RunSql(store(), kItemsTable));
  {
    LK_ASSERT_OK_AND_ASSIGN(auto tx, store().BeginRead());
    EXPECT_FALSE(tx->Exec("INSERT INTO items (id, name) VALUES (1, 'a')").has_value());
  }
  EXPECT_EQ(CountRows(store(), "items").value_or(-1), 0);
  LK_ASSERT_OK(RunSql(store(), "INSERT INTO items (id, name) VALUES (1, 'a')"));
}

TEST_P(StoreContractTest, ReadersSeeCommittedData) {
  LK_ASSERT_OK(RunSql(store(), kItemsTable));
  LK_ASSERT_OK(RunSql(store(), "INSERT INTO items (id, name) VALUES (1, 'a')"));
  std::atomic<int> seen{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&] {
      if (CountRows(store(), "items").value_or(-1) == 1) ++seen;
    });
  }
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(seen.load(), 4);
}

TEST_P(StoreContractTest, ReadersSeeNeitherUncommittedNorLaterData) {
  if (!GetParam().concurrent_readers) GTEST_SKIP() << "readers wait for the writer here";
  LK_ASSERT_OK(RunSql(store(), kItemsTable));
  LK_ASSERT_OK_AND_ASSIGN(auto reader, store().BeginRead());
  LK_ASSERT_OK_AND_ASSIGN(auto before, reader->Query("SELECT COUNT(*) AS n FROM items"));
  EXPECT_EQ(before[0].GetInt("n").value_or(-1), 0);
  {
    LK_ASSERT_OK_AND_ASSIGN(auto writer, store().Begin());
    LK_ASSERT_OK(writer->Exec("INSERT INTO items (id, name) VALUES (1, 'a')"));
    EXPECT_EQ(CountRows(store(), "items").value_or(-1), 0);  // uncommitted
    LK_ASSERT_OK(writer->Commit());
  }
  // The open read transaction keeps its snapshot.
  LK_ASSERT_OK_AND_ASSIGN(auto after, reader->Query("SELECT COUNT(*) AS n FROM items"));
  EXPECT_EQ(after[0].GetInt("n").value_or(-1), 0);
  LK_ASSERT_OK(reader->Commit());
  EXPECT_EQ(CountRows(store(), "items").value_or(-1), 1);
}

TEST_P(StoreContractTest, ConcurrentWritersKeepEveryIncrement) {
  LK_ASSERT_OK(RunSql(store(), "CREATE TABLE counters (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)"));
  LK_ASSERT_OK(RunSql(store(), "INSERT INTO counters (id, n) VALUES (1, 0)"));
  constexpr int kThreads = 8;
  constexpr int kIncrements = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        if (!RunSql(store(), "UPDATE counters SET n = n + 1 WHERE id = ?", {std::int64_t{1}})) {
          ++failures;
        }
      }
    });
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(failures.load(), 0);
  LK_ASSERT_OK_AND_ASSIGN(auto rows, QueryRows(store(), "SELECT n FROM counters WHERE id = 1"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].GetInt("n").value_or(-1), kThreads * kIncrements);
}

}  // namespace

std::string StoreContractParamName(const ::testing::TestParamInfo<StoreContractParam>& info) {
  return info.param.name;
}

std::string DescribeError(const Error& error) {
  return std::to_string(static_cast<int>(error.kind)) + "/" + std::string(error.code) + ": " +
         error.detail;
}

void StoreContractTest::SetUp() {
  store_ = GetParam().factory();
  if (!store_) GTEST_SKIP() << GetParam().skip_reason;
}

}  // namespace latchkey::store::testing

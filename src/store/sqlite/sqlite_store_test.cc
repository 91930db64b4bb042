// The Store contract on SQLite (a temp file and :memory:), plus what only
// the SQLite backend promises: durability across reopen, pragmas, clear
// errors for a bad path, and timeouts instead of deadlocks.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/testing/store_contract.h"
#include "store/testing/store_contract_util.h"

namespace latchkey::store {
namespace {

using testing::CountRows;
using testing::KindOf;
using testing::QueryRows;
using testing::RunSql;
using testing::StoreContractParam;
using testing::StoreContractTest;

namespace fs = std::filesystem;

// One directory per test process, removed at exit.
class TempDirEnvironment : public ::testing::Environment {
 public:
  static fs::path NewPath(std::string_view name) {
    static std::atomic<int> counter{0};
    fs::path dir = Root() / std::to_string(counter++);
    fs::create_directories(dir);
    return dir / name;
  }
  static fs::path Root() {
    return fs::temp_directory_path() / ("lk_store_sqlite_" + std::to_string(::getpid()));
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(Root(), ec);
  }
};

[[maybe_unused]] const auto* const kTempDirs =
    ::testing::AddGlobalTestEnvironment(new TempDirEnvironment);

std::unique_ptr<Store> OpenOrDie(const StoreOptions& options) {
  auto store = Store::Open(options);
  if (!store) {
    ADD_FAILURE() << "Store::Open(" << options.url
                  << "): " << testing::DescribeError(store.error());
    return nullptr;
  }
  return std::move(*store);
}

StoreContractParam FileParam() {
  return {"SqliteFile",
          [] { return OpenOrDie({"sqlite:" + TempDirEnvironment::NewPath("auth.db").string()}); },
          "", true};
}

StoreContractParam MemoryParam() {
  return {"SqliteMemory", [] { return OpenOrDie({"sqlite::memory:"}); }, "", false};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest, ::testing::Values(FileParam(), MemoryParam()),
                         testing::StoreContractParamName);

TEST(SqliteStoreTest, FileStoreSurvivesReopen) {
  const std::string url = "sqlite:" + TempDirEnvironment::NewPath("auth.db").string();
  const Migration migrations[] = {{"t/0001", "CREATE TABLE kept (id BIGINT, v TEXT)", "", ""}};
  {
    auto store = OpenOrDie({url});
    ASSERT_NE(store, nullptr);
    LK_ASSERT_OK(store->Migrate(migrations));
    LK_ASSERT_OK(RunSql(*store, "INSERT INTO kept (id, v) VALUES (?, ?)",
                        {std::int64_t{1763775053975}, std::string("still here")}));
  }
  auto store = OpenOrDie({url});
  ASSERT_NE(store, nullptr);
  LK_ASSERT_OK_AND_ASSIGN(auto rows, QueryRows(*store, "SELECT id, v FROM kept"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].GetInt("id").value_or(0), 1763775053975);
  EXPECT_EQ(rows[0].GetString("v").value_or(""), "still here");
  LK_ASSERT_OK_AND_ASSIGN(auto applied, store->AppliedMigrations());
  EXPECT_EQ(applied, std::vector<std::string>{"t/0001"});
  LK_ASSERT_OK(store->Migrate(migrations));  // already applied: no CREATE again
}

// docs/operations.md "Metrics": the pools report connections leased and
// callers waiting; the writer is one connection.
TEST(SqliteStoreTest, PoolsReportLeasedConnections) {
  auto store = OpenOrDie({"sqlite:" + TempDirEnvironment::NewPath("auth.db").string(), 3});
  auto find = [&](std::string_view name) {
    for (const PoolStats& pool : store->Pools()) {
      if (pool.pool == name) return pool;
    }
    ADD_FAILURE() << "no pool " << name;
    return PoolStats{};
  };
  EXPECT_EQ(find("sqlite_writer").size, 1);
  EXPECT_EQ(find("sqlite_readers").size, 3);
  {
    auto read = store->BeginRead();
    ASSERT_TRUE(read) << read.error().detail;
    auto write = store->Begin();
    ASSERT_TRUE(write) << write.error().detail;
    EXPECT_EQ(find("sqlite_readers").in_use, 1);
    EXPECT_EQ(find("sqlite_writer").in_use, 1);
    EXPECT_EQ(find("sqlite_writer").waiting, 0);
  }
  EXPECT_EQ(find("sqlite_readers").in_use, 0);
  EXPECT_EQ(find("sqlite_writer").in_use, 0);
  auto memory = OpenOrDie({"sqlite::memory:"});
  ASSERT_EQ(memory->Pools().size(), 1u);  // readers take turns on the one connection
  EXPECT_EQ(memory->Pools()[0].pool, "sqlite_writer");
}

TEST(SqliteStoreTest, UsesWalAndFullSync) {
  auto store = OpenOrDie({"sqlite:" + TempDirEnvironment::NewPath("auth.db").string()});
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->dialect(), Dialect::kSqlite);
  LK_ASSERT_OK_AND_ASSIGN(auto mode, QueryRows(*store, "PRAGMA journal_mode"));
  EXPECT_EQ(mode[0].GetString("journal_mode").value_or(""), "wal");
  auto pragmas = InTransaction(*store, [](Transaction& tx) -> Result<std::vector<Row>> {
    LK_ASSIGN_OR_RETURN(auto sync, tx.Query("PRAGMA synchronous"));
    LK_ASSIGN_OR_RETURN(auto fk, tx.Query("PRAGMA foreign_keys"));
    sync.push_back(fk[0]);
    return sync;
  });
  LK_ASSERT_OK(pragmas);
  EXPECT_EQ((*pragmas)[0].GetInt("synchronous").value_or(-1), 2);  // FULL
  EXPECT_EQ((*pragmas)[1].GetInt("foreign_keys").value_or(-1), 1);
}

TEST(SqliteStoreTest, MissingDirectoryIsUnavailableAndNamed) {
  const std::string path =
      (TempDirEnvironment::Root() / "no" / "such" / "dir" / "auth.db").string();
  auto store = Store::Open({"sqlite:" + path});
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(store.error().detail.find(path), std::string::npos) << store.error().detail;
  EXPECT_NE(store.error().detail.find("does not exist"), std::string::npos) << store.error().detail;
}

TEST(SqliteStoreTest, NestedBeginOnOneThreadFailsInsteadOfDeadlocking) {
  for (const char* url : {"sqlite::memory:", ""}) {
    std::string full = *url ? url : "sqlite:" + TempDirEnvironment::NewPath("a.db").string();
    auto store = OpenOrDie({full});
    ASSERT_NE(store, nullptr);
    LK_ASSERT_OK_AND_ASSIGN(auto outer, store->Begin());
    EXPECT_EQ(KindOf(store->Begin()), ErrorKind::kInternal) << full;
  }
}

TEST(SqliteStoreTest, WriterWaitIsBounded) {
  StoreOptions options{"sqlite:" + TempDirEnvironment::NewPath("a.db").string()};
  options.busy_timeout = std::chrono::milliseconds(50);
  auto store = OpenOrDie(options);
  ASSERT_NE(store, nullptr);
  LK_ASSERT_OK_AND_ASSIGN(auto held, store->Begin());
  std::optional<ErrorKind> kind;
  std::thread other([&] { kind = KindOf(store->Begin()); });
  other.join();
  EXPECT_EQ(kind, ErrorKind::kUnavailable);
}

TEST(SqliteStoreTest, ReaderPoolWaitIsBounded) {
  StoreOptions options{"sqlite:" + TempDirEnvironment::NewPath("a.db").string()};
  options.pool_size = 1;
  options.busy_timeout = std::chrono::milliseconds(50);
  auto store = OpenOrDie(options);
  ASSERT_NE(store, nullptr);
  {
    LK_ASSERT_OK_AND_ASSIGN(auto held, store->BeginRead());
    EXPECT_EQ(KindOf(store->BeginRead()), ErrorKind::kUnavailable);
    LK_ASSERT_OK(RunSql(*store, "CREATE TABLE t (id BIGINT)"));  // the writer is separate
  }
  EXPECT_EQ(CountRows(*store, "t").value_or(-1), 0);  // the reader came back
}

// A `latchkey user` command writes beside a running server: what it
// announces reaches the server's subscription (its caches) within the poll
// interval, once, and never after a rollback; the server's own Notify()
// records nothing.
TEST(SqliteStoreTest, AnotherProcessAnnouncementsReachTheSubscription) {
  const std::string url = "sqlite:" + TempDirEnvironment::NewPath("shared.db").string();
  auto server = OpenOrDie({url});
  StoreOptions beside{url};
  beside.record_notifications = true;
  auto command = OpenOrDie(beside);
  ASSERT_NE(server, nullptr);
  ASSERT_NE(command, nullptr);
  std::mutex mu;
  std::vector<std::string> heard;
  std::vector<bool> states;
  LK_ASSERT_OK_AND_ASSIGN(auto subscription, server->Subscribe(
                                                 "lk_changes",
                                                 [&](std::string_view payload) {
                                                   std::lock_guard<std::mutex> lock(mu);
                                                   heard.emplace_back(payload);
                                                 },
                                                 [&](bool live) {
                                                   std::lock_guard<std::mutex> lock(mu);
                                                   states.push_back(live);
                                                 }));
  auto announce = [](Store& store, std::string_view payload, bool commit) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto tx, store.Begin());
    LK_TRY(tx->Notify("lk_changes", payload));
    if (commit) LK_TRY(tx->Commit());
    return {};
  };
  LK_ASSERT_OK(announce(*server, "server's own", true));
  LK_ASSERT_OK(announce(*command, "rolled back", false));
  LK_ASSERT_OK(announce(*command, "u:1", true));
  LK_ASSERT_OK(announce(*command, "u:2", true));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (heard.size() >= 2 || std::chrono::steady_clock::now() > deadline) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // nothing more comes
  subscription.reset();
  EXPECT_EQ(heard, (std::vector<std::string>{"u:1", "u:2"}));
  EXPECT_EQ(states, std::vector<bool>{true});
}

}  // namespace
}  // namespace latchkey::store

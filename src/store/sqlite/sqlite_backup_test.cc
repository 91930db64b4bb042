// The SQLite backup, restore and single-server lock (docs/operations.md
// "Backup and restore"), on real files.
#include "store/sqlite/sqlite_backup.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/store.h"

namespace latchkey::store {
namespace {

namespace fs = std::filesystem;

fs::path NewDir() {
  static std::atomic<int> counter{0};
  fs::path dir = fs::temp_directory_path() / ("lk_sqlite_backup_" + std::to_string(::getpid()) +
                                              "_" + std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::unique_ptr<Store> OpenStore(const fs::path& path) {
  auto store = Store::Open({.url = "sqlite:" + path.string()});
  EXPECT_TRUE(store) << store.error().detail;
  return store ? std::move(*store) : nullptr;
}

std::int64_t CountRows(Store& store) {
  auto rows = store.QueryOnce("SELECT COUNT(*) AS n FROM items");
  EXPECT_TRUE(rows);
  return rows ? rows->front().GetInt("n").value_or(-1) : -1;
}

// A latchkey-shaped database: schema_migrations, and a table being written.
std::unique_ptr<Store> MakeDatabase(const fs::path& path) {
  auto store = OpenStore(path);
  EXPECT_TRUE(InTransaction(*store, [](Transaction& tx) -> Result<void> {
    LK_TRY(tx.Exec("CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT)", {}));
    LK_TRY(tx.Exec("CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL)", {}));
    return {};
  }));
  return store;
}

TEST(SqliteBackupTest, CopiesAConsistentSnapshotWhileWritesGoOnAndRestoresIt) {
  const fs::path dir = NewDir();
  auto store = MakeDatabase(dir / "auth.db");
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      ASSERT_TRUE(InTransaction(*store, [&](Transaction& tx) -> Result<void> {
        // Two rows per transaction: a torn copy would hold an odd count.
        LK_TRY(tx.Exec("INSERT INTO items (v) VALUES (?)", {std::string("a")}));
        LK_TRY(tx.Exec("INSERT INTO items (v) VALUES (?)", {std::string("b")}));
        return {};
      }));
    }
  });
  while (CountRows(*store) < 200) std::this_thread::yield();
  const auto made = BackupSqliteFile((dir / "auth.db").string(), (dir / "backup.db").string());
  stop = true;
  writer.join();
  ASSERT_TRUE(made) << made.error().detail;
  EXPECT_FALSE(fs::exists(dir / "backup.db.partial"));

  auto copy = OpenStore(dir / "backup.db");
  const std::int64_t copied = CountRows(*copy);
  EXPECT_GE(copied, 200);
  EXPECT_EQ(copied % 2, 0) << "only whole transactions";
  EXPECT_LE(copied, CountRows(*store));
  copy.reset();

  // Restored over a database that has moved on: the snapshot comes back.
  store.reset();
  ASSERT_TRUE(RestoreSqliteFile((dir / "backup.db").string(), (dir / "auth.db").string()));
  auto restored = OpenStore(dir / "auth.db");
  EXPECT_EQ(CountRows(*restored), copied);
}

TEST(SqliteBackupTest, NeverOverwritesAndRestoresOnlyALatchkeyDatabase) {
  const fs::path dir = NewDir();
  MakeDatabase(dir / "auth.db");
  std::ofstream(dir / "taken.db") << "something";
  auto refused = BackupSqliteFile((dir / "auth.db").string(), (dir / "taken.db").string());
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().detail.find("exists"), std::string::npos);

  std::ofstream(dir / "text.db") << "not a database at all, but long enough to be read";
  EXPECT_FALSE(RestoreSqliteFile((dir / "text.db").string(), (dir / "auth.db").string()));
  {  // A sound SQLite file without latchkey's tables.
    auto other = OpenStore(dir / "other.db");
    ASSERT_TRUE(InTransaction(*other, [](Transaction& tx) -> Result<void> {
      LK_TRY(tx.Exec("CREATE TABLE t (x)", {}));
      return {};
    }));
  }
  auto foreign = RestoreSqliteFile((dir / "other.db").string(), (dir / "auth.db").string());
  ASSERT_FALSE(foreign);
  EXPECT_NE(foreign.error().detail.find("not a latchkey database"), std::string::npos);
  EXPECT_FALSE(RestoreSqliteFile((dir / "missing.db").string(), (dir / "auth.db").string()));
  auto kept = OpenStore(dir / "auth.db");
  EXPECT_EQ(CountRows(*kept), 0) << "a refused restore leaves the database alone";
}

TEST(SqliteServeLockTest, OneHolderPerDatabaseUntilReleased) {
  const fs::path dir = NewDir();
  const std::string db = (dir / "auth.db").string();
  auto first = SqliteServeLock::Acquire(db);
  ASSERT_TRUE(first) << first.error().detail;
  auto second = SqliteServeLock::Acquire(db);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().detail.find("another latchkey is serving"), std::string::npos);
  EXPECT_TRUE(SqliteServeLock::Acquire((dir / "other.db").string())) << "per file";
  first->reset();
  EXPECT_TRUE(SqliteServeLock::Acquire(db)) << "released with its holder";
}

TEST(SqliteFilePathTest, OnlyAFileUrlNamesAFile) {
  EXPECT_EQ(SqliteFilePath("sqlite:var/latchkey.db"), "var/latchkey.db");
  EXPECT_EQ(SqliteFilePath("sqlite::memory:"), std::nullopt);
  EXPECT_EQ(SqliteFilePath("sqlite:"), std::nullopt);
  EXPECT_EQ(SqliteFilePath("postgres://u@h/db"), std::nullopt);
}

}  // namespace
}  // namespace latchkey::store

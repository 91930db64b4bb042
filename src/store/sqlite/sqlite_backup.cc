#include "store/sqlite/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace latchkey::store {
namespace {

// A connection closed on every path.
struct Db {
  sqlite3* handle = nullptr;
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() { sqlite3_close(handle); }
};

Result<void> Open(Db& db, const std::string& path, int flags) {
  if (sqlite3_open_v2(path.c_str(), &db.handle, flags | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    return Fail(UnavailableError("cannot open " + path + ": " +
                                 (db.handle ? sqlite3_errmsg(db.handle) : "out of memory")));
  }
  sqlite3_busy_timeout(db.handle, 5000);
  return {};
}

// Copies every page of `from` into `to` in one step (one read transaction).
Result<void> CopyPages(Db& from, Db& to, const std::string& what) {
  sqlite3_backup* backup = sqlite3_backup_init(to.handle, "main", from.handle, "main");
  if (backup == nullptr) {
    return Fail(UnavailableError(what + ": " + sqlite3_errmsg(to.handle)));
  }
  const int step = sqlite3_backup_step(backup, -1);
  const int finish = sqlite3_backup_finish(backup);
  if (step != SQLITE_DONE || finish != SQLITE_OK) {
    return Fail(
        UnavailableError(what + ": " + sqlite3_errstr(step != SQLITE_DONE ? step : finish)));
  }
  return {};
}

// "ok" from PRAGMA quick_check, and latchkey's migrations table present.
Result<void> CheckLatchkeyDatabase(Db& db, const std::string& path) {
  std::string verdict;
  auto collect = [](void* out, int, char** values, char**) {
    *static_cast<std::string*>(out) += values[0] ? values[0] : "";
    return 0;
  };
  if (sqlite3_exec(db.handle, "PRAGMA quick_check", collect, &verdict, nullptr) != SQLITE_OK ||
      verdict != "ok") {
    return Fail(InternalError(path + " is not a sound SQLite database (quick_check: " +
                              (verdict.empty() ? sqlite3_errmsg(db.handle) : verdict) + ")"));
  }
  std::string tables;
  if (sqlite3_exec(db.handle,
                   "SELECT name FROM sqlite_master WHERE type = 'table' AND name = "
                   "'schema_migrations'",
                   collect, &tables, nullptr) != SQLITE_OK ||
      tables.empty()) {
    return Fail(InternalError(path + " is not a latchkey database (no schema_migrations table)"));
  }
  return {};
}

}  // namespace

Result<void> BackupSqliteFile(const std::string& db_path, const std::string& out_path) {
  if (std::filesystem::exists(out_path)) {
    return Fail(InternalError(out_path + " exists: choose a new file (a backup never overwrites)"));
  }
  const std::string partial = out_path + ".partial";
  std::filesystem::remove(partial);
  {
    Db source;
    LK_TRY(Open(source, db_path, SQLITE_OPEN_READONLY));
    Db copy;
    LK_TRY(Open(copy, partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    LK_TRY(CopyPages(source, copy, "backup of " + db_path));
    // The copy is a plain rollback-journal file: one file to keep and move.
    sqlite3_exec(copy.handle, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
    if (auto checked = CheckLatchkeyDatabase(copy, partial); !checked) {
      std::filesystem::remove(partial);
      return checked;
    }
  }
  std::error_code error;
  std::filesystem::rename(partial, out_path, error);
  if (error) return Fail(UnavailableError("cannot write " + out_path + ": " + error.message()));
  return {};
}

Result<void> RestoreSqliteFile(const std::string& backup_path, const std::string& db_path) {
  if (!std::filesystem::exists(backup_path)) {
    return Fail(UnavailableError("cannot read " + backup_path + ": no such file"));
  }
  Db backup;
  LK_TRY(Open(backup, backup_path, SQLITE_OPEN_READONLY));
  LK_TRY(CheckLatchkeyDatabase(backup, backup_path));
  Db target;
  LK_TRY(Open(target, db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  // Through the target's own connection, so its WAL is replaced with it.
  return CopyPages(backup, target, "restore into " + db_path);
}

Result<std::unique_ptr<SqliteServeLock>> SqliteServeLock::Acquire(const std::string& db_path) {
  const std::string path = db_path + ".lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Fail(UnavailableError("cannot open " + path + ": " + std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int cause = errno;
    ::close(fd);
    if (cause == EWOULDBLOCK) {
      return Fail(UnavailableError(
          "another latchkey is serving " + db_path +
          " (SQLite is single-node: run several nodes on PostgreSQL, docs/operations.md)"));
    }
    return Fail(UnavailableError("cannot lock " + path + ": " + std::strerror(cause)));
  }
  return std::unique_ptr<SqliteServeLock>(new SqliteServeLock(fd));
}

SqliteServeLock::~SqliteServeLock() { ::close(fd_); }

}  // namespace latchkey::store

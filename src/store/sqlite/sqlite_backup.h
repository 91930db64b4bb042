// SQLite's single-file operations (docs/operations.md "Backup and restore"):
// an online backup of a database that a server is serving, the restore of
// one, and the lock that keeps a SQLite database to one serving process.
#ifndef LK_STORE_SQLITE_SQLITE_BACKUP_H_
#define LK_STORE_SQLITE_SQLITE_BACKUP_H_

#include <memory>
#include <string>

#include "core/result.h"

namespace latchkey::store {

// Copies the database at `db_path` to `out_path` with SQLite's online backup
// API, in one read transaction: a consistent snapshot while writers go on
// (WAL). Written to `out_path`.partial, checked (quick_check), then renamed,
// so `out_path` is never a half-written file. An existing `out_path` is
// refused. Errors (a command's, the detail says what happened): kInternal
// when `out_path` exists or the copy fails its check, kUnavailable when a
// file cannot be read or written.
Result<void> BackupSqliteFile(const std::string& db_path, const std::string& out_path);

// Replaces the database at `db_path` with the backup at `backup_path`, after
// checking the backup (a SQLite file that passes quick_check and holds
// latchkey's migrations table). The caller holds the SqliteServeLock, so no
// server is using `db_path`. Errors: kInternal when the file is not a sound
// latchkey database, kUnavailable when a file cannot be read or written.
Result<void> RestoreSqliteFile(const std::string& backup_path, const std::string& db_path);

// An exclusive advisory lock (flock) on `db_path`.lock, held for the
// object's life: one `latchkey serve` (or restore) per SQLite file. SQLite
// is single-node; several nodes share PostgreSQL instead.
class SqliteServeLock {
 public:
  // Errors: kUnavailable when another process holds the lock (the detail
  // says what to do instead) or the lock file cannot be opened.
  static Result<std::unique_ptr<SqliteServeLock>> Acquire(const std::string& db_path);
  SqliteServeLock(const SqliteServeLock&) = delete;
  SqliteServeLock& operator=(const SqliteServeLock&) = delete;
  ~SqliteServeLock();

 private:
  explicit SqliteServeLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace latchkey::store

#endif  // LK_STORE_SQLITE_SQLITE_BACKUP_H_

// `latchkey backup` and `latchkey restore` (docs/operations.md "Backup and
// restore"): SQLite's online backup of the configured database, safe while a
// server runs, and its restore, refused while one does. PostgreSQL has its
// own tools (pg_dump, pg_restore); these say so instead of pretending.
#include <cstdio>

#include "app/commands.h"
#include "store/sqlite/sqlite_backup.h"
#include "store/store.h"

namespace latchkey::app {
namespace {

constexpr const char* kPostgresAdvice =
    "on PostgreSQL, use pg_dump and pg_restore (docs/operations.md \"Backup and restore\")";

}  // namespace

int RunBackup(const Config& config, const std::string& output) {
  const std::optional<std::string> db = store::SqliteFilePath(config.database_url);
  if (!db) {
    std::fprintf(stderr, "latchkey: backup copies a SQLite file; %s\n", kPostgresAdvice);
    return 2;
  }
  if (auto made = store::BackupSqliteFile(*db, output); !made) {
    std::fprintf(stderr, "latchkey: backup failed: %s\n", made.error().detail.c_str());
    return 1;
  }
  std::printf("backed up %s to %s\n", db->c_str(), output.c_str());
  return 0;
}

int RunRestore(const Config& config, const std::string& input) {
  const std::optional<std::string> db = store::SqliteFilePath(config.database_url);
  if (!db) {
    std::fprintf(stderr, "latchkey: restore replaces a SQLite file; %s\n", kPostgresAdvice);
    return 2;
  }
  // The serving lock: a restore under a running server would pull the
  // database from under it.
  auto lock = store::SqliteServeLock::Acquire(*db);
  if (!lock) {
    std::fprintf(stderr, "latchkey: restore refused: %s; stop it first\n",
                 lock.error().detail.c_str());
    return 1;
  }
  if (auto restored = store::RestoreSqliteFile(input, *db); !restored) {
    std::fprintf(stderr, "latchkey: restore failed: %s\n", restored.error().detail.c_str());
    return 1;
  }
  std::printf("restored %s from %s\n", db->c_str(), input.c_str());
  return 0;
}

}  // namespace latchkey::app

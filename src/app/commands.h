// The CLI's subcommands. Each returns the process exit code.
#ifndef LK_APP_COMMANDS_H_
#define LK_APP_COMMANDS_H_

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/config.h"
#include "core/result.h"

namespace latchkey::app {

inline constexpr const char* kVarDir = "var";

class Application;

// Opens the database (SQLite's directory created, files owner-only) and
// builds the features; OpenAndMigrate also applies the migrations. What
// every command that touches the database does first. A command that
// writes beside a running server passes beside_a_server, so that a SQLite
// server's caches hear its changes (store::StoreOptions::record_notifications).
Result<std::unique_ptr<Application>> OpenDatabase(const Config& config, const Clock& clock,
                                                  bool beside_a_server = false);
Result<std::unique_ptr<Application>> OpenAndMigrate(const Config& config, const Clock& clock,
                                                    bool beside_a_server = false);

int RunServe(Config config);
int RunMigrate(const Config& config);
int RunConfigCheck(Config config);
// `keys list` prints the JWT signing keys; `keys rotate` makes a new one now
// (the old one stays published until its tokens expire).
int RunKeys(Config config, bool rotate);
// `pwned import FILE`: builds the offline breached-password index at
// `output` (default: the configured pwned_index) from "SHA1:count" lines.
int RunPwnedImport(const std::string& input, const std::string& output);

// `audit export`: the filters of GET /admin/audit-events/export (empty =
// unset) and the output file (empty or "-" = stdout). Exit 0, 1 on a
// database or write failure, 2 on a bad filter (audit_command.cc).
struct AuditExportArgs {
  std::string type, actor, target, outcome, address, from, to, output;
};
int RunAuditExport(const Config& config, const AuditExportArgs& args);

// `backup --output FILE`: SQLite's online backup of the database (safe while
// a server runs); `restore --input FILE` replaces the database with one,
// refused while a server runs. Exit 0, 1 on failure, 2 on PostgreSQL (use
// pg_dump; backup_command.cc).
int RunBackup(const Config& config, const std::string& output);
int RunRestore(const Config& config, const std::string& input);

}  // namespace latchkey::app

#endif  // LK_APP_COMMANDS_H_

// The CLI's subcommands. Each returns the process exit code.
#ifndef LK_APP_COMMANDS_H_
#define LK_APP_COMMANDS_H_

#include <string>

#include "core/config.h"

namespace latchkey::app {

inline constexpr const char* kVarDir = "var";

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

}  // namespace latchkey::app

#endif  // LK_APP_COMMANDS_H_

// The CLI's subcommands. Each returns the process exit code.
#ifndef LK_APP_COMMANDS_H_
#define LK_APP_COMMANDS_H_

#include "core/config.h"

namespace latchkey::app {

inline constexpr const char* kVarDir = "var";

int RunServe(Config config);
int RunMigrate(const Config& config);
int RunConfigCheck(Config config);

}  // namespace latchkey::app

#endif  // LK_APP_COMMANDS_H_

// Builds the effective Config from three layers, later ones winning:
// a TOML file (--config), LATCHKEY_* environment variables, command-line flags.
#ifndef LK_APP_CONFIG_LOADER_H_
#define LK_APP_CONFIG_LOADER_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "core/settings.h"

namespace latchkey::app {

// Every table of keys, the server's first (config_tables.cc): the loader,
// the CLI flags, `config check` and `config keys` read it
// (docs/design.md "Settings").
const std::vector<settings::Table>& ConfigTables();

// The server's own keys (config_keys.cc) and their rules (config_validate.cc).
settings::Table ServerSettingsTable();
Result<void> ValidateServerKeys(Config& config);

struct ConfigSources {
  std::optional<std::string> file;           // TOML path
  std::map<std::string, std::string> env;    // LATCHKEY_* variables
  std::map<std::string, std::string> flags;  // key name → value, from the CLI
};

// Reads the current process environment's LATCHKEY_* variables.
std::map<std::string, std::string> ReadEnvironment();

// Errors: INVALID_CONFIG (kInvalidArgument) with `detail` holding a message
// fit for the operator: which key, from which source, what is wrong.
Result<Config> LoadConfig(const ConfigSources& sources);

// Runs every table's rules in table order: cross-field checks and derived
// fields (base_url default, secure_cookies). Does not check the secret: see
// RequireSecret().
Result<void> ValidateConfig(Config& config);

// Ensures config.secret is usable: ≥ kMinSecretBytes, or with config.dev a
// random secret generated once into <var_dir>/secret (mode 0600) and reused.
Result<void> RequireSecret(Config& config, const std::string& var_dir);

// The effective configuration as TOML, secrets and database passwords redacted.
std::string DescribeConfig(const Config& config);

// Every key with its environment variable, default and help, one per line
// (`latchkey config keys`), or as README's keys tables, one markdown table
// per owner (`--markdown`).
std::string DescribeKeys(bool markdown);

}  // namespace latchkey::app

#endif  // LK_APP_CONFIG_LOADER_H_

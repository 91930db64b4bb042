// Builds the effective Config from three layers, later ones winning:
// a TOML file (--config), LATCHKEY_* environment variables, command-line flags.
#ifndef LK_APP_CONFIG_LOADER_H_
#define LK_APP_CONFIG_LOADER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/config.h"
#include "core/result.h"

namespace latchkey::app {

// How `config check` prints a key's value.
enum class Redact { kNone, kUrlPassword, kAll };

// An integer field and its accepted range.
struct IntField {
  std::variant<int Config::*, std::int64_t Config::*, std::uint32_t Config::*> field;
  long long min;
  long long max;
};

// The Config member a key sets. Lists are comma-separated strings (or TOML
// arrays of strings).
using ConfigField = std::variant<std::string Config::*, bool Config::*,
                                 std::vector<std::string> Config::*, IntField>;

// One configuration key, declared once: its TOML name (the flag is the name
// with '_' → '-': --database-url), its environment variable (LATCHKEY_ + the
// name upper-cased), the help line, and the field it sets.
struct ConfigKey {
  std::string name;
  std::string env;
  std::string help;
  ConfigField field;
  Redact redact = Redact::kNone;
};

// Every key the loader understands, in the order `config check` prints them.
const std::vector<ConfigKey>& ConfigKeys();

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

// Checks cross-field rules and fills derived fields (base_url default,
// secure_cookies). Does not check the secret: see RequireSecret().
Result<void> ValidateConfig(Config& config);

// Ensures config.secret is usable: ≥ kMinSecretBytes, or with config.dev a
// random secret generated once into <var_dir>/secret (mode 0600) and reused.
Result<void> RequireSecret(Config& config, const std::string& var_dir);

// The effective configuration as TOML, secrets and database passwords redacted.
std::string DescribeConfig(const Config& config);

}  // namespace latchkey::app

#endif  // LK_APP_CONFIG_LOADER_H_

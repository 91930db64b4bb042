// How configuration keys are declared (docs/design.md "Settings"): each
// owner (the server in app/, each feature in its folder) lists its keys in a
// SettingsTable bound to the members of its own settings struct. app/ builds
// the list of every table; the loader, the CLI flags, `latchkey config check`
// and `latchkey config keys` read that list, so a key is declared once.
//
//   struct RealtimeSettings { int realtime_max_sockets_per_user = 10; };
//   settings::Table RealtimeSettingsTable() {
//     using S = RealtimeSettings;
//     return settings::SettingsTable<S>("realtime", "Realtime WebSocket")
//         .Int("realtime_max_sockets_per_user", &S::realtime_max_sockets_per_user, 1, 1000,
//              "open realtime WebSockets per user")
//         .Build();
//   }
//
// A feature then reads `services.config.Get<RealtimeSettings>()` once, when
// it is built. Core never names a feature: tables are type-erased here.
#ifndef LK_CORE_SETTINGS_H_
#define LK_CORE_SETTINGS_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/ascii.h"
#include "core/config.h"
#include "core/result.h"

namespace latchkey::settings {

inline constexpr ErrorInfo kInvalidConfig{"INVALID_CONFIG", ErrorKind::kInvalidArgument,
                                          "Invalid configuration"};

// The error every configuration rule returns: `detail` is for the operator
// (which key, what is wrong).
inline Error ConfigError(std::string detail) {
  return MakeError(kInvalidConfig, std::move(detail));
}

// Errors: ConfigError naming `key` when `value` is not one of `allowed`.
inline Result<void> OneOf(std::string_view key, const std::string& value,
                          std::initializer_list<std::string_view> allowed) {
  for (std::string_view a : allowed) {
    if (value == a) return {};
  }
  std::string list;
  for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return Fail(
      ConfigError(std::string(key) + ": expected one of " + list + ", got \"" + value + "\""));
}

// How `config check` prints a key's value.
enum class Redact { kNone, kUrlPassword, kAll };

enum class Type { kString, kBool, kInt, kList };

// A key's value as the loader hands it over and `config check` prints it:
// the alternative matching the key's Type.
using Value = std::variant<std::string, bool, long long, std::vector<std::string>>;

// One key, type-erased. The loader parses the text from the file, the
// environment or a flag into the key's type (checking an integer's range)
// and calls set(); get() reads the effective value back.
struct Key {
  std::string name;  // TOML name; the flag is --name with '_' → '-'
  std::string env;   // LATCHKEY_ + the name upper-cased
  std::string help;  // one line; markdown (README's keys table is generated from it)
  Type type = Type::kString;
  long long min = 0;  // kInt: accepted range
  long long max = 0;
  Redact redact = Redact::kNone;
  std::string default_shown;  // how the docs show a computed default; "" = get() of defaults
  std::function<void(Config&, const Value&)> set;
  std::function<Value(const Config&)> get;
};

// Keys named after instances the operator chooses (the OpenID providers:
// `oidc_<id>_issuer`, …): one member per field, for any id. A key of the
// family is `<prefix>_<id>_<field>` (a flag, or the environment's
// LATCHKEY_<PREFIX>_<ID>_<FIELD>, the id upper-cased) or `<field>` in the
// TOML table `[<prefix>.<id>]`. Ids are [a-z0-9_], lower-cased.
struct FamilyMember {
  std::string field;  // "client_secret"
  Type type = Type::kString;
  Redact redact = Redact::kNone;
  std::string help;
};
struct KeyFamily {
  std::string prefix;  // "oidc"
  std::vector<FamilyMember> members;
  std::function<void(Config&, const std::string& id, const FamilyMember&, const Value&)> set;
  // The ids that have any key set, and a member's value for one of them.
  std::function<std::vector<std::string>(const Config&)> ids;
  std::function<Value(const Config&, const std::string& id, const FamilyMember&)> get;
};

// One owner's keys and its cross-field rules.
struct Table {
  std::string owner;  // "server" or the feature's folder
  std::string title;  // heading in README's keys table
  std::vector<Key> keys;
  std::vector<KeyFamily> families;
  // After every key is set, in table order (the server's first): checks
  // rules between keys and fills derived values. Errors: ConfigError(...).
  std::function<Result<void>(Config&)> validate;
};

// Builds the Table of settings struct S (Config itself for the server's
// keys). Each Add* declares one key; Secret(), RedactUrl() and
// DefaultShown() amend the key declared last.
template <class S>
class SettingsTable {
 public:
  SettingsTable(std::string owner, std::string title) {
    table_.owner = std::move(owner);
    table_.title = std::move(title);
  }

  SettingsTable& Add(std::string name, std::string S::*field, std::string help) {
    return Push(std::move(name), std::move(help), Type::kString, field);
  }
  SettingsTable& Add(std::string name, bool S::*field, std::string help) {
    return Push(std::move(name), std::move(help), Type::kBool, field);
  }
  SettingsTable& Add(std::string name, std::vector<std::string> S::*field, std::string help) {
    return Push(std::move(name), std::move(help), Type::kList, field);
  }
  template <class I>
  requires(std::is_integral_v<I> && !std::is_same_v<I, bool>) SettingsTable& Int(
      std::string name, I S::*field, long long min, long long max, std::string help) {
    Push(std::move(name), std::move(help), Type::kInt, field);
    table_.keys.back().min = min;
    table_.keys.back().max = max;
    return *this;
  }

  // The value is a credential: printed as "<redacted>" ("<unset>" if empty).
  SettingsTable& Secret() { return Amend(Redact::kAll); }
  // The value is a URL that may carry a password or a token.
  SettingsTable& RedactUrl() { return Amend(Redact::kUrlPassword); }
  SettingsTable& DefaultShown(std::string shown) {
    table_.keys.back().default_shown = std::move(shown);
    return *this;
  }

  SettingsTable& Family(KeyFamily family) {
    table_.families.push_back(std::move(family));
    return *this;
  }

  // Cross-field rules of this table; `config` is the whole configuration,
  // already validated up to this table (base_url is filled in).
  SettingsTable& Validate(std::function<Result<void>(S& settings, const Config& config)> rule) {
    table_.validate = [rule = std::move(rule)](Config& config) { return rule(Of(config), config); };
    return *this;
  }

  Table Build() { return std::move(table_); }

 private:
  static S& Of(Config& config) {
    if constexpr (std::is_same_v<S, Config>) {
      return config;
    } else {
      return config.Mutable<S>();
    }
  }
  static const S& Of(const Config& config) {
    if constexpr (std::is_same_v<S, Config>) {
      return config;
    } else {
      return config.Get<S>();
    }
  }

  template <class T>
  SettingsTable& Push(std::string name, std::string help, Type type, T S::*field) {
    Key key;
    key.env = "LATCHKEY_" + ascii::Uppered(name);
    key.name = std::move(name);
    key.help = std::move(help);
    key.type = type;
    key.set = [field](Config& config, const Value& value) {
      if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        Of(config).*field = static_cast<T>(std::get<long long>(value));
      } else {
        Of(config).*field = std::get<T>(value);
      }
    };
    key.get = [field](const Config& config) -> Value {
      if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        return static_cast<long long>(Of(config).*field);
      } else {
        return Of(config).*field;
      }
    };
    table_.keys.push_back(std::move(key));
    return *this;
  }
  SettingsTable& Amend(Redact redact) {
    table_.keys.back().redact = redact;
    return *this;
  }

  Table table_;
};

}  // namespace latchkey::settings

#endif  // LK_CORE_SETTINGS_H_

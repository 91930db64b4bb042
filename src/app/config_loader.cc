// Configuration layering. Every key is declared once, in its owner's table
// (ConfigTables()), and parsed here by its type, so a key can never mean
// different things in the file, the environment and the flags.
#include "app/config_loader.h"

#include <toml++/toml.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <sstream>

extern char** environ;

namespace latchkey::app {
namespace {

using settings::ConfigError;

Result<long long> ParseInt(const std::string& key, const std::string& value, long long lo,
                           long long hi) {
  long long out = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc() || ptr != value.data() + value.size() || out < lo || out > hi) {
    return Fail(ConfigError(key + ": expected an integer between " + std::to_string(lo) + " and " +
                            std::to_string(hi) + ", got \"" + value + "\""));
  }
  return out;
}

Result<bool> ParseBool(const std::string& key, const std::string& value) {
  if (value == "true" || value == "1" || value == "on" || value == "yes") return true;
  if (value == "false" || value == "0" || value == "off" || value == "no") return false;
  return Fail(ConfigError(key + ": expected true or false, got \"" + value + "\""));
}

std::vector<std::string> SplitList(const std::string& value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    if (comma == std::string::npos) comma = value.size();
    std::string item = value.substr(start, comma - start);
    auto first = item.find_first_not_of(" \t");
    auto last = item.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
    start = comma + 1;
  }
  return out;
}

const settings::Key* FindKey(const std::string& name) {
  for (const settings::Table& table : ConfigTables()) {
    for (const settings::Key& key : table.keys) {
      if (key.name == name) return &key;
    }
  }
  return nullptr;
}

// The text of a key's value as its type.
Result<settings::Value> Parse(const std::string& name, settings::Type type, long long min,
                              long long max, const std::string& v) {
  switch (type) {
    case settings::Type::kString:
      return settings::Value(v);
    case settings::Type::kBool: {
      LK_ASSIGN_OR_RETURN(bool b, ParseBool(name, v));
      return settings::Value(b);
    }
    case settings::Type::kInt: {
      LK_ASSIGN_OR_RETURN(long long n, ParseInt(name, v, min, max));
      return settings::Value(n);
    }
    case settings::Type::kList:
      return settings::Value(SplitList(v));
  }
  return settings::Value(v);
}

// A key of a family (settings::KeyFamily): "<prefix>_<id>_<field>". Returns
// false when `name` belongs to no family.
Result<bool> ApplyFamily(Config& c, const std::string& name, const std::string& v) {
  for (const settings::Table& table : ConfigTables()) {
    for (const settings::KeyFamily& family : table.families) {
      if (name.rfind(family.prefix + "_", 0) != 0) continue;
      const std::string rest = name.substr(family.prefix.size() + 1);
      for (const settings::FamilyMember& member : family.members) {
        const std::string suffix = "_" + member.field;
        if (rest.size() <= suffix.size() ||
            rest.compare(rest.size() - suffix.size(), suffix.size(), suffix) != 0) {
          continue;
        }
        const std::string id = rest.substr(0, rest.size() - suffix.size());
        if (id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
          return Fail(ConfigError(name + ": an id is [a-z0-9_]"));
        }
        LK_ASSIGN_OR_RETURN(auto value, Parse(name, member.type, 0, 0, v));
        family.set(c, id, member, value);
        return true;
      }
      return Fail(ConfigError("unknown configuration key \"" + name + "\""));
    }
  }
  return false;
}

bool FindEnvKey(const std::string& env) {
  for (const settings::Table& table : ConfigTables()) {
    for (const settings::Key& key : table.keys) {
      if (key.env == env) return true;
    }
  }
  return false;
}

// Applies one key=value (already a string) to the config.
Result<void> Apply(Config& c, const std::string& name, const std::string& v) {
  const settings::Key* key = FindKey(name);
  if (!key) {
    LK_ASSIGN_OR_RETURN(bool applied, ApplyFamily(c, name, v));
    if (applied) return {};
    return Fail(ConfigError("unknown configuration key \"" + name + "\""));
  }
  LK_ASSIGN_OR_RETURN(auto value, Parse(name, key->type, key->min, key->max, v));
  key->set(c, value);
  return {};
}

// A scalar or an array of strings as the text the environment would carry.
Result<std::string> NodeText(const std::string& path, const std::string& key,
                             const toml::node& node) {
  std::string value;
  if (auto s = node.value<std::string>(); s && node.is_string()) {
    value = *s;
  } else if (node.is_integer()) {
    value = std::to_string(*node.value<long long>());
  } else if (node.is_boolean()) {
    value = *node.value<bool>() ? "true" : "false";
  } else if (const auto* arr = node.as_array()) {
    for (auto&& item : *arr) {
      if (!item.is_string()) return Fail(ConfigError(path + ": " + key + " must hold strings"));
      if (!value.empty()) value += ",";
      value += *item.value<std::string>();
    }
  } else {
    return Fail(ConfigError(path + ": " + key + " has an unsupported type"));
  }
  return value;
}

// A family's `[<prefix>.<id>]` tables: each field as "<prefix>_<id>_<field>".
Result<void> ApplyFamilyTables(Config& c, const std::string& path, const std::string& prefix,
                               const toml::table& instances) {
  for (auto&& [id, node] : instances) {
    const auto* fields = node.as_table();
    if (fields == nullptr) {
      return Fail(
          ConfigError(path + ": [" + prefix + "." + std::string(id.str()) + "] must be a table"));
    }
    for (auto&& [field, value_node] : *fields) {
      const std::string name =
          prefix + "_" + std::string(id.str()) + "_" + std::string(field.str());
      LK_ASSIGN_OR_RETURN(std::string value, NodeText(path, name, value_node));
      auto applied = Apply(c, name, value);
      if (!applied) return Fail(ConfigError(path + ": " + applied.error().detail));
    }
  }
  return {};
}

// TOML values of any scalar type become the same strings the env would carry.
Result<void> ApplyFile(Config& c, const std::string& path) {
  // Debian's toml++ is built with exceptions: this is the one place they are
  // caught and turned into an Error (style.md, exceptions only at boundaries).
  toml::table parsed;
  try {
    parsed = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << e.source().begin;
    return Fail(ConfigError("cannot read config file " + path + ": " +
                            std::string(e.description()) + " at " + where.str()));
  }
  for (auto&& [k, node] : parsed) {
    std::string key(k.str());
    if (const auto* instances = node.as_table()) {
      LK_TRY(ApplyFamilyTables(c, path, key, *instances));
      continue;
    }
    LK_ASSIGN_OR_RETURN(std::string value, NodeText(path, key, node));
    auto applied = Apply(c, key, value);
    if (!applied) return Fail(ConfigError(path + ": " + applied.error().detail));
  }
  return {};
}

}  // namespace

std::map<std::string, std::string> ReadEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    if (entry.rfind("LATCHKEY_", 0) != 0) continue;
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return env;
}

Result<Config> LoadConfig(const ConfigSources& sources) {
  Config config;
  if (sources.file) LK_TRY(ApplyFile(config, *sources.file));
  for (const settings::Table& table : ConfigTables()) {
    for (const settings::Key& key : table.keys) {
      auto it = sources.env.find(key.env);
      if (it == sources.env.end()) continue;
      auto applied = Apply(config, key.name, it->second);
      if (!applied) return Fail(ConfigError(key.env + ": " + applied.error().detail));
    }
  }
  // The environment's family keys (LATCHKEY_OIDC_<ID>_<FIELD>): every other
  // LATCHKEY_ variable whose lower-cased name starts with a family's prefix.
  for (const auto& [env, value] : sources.env) {
    if (FindEnvKey(env)) continue;
    std::string name = env.substr(std::string_view("LATCHKEY_").size());
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto applied = ApplyFamily(config, name, value);
    if (!applied) return Fail(ConfigError(env + ": " + applied.error().detail));
  }
  for (const auto& [name, value] : sources.flags) {
    auto applied = Apply(config, name, value);
    if (!applied) return Fail(ConfigError("--" + name + ": " + applied.error().detail));
  }
  LK_TRY(ValidateConfig(config));
  return config;
}

}  // namespace latchkey::app

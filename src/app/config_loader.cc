// Configuration layering. Every key is declared once, in its owner's table
// (ConfigTables()), and parsed here by its type, so a key can never mean
// different things in the file, the environment and the flags.
#include "app/config_loader.h"

#include <toml++/toml.h>

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

// Applies one key=value (already a string) to the config.
Result<void> Apply(Config& c, const std::string& name, const std::string& v) {
  const settings::Key* key = FindKey(name);
  if (!key) return Fail(ConfigError("unknown configuration key \"" + name + "\""));
  switch (key->type) {
    case settings::Type::kString:
      key->set(c, v);
      break;
    case settings::Type::kBool: {
      LK_ASSIGN_OR_RETURN(bool b, ParseBool(name, v));
      key->set(c, b);
      break;
    }
    case settings::Type::kInt: {
      LK_ASSIGN_OR_RETURN(long long n, ParseInt(name, v, key->min, key->max));
      key->set(c, n);
      break;
    }
    case settings::Type::kList:
      key->set(c, SplitList(v));
      break;
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
    std::string value;
    if (auto s = node.value<std::string>(); s && node.is_string()) {
      value = *s;
    } else if (node.is_integer()) {
      value = std::to_string(*node.value<long long>());
    } else if (node.is_boolean()) {
      value = *node.value<bool>() ? "true" : "false";
    } else if (auto* arr = node.as_array()) {
      for (auto&& item : *arr) {
        if (!item.is_string()) return Fail(ConfigError(path + ": " + key + " must hold strings"));
        if (!value.empty()) value += ",";
        value += *item.value<std::string>();
      }
    } else {
      return Fail(ConfigError(path + ": " + key + " has an unsupported type"));
    }
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
  for (const auto& [name, value] : sources.flags) {
    auto applied = Apply(config, name, value);
    if (!applied) return Fail(ConfigError("--" + name + ": " + applied.error().detail));
  }
  LK_TRY(ValidateConfig(config));
  return config;
}

}  // namespace latchkey::app

// Configuration layering and validation. Every key is declared once in
// ConfigKeys() and parsed by one setter, so a key can never mean different
// things in the file, the environment and the flags.
#include "app/config_loader.h"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <sstream>

extern char** environ;

namespace latchkey::app {
namespace {

constexpr ErrorInfo kInvalidConfig{"INVALID_CONFIG", ErrorKind::kInvalidArgument,
                                   "Invalid configuration"};

Error ConfigError(std::string detail) { return MakeError(kInvalidConfig, std::move(detail)); }

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

// Applies one key=value (already a string) to the config.
Result<void> Apply(Config& c, const std::string& key, const std::string& v) {
  auto set_int = [&](auto& field, long long lo, long long hi) -> Result<void> {
    LK_ASSIGN_OR_RETURN(long long n, ParseInt(key, v, lo, hi));
    field = static_cast<std::remove_reference_t<decltype(field)>>(n);
    return {};
  };
  if (key == "host") {
    c.host = v;
    return {};
  }
  if (key == "port") return set_int(c.port, 0, 65535);
  if (key == "base_url") {
    c.base_url = v;
    return {};
  }
  if (key == "trusted_origins") {
    c.trusted_origins = SplitList(v);
    return {};
  }
  if (key == "database_url") {
    c.database_url = v;
    return {};
  }
  if (key == "database_pool_size") return set_int(c.database_pool_size, 0, 256);
  if (key == "secret") {
    c.secret = v;
    return {};
  }
  if (key == "dev") {
    LK_ASSIGN_OR_RETURN(c.dev, ParseBool(key, v));
    return {};
  }
  if (key == "smtp_url") {
    c.smtp_url = v;
    return {};
  }
  if (key == "smtp_allow_plain") {
    LK_ASSIGN_OR_RETURN(c.smtp_allow_plain, ParseBool(key, v));
    return {};
  }
  if (key == "mail_from") {
    c.mail_from = v;
    return {};
  }
  if (key == "mail_dir") {
    c.mail_dir = v;
    return {};
  }
  if (key == "require_email_verification") {
    LK_ASSIGN_OR_RETURN(c.require_email_verification, ParseBool(key, v));
    return {};
  }
  if (key == "send_verification_on_sign_up") {
    LK_ASSIGN_OR_RETURN(c.send_verification_on_sign_up, ParseBool(key, v));
    return {};
  }
  if (key == "change_email_enabled") {
    LK_ASSIGN_OR_RETURN(c.change_email_enabled, ParseBool(key, v));
    return {};
  }
  if (key == "delete_user_confirm_by_mail") {
    LK_ASSIGN_OR_RETURN(c.delete_user_confirm_by_mail, ParseBool(key, v));
    return {};
  }
  if (key == "delete_user_enabled") {
    LK_ASSIGN_OR_RETURN(c.delete_user_enabled, ParseBool(key, v));
    return {};
  }
  if (key == "cookie_prefix") {
    c.cookie_prefix = v;
    return {};
  }
  if (key == "session_expires_in") return set_int(c.session_expires_in_s, 60, 400LL * 86400);
  if (key == "session_update_age") return set_int(c.session_update_age_s, 0, 400LL * 86400);
  if (key == "session_fresh_age") return set_int(c.session_fresh_age_s, 0, 400LL * 86400);
  if (key == "argon2_memory_kib") return set_int(c.argon2_memory_kib, 8, 4LL * 1024 * 1024);
  if (key == "argon2_iterations") return set_int(c.argon2_iterations, 1, 100);
  if (key == "min_password_length") return set_int(c.min_password_length, 1, 1024);
  if (key == "max_password_length") return set_int(c.max_password_length, 1, 4096);
  if (key == "kdf_threads") return set_int(c.kdf_threads, 0, 256);
  if (key == "kdf_queue") return set_int(c.kdf_queue, 0, 100000);
  if (key == "worker_threads") return set_int(c.worker_threads, 1, 1024);
  if (key == "io_threads") return set_int(c.io_threads, 0, 256);
  if (key == "max_connections") return set_int(c.max_connections, 1, 1000000);
  if (key == "shutdown_grace") return set_int(c.shutdown_grace_s, 0, 3600);
  if (key == "log_format") {
    c.log_format = v;
    return {};
  }
  if (key == "log_level") {
    c.log_level = v;
    return {};
  }
  return Fail(ConfigError("unknown configuration key \"" + key + "\""));
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

const std::vector<ConfigKey>& ConfigKeys() {
  static const std::vector<ConfigKey> keys = {
      {"host", "LATCHKEY_HOST", "address to listen on", false},
      {"port", "LATCHKEY_PORT", "TCP port (0 = any free port)", false},
      {"base_url", "LATCHKEY_BASE_URL", "public URL; links, cookies and the trusted origin", false},
      {"trusted_origins", "LATCHKEY_TRUSTED_ORIGINS", "extra trusted origins, comma-separated",
       false},
      {"database_url", "LATCHKEY_DATABASE_URL", "sqlite:PATH or postgres://…", true},
      {"database_pool_size", "LATCHKEY_DATABASE_POOL_SIZE",
       "database connections (0 = worker_threads)", false},
      {"secret", "LATCHKEY_SECRET", "server secret, ≥ 32 bytes", true},
      {"dev", "LATCHKEY_DEV", "generate and keep var/secret when no secret is set", false},
      {"cookie_prefix", "LATCHKEY_COOKIE_PREFIX", "cookie name prefix", false},
      {"smtp_url", "LATCHKEY_SMTP_URL", "smtp://user:pass@host:port (empty: .eml files)", true},
      {"smtp_allow_plain", "LATCHKEY_SMTP_ALLOW_PLAIN", "allow SMTP without TLS", false},
      {"mail_from", "LATCHKEY_MAIL_FROM", "the From: of every mail", false},
      {"mail_dir", "LATCHKEY_MAIL_DIR", "where mails go without SMTP", false},
      {"require_email_verification", "LATCHKEY_REQUIRE_EMAIL_VERIFICATION",
       "unverified users cannot sign in", false},
      {"send_verification_on_sign_up", "LATCHKEY_SEND_VERIFICATION_ON_SIGN_UP",
       "mail a verification link on sign-up", false},
      {"change_email_enabled", "LATCHKEY_CHANGE_EMAIL_ENABLED", "allow POST /change-email", false},
      {"delete_user_confirm_by_mail", "LATCHKEY_DELETE_USER_CONFIRM_BY_MAIL",
       "delete-user mails a confirmation link", false},
      {"delete_user_enabled", "LATCHKEY_DELETE_USER_ENABLED", "allow POST /delete-user", false},
      {"session_expires_in", "LATCHKEY_SESSION_EXPIRES_IN", "session lifetime, seconds", false},
      {"session_update_age", "LATCHKEY_SESSION_UPDATE_AGE", "sliding refresh interval, s", false},
      {"session_fresh_age", "LATCHKEY_SESSION_FRESH_AGE", "fresh-session window, s", false},
      {"argon2_memory_kib", "LATCHKEY_ARGON2_MEMORY_KIB", "Argon2id memory, KiB", false},
      {"argon2_iterations", "LATCHKEY_ARGON2_ITERATIONS", "Argon2id passes", false},
      {"min_password_length", "LATCHKEY_MIN_PASSWORD_LENGTH", "minimum password length", false},
      {"max_password_length", "LATCHKEY_MAX_PASSWORD_LENGTH", "maximum password length", false},
      {"kdf_threads", "LATCHKEY_KDF_THREADS", "password-hash threads (0 = cores)", false},
      {"kdf_queue", "LATCHKEY_KDF_QUEUE", "password hashes allowed to wait", false},
      {"worker_threads", "LATCHKEY_WORKER_THREADS", "handler threads", false},
      {"io_threads", "LATCHKEY_IO_THREADS", "I/O threads (0 = cores)", false},
      {"max_connections", "LATCHKEY_MAX_CONNECTIONS", "open connection cap", false},
      {"shutdown_grace", "LATCHKEY_SHUTDOWN_GRACE", "drain time on SIGTERM, s", false},
      {"log_format", "LATCHKEY_LOG_FORMAT", "json or text", false},
      {"log_level", "LATCHKEY_LOG_LEVEL", "debug, info, warn or error", false},
  };
  return keys;
}

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
  for (const ConfigKey& key : ConfigKeys()) {
    auto it = sources.env.find(key.env);
    if (it == sources.env.end()) continue;
    auto applied = Apply(config, key.name, it->second);
    if (!applied) return Fail(ConfigError(std::string(key.env) + ": " + applied.error().detail));
  }
  for (const auto& [name, value] : sources.flags) {
    auto applied = Apply(config, name, value);
    if (!applied) return Fail(ConfigError("--" + name + ": " + applied.error().detail));
  }
  LK_TRY(ValidateConfig(config));
  return config;
}

}  // namespace latchkey::app

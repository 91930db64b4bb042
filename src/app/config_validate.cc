// Cross-field validation, the secret rule and the redacted description of
// the effective configuration (`latchkey config check`).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/config_loader.h"
#include "crypto/encoding.h"
#include "crypto/random.h"

namespace latchkey::app {
namespace {

constexpr ErrorInfo kInvalidConfig{"INVALID_CONFIG", ErrorKind::kInvalidArgument,
                                   "Invalid configuration"};
Error ConfigError(std::string detail) { return MakeError(kInvalidConfig, std::move(detail)); }

bool StartsWith(std::string_view s, std::string_view p) { return s.rfind(p, 0) == 0; }

constexpr const char* kHowToMakeSecret =
    "Set LATCHKEY_SECRET (or `secret` in the config file, or --secret) to at least 32 random "
    "bytes, for example: export LATCHKEY_SECRET=\"$(openssl rand -base64 32)\". For local "
    "development only, `latchkey serve --dev` generates one and keeps it in var/secret.";

// postgres://user:password@host/db → postgres://user:<redacted>@host/db
std::string RedactUrl(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  auto at = url.find('@', scheme + 3);
  if (at == std::string::npos) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "<redacted>" + url.substr(at);
}

std::string TomlString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

Result<void> ValidateConfig(Config& c) {
  if (c.host.empty()) return Fail(ConfigError("host: must not be empty"));
  if (!StartsWith(c.database_url, "sqlite:") && !StartsWith(c.database_url, "postgres://") &&
      !StartsWith(c.database_url, "postgresql://")) {
    return Fail(ConfigError("database_url: expected sqlite:PATH or postgres://…, got \"" +
                            RedactUrl(c.database_url) + "\""));
  }
  if (c.database_url == "sqlite:") return Fail(ConfigError("database_url: sqlite: needs a path"));
  if (c.base_url.empty()) {
    c.base_url = "http://" + c.host + ":" + std::to_string(c.port);
  }
  if (!StartsWith(c.base_url, "http://") && !StartsWith(c.base_url, "https://")) {
    return Fail(ConfigError("base_url: must start with http:// or https://"));
  }
  while (c.base_url.size() > 8 && c.base_url.back() == '/') c.base_url.pop_back();
  for (const std::string& origin : c.trusted_origins) {
    if (origin.find("://") == std::string::npos && origin.find('*') == std::string::npos) {
      return Fail(ConfigError("trusted_origins: \"" + origin + "\" is not an origin"));
    }
  }
  c.secure_cookies = StartsWith(c.base_url, "https://");
  if (c.cookie_prefix.empty() ||
      c.cookie_prefix.find_first_of(" ;,=\"\t\r\n") != std::string::npos) {
    return Fail(ConfigError("cookie_prefix: must be a non-empty cookie-name token"));
  }
  if (!c.smtp_url.empty() && !StartsWith(c.smtp_url, "smtp://") &&
      !StartsWith(c.smtp_url, "smtps://")) {
    return Fail(ConfigError("smtp_url: expected smtp://… or smtps://…"));
  }
  // Header injection: the From line is copied into every mail.
  if (c.mail_from.empty() || c.mail_from.find_first_of("\r\n") != std::string::npos) {
    return Fail(ConfigError("mail_from: must be one non-empty line"));
  }
  if (c.min_password_length > c.max_password_length) {
    return Fail(ConfigError("min_password_length is greater than max_password_length"));
  }
  if (c.log_format != "json" && c.log_format != "text") {
    return Fail(ConfigError("log_format: expected json or text, got \"" + c.log_format + "\""));
  }
  if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
      c.log_level != "error") {
    return Fail(ConfigError("log_level: expected debug, info, warn or error"));
  }
  return {};
}

Result<void> RequireSecret(Config& config, const std::string& var_dir) {
  if (!config.secret.empty()) {
    if (config.secret.size() < kMinSecretBytes) {
      return Fail(ConfigError("the secret is " + std::to_string(config.secret.size()) +
                              " bytes; at least 32 are required. " + kHowToMakeSecret));
    }
    return {};
  }
  if (!config.dev) return Fail(ConfigError(std::string("no secret is set. ") + kHowToMakeSecret));
  std::error_code ec;
  std::filesystem::create_directories(var_dir, ec);
  const std::string path = var_dir + "/secret";
  std::ifstream existing(path);
  if (existing) {
    std::getline(existing, config.secret);
    if (config.secret.size() >= kMinSecretBytes) return {};
    return Fail(ConfigError(path + " holds a secret shorter than 32 bytes; delete it to renew"));
  }
  std::string secret = crypto::Base64Encode(crypto::RandomBytes(32));
  // O_EXCL + 0600: never overwrite, never readable by others.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    return Fail(ConfigError("cannot create " + path + ": " + std::strerror(errno)));
  }
  std::string line = secret + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok = (::fsync(fd) == 0) && ok;
  ::close(fd);
  if (!ok) return Fail(ConfigError("cannot write " + path));
  config.secret = secret;
  return {};
}

std::string DescribeConfig(const Config& c) {
  std::ostringstream out;
  auto str = [&](const char* k, const std::string& v) {
    out << k << " = " << TomlString(v) << "\n";
  };
  auto num = [&](const char* k, long long v) { out << k << " = " << v << "\n"; };
  str("host", c.host);
  num("port", c.port);
  str("base_url", c.base_url);
  out << "trusted_origins = [";
  for (std::size_t i = 0; i < c.trusted_origins.size(); ++i) {
    out << (i ? ", " : "") << TomlString(c.trusted_origins[i]);
  }
  out << "]\n";
  str("database_url", RedactUrl(c.database_url));
  num("database_pool_size", c.database_pool_size);
  str("secret", c.secret.empty() ? "<unset>" : "<redacted>");
  out << "dev = " << (c.dev ? "true" : "false") << "\n";
  str("cookie_prefix", c.cookie_prefix);
  str("smtp_url", RedactUrl(c.smtp_url));
  out << "smtp_allow_plain = " << (c.smtp_allow_plain ? "true" : "false") << "\n";
  str("mail_from", c.mail_from);
  str("mail_dir", c.mail_dir);
  out << "require_email_verification = " << (c.require_email_verification ? "true" : "false")
      << "\n";
  out << "send_verification_on_sign_up = " << (c.send_verification_on_sign_up ? "true" : "false")
      << "\n";
  out << "change_email_enabled = " << (c.change_email_enabled ? "true" : "false") << "\n";
  out << "delete_user_confirm_by_mail = " << (c.delete_user_confirm_by_mail ? "true" : "false")
      << "\n";
  out << "delete_user_enabled = " << (c.delete_user_enabled ? "true" : "false") << "\n";
  num("session_expires_in", c.session_expires_in_s);
  num("session_update_age", c.session_update_age_s);
  num("session_fresh_age", c.session_fresh_age_s);
  num("argon2_memory_kib", c.argon2_memory_kib);
  num("argon2_iterations", c.argon2_iterations);
  num("min_password_length", c.min_password_length);
  num("max_password_length", c.max_password_length);
  num("kdf_threads", c.kdf_threads);
  num("kdf_queue", c.kdf_queue);
  num("worker_threads", c.worker_threads);
  num("io_threads", c.io_threads);
  num("max_connections", c.max_connections);
  num("shutdown_grace", c.shutdown_grace_s);
  str("log_format", c.log_format);
  str("log_level", c.log_level);
  return out.str();
}

}  // namespace latchkey::app

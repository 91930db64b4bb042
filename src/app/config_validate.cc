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
#include <thread>

#include "app/config_loader.h"
#include "app/redact.h"
#include "app/secret_rotation.h"
#include "core/trusted_origins.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "observability/tracing/error_reports.h"
#include "observability/tracing/tracer.h"
#include "store/redis/redis_client.h"

namespace latchkey::app {
namespace {

using settings::ConfigError;

bool StartsWith(std::string_view s, std::string_view p) { return s.rfind(p, 0) == 0; }

constexpr const char* kHowToMakeSecret =
    "Set LATCHKEY_SECRET (or `secret` in the config file, or --secret) to at least 32 random "
    "bytes, for example: export LATCHKEY_SECRET=\"$(openssl rand -base64 32)\". For local "
    "development only, `latchkey serve --dev` generates one and keeps it in var/secret.";

// A trusted-origin pattern that matches two unrelated sites matches every
// site: "*", "*.*", "https://*", "*://*", "http://*:*"...
bool TrustsEverySite(const std::string& pattern) {
  if (pattern.find_first_of("*?") == std::string::npos) return false;
  const TrustedOrigins trusted("https://base.invalid", {pattern});
  for (std::string_view scheme : {"https://", "http://"}) {
    for (std::string_view port : {"", ":8443"}) {
      auto probe = [&](std::string_view host) {
        return trusted.IsTrustedOrigin(std::string(scheme) + std::string(host) + std::string(port));
      };
      if (probe("attacker-one.invalid") && probe("attacker-two.test")) return true;
    }
  }
  return false;
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

// The Redis URL's shape, so `config check` catches it (the client connects
// lazily). Errors name the part that is wrong, never the URL (a secret).
Result<void> ValidateRedisUrl(const Config& c) {
  if (c.redis_url.empty()) return {};
  auto url = store::redis::ParseRedisUrl(c.redis_url);
  if (!url) return Fail(ConfigError("redis_url: " + url.error().detail));
  if (url->tls) {
    return Fail(
        ConfigError("redis_url: rediss:// is not supported (Debian 12's hiredis has no TLS); see "
                    "docs/operations.md \"Several nodes\""));
  }
  return {};
}

// Tracing and error-report keys. Errors never quote a secret's value.
Result<void> ValidateObservabilityKeys(Config& c) {
  if (!c.otlp_endpoint.empty() && !StartsWith(c.otlp_endpoint, "http://") &&
      !StartsWith(c.otlp_endpoint, "https://")) {
    return Fail(ConfigError("otlp_endpoint: expected http://… or https://…"));
  }
  std::vector<std::pair<std::string, std::string>> headers;
  if (!tracing::ParseHeaderList(c.otlp_headers, headers)) {
    return Fail(ConfigError("otlp_headers: expected name=value,name2=value2"));
  }
  char* end = nullptr;
  const double ratio = std::strtod(c.otlp_sample_ratio.c_str(), &end);
  if (c.otlp_sample_ratio.empty() ||
      end != c.otlp_sample_ratio.c_str() + c.otlp_sample_ratio.size() ||
      !(ratio >= 0 && ratio <= 1)) {
    return Fail(ConfigError("otlp_sample_ratio: expected a number from 0 to 1"));
  }
  c.otlp_sample = ratio;
  if (!c.sentry_dsn.empty() && !reports::ParseDsn(c.sentry_dsn)) {
    return Fail(ConfigError(
        "sentry_dsn: expected https://<public key>@<host>/<project id> (the DSN Sentry shows)"));
  }
  if (c.sentry_environment.empty() || c.sentry_environment.size() > 64 ||
      c.sentry_environment.find_first_of("\r\n") != std::string::npos) {
    return Fail(ConfigError("sentry_environment: must be one line of 1 to 64 bytes"));
  }
  return {};
}

Result<void> ValidateServerKeys(Config& c) {
  if (c.host.empty()) return Fail(ConfigError("host: must not be empty"));
  LK_TRY(ValidateRedisUrl(c));
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
    // ASVS 3.5.3 / 5.1.5: a catch-all would switch off both the CSRF origin
    // check and the callbackURL/redirectTo check.
    if (TrustsEverySite(origin)) {
      return Fail(ConfigError(
          "trusted_origins: \"" + origin +
          "\" trusts every site, which would switch off the cross-site request (CSRF) check "
          "and the redirect check (callbackURL, redirectTo). List the origins of your apps "
          "instead, e.g. https://app.example.com, or every subdomain of one domain with "
          "https://*.example.com"));
    }
  }
  c.secure_cookies = StartsWith(c.base_url, "https://");
  if (c.worker_threads == 0) {
    // Enough that hashes in flight (at most half the workers, see the KDF
    // queue in app/application.cc) never starve session checks.
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    c.worker_threads = std::max(16, 10 * cores);
  }
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
  // The product name goes into mail subjects, so the same rule holds.
  if (c.product_name.empty() || c.product_name.size() > 100 ||
      c.product_name.find_first_of("\r\n") != std::string::npos) {
    return Fail(ConfigError("product_name: must be one non-empty line of at most 100 bytes"));
  }
  if (c.log_format != "json" && c.log_format != "text") {
    return Fail(ConfigError("log_format: expected json or text, got \"" + c.log_format + "\""));
  }
  if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
      c.log_level != "error") {
    return Fail(ConfigError("log_level: expected debug, info, warn or error"));
  }
  return ValidateObservabilityKeys(c);
}

Result<void> ValidateConfig(Config& config) {
  for (const settings::Table& table : ConfigTables()) {
    if (table.validate) LK_TRY(table.validate(config));
  }
  return {};
}

Result<void> RequireSecret(Config& config, const std::string& var_dir) {
  LK_TRY(CheckPreviousSecrets(config, var_dir));
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
  struct Printer {
    settings::Redact redact;
    std::ostringstream& out;
    void operator()(const std::string& v) const {
      if (redact == settings::Redact::kAll) {
        out << TomlString(v.empty() ? "<unset>" : "<redacted>");
      } else {
        out << TomlString(redact == settings::Redact::kUrlPassword ? RedactUrl(v) : v);
      }
    }
    void operator()(bool v) const { out << (v ? "true" : "false"); }
    void operator()(long long v) const { out << v; }
    void operator()(const std::vector<std::string>& items) const {
      out << "[";
      for (std::size_t i = 0; i < items.size(); ++i) {
        out << (i ? ", " : "")
            << TomlString(redact == settings::Redact::kAll ? std::string("<redacted>") : items[i]);
      }
      out << "]";
    }
  };
  for (const settings::Table& table : ConfigTables()) {
    for (const settings::Key& key : table.keys) {
      out << key.name << " = ";
      std::visit(Printer{key.redact, out}, key.get(c));
      out << "\n";
    }
    for (const settings::KeyFamily& family : table.families) {
      for (const std::string& id : family.ids(c)) {
        for (const settings::FamilyMember& member : family.members) {
          out << family.prefix << "_" << id << "_" << member.field << " = ";
          std::visit(Printer{member.redact, out}, family.get(c, id, member));
          out << "\n";
        }
      }
    }
  }
  return out.str();
}

}  // namespace latchkey::app

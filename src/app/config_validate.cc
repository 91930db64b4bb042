// Cross-field validation, the secret rule and the redacted description of
// the effective configuration (`latchkey config check`).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
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

// jwt_extra_claims must be one JSON object naming none of the claims latchkey
// sets itself; it is stored re-serialised (compact) for the issuer to splice.
Result<void> NormalizeExtraClaims(std::string& claims) {
  if (claims.empty()) return {};
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(claims, ec);
  if (ec || !parsed.is_object()) {
    return Fail(ConfigError("jwt_extra_claims: expected a JSON object"));
  }
  static constexpr std::string_view kReserved[] = {
      "iat", "exp",  "nbf",   "sub",           "iss",   "aud",       "sid",      "jti",
      "id",  "name", "email", "emailVerified", "image", "createdAt", "updatedAt"};
  for (const auto& member : parsed.as_object()) {
    for (std::string_view reserved : kReserved) {
      if (member.key() == reserved) {
        return Fail(ConfigError("jwt_extra_claims: \"" + std::string(reserved) +
                                "\" is set by latchkey and cannot be overridden"));
      }
    }
  }
  claims = boost::json::serialize(parsed);
  return {};
}

Result<void> OneOf(std::string_view key, const std::string& value,
                   std::initializer_list<std::string_view> allowed) {
  for (std::string_view a : allowed) {
    if (value == a) return {};
  }
  std::string list;
  for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return Fail(
      ConfigError(std::string(key) + ": expected one of " + list + ", got \"" + value + "\""));
}

// The abuse settings whose parsing lives in features/abuse are checked again
// there at startup; these are the plain enumerations.
Result<void> ValidateAbuse(const Config& c) {
  LK_TRY(OneOf("client_ip_header", c.client_ip_header, {"x-forwarded-for", "forwarded"}));
  LK_TRY(OneOf("captcha_provider", c.captcha_provider, {"", "turnstile", "recaptcha", "hcaptcha"}));
  LK_TRY(OneOf("pwned_check", c.pwned_check, {"off", "online", "offline"}));
  LK_TRY(OneOf("pwned_policy", c.pwned_policy, {"reject", "warn"}));
  if (!c.captcha_provider.empty() && c.captcha_secret.empty()) {
    return Fail(ConfigError("captcha_secret: required when captcha_provider is set"));
  }
  return {};
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
  if (c.min_password_length > c.max_password_length) {
    return Fail(ConfigError("min_password_length is greater than max_password_length"));
  }
  if (c.log_format != "json" && c.log_format != "text") {
    return Fail(ConfigError("log_format: expected json or text, got \"" + c.log_format + "\""));
  }
  if (c.jwt_alg != "EdDSA" && c.jwt_alg != "ES256" && c.jwt_alg != "RS256") {
    return Fail(ConfigError("jwt_alg: expected EdDSA, ES256 or RS256, got \"" + c.jwt_alg + "\""));
  }
  LK_TRY(NormalizeExtraClaims(c.jwt_extra_claims));
  LK_TRY(ValidateAbuse(c));
  if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
      c.log_level != "error") {
    return Fail(ConfigError("log_level: expected debug, info, warn or error"));
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
    const Config& c;
    Redact redact;
    std::ostringstream& out;
    void operator()(std::string Config::*field) const {
      const std::string& v = c.*field;
      if (redact == Redact::kAll) {
        out << TomlString(v.empty() ? "<unset>" : "<redacted>");
      } else {
        out << TomlString(redact == Redact::kUrlPassword ? RedactUrl(v) : v);
      }
    }
    void operator()(bool Config::*field) const { out << (c.*field ? "true" : "false"); }
    void operator()(std::vector<std::string> Config::*field) const {
      out << "[";
      const auto& items = c.*field;
      for (std::size_t i = 0; i < items.size(); ++i) {
        out << (i ? ", " : "")
            << TomlString(redact == Redact::kAll ? std::string("<redacted>") : items[i]);
      }
      out << "]";
    }
    void operator()(const IntField& spec) const {
      std::visit([&](auto field) { out << static_cast<long long>(c.*field); }, spec.field);
    }
  };
  for (const ConfigKey& key : ConfigKeys()) {
    out << key.name << " = ";
    std::visit(Printer{c, key.redact, out}, key.field);
    out << "\n";
  }
  return out.str();
}

}  // namespace latchkey::app

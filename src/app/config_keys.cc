// The table of every configuration key: the one place a key is declared.
// The loader, the CLI flags and `config check` all read it.
#include "app/config_loader.h"
#include "core/ascii.h"

namespace latchkey::app {
namespace {

ConfigKey Key(std::string name, std::string help, ConfigField field,
              Redact redact = Redact::kNone) {
  std::string env = "LATCHKEY_";
  env += ascii::Uppered(name);
  return {std::move(name), std::move(env), std::move(help), field, redact};
}

template <class T>
IntField Int(T Config::*field, long long min, long long max) {
  return {field, min, max};
}

constexpr long long kMaxAgeS = 400LL * 86400;  // browsers cap cookie lifetimes at 400 days

}  // namespace

const std::vector<ConfigKey>& ConfigKeys() {
  using C = Config;
  static const std::vector<ConfigKey> keys = {
      Key("host", "address to listen on", &C::host),
      Key("port", "TCP port (0 = any free port)", Int(&C::port, 0, 65535)),
      Key("base_url", "public URL; links, cookies and the trusted origin", &C::base_url),
      Key("trusted_origins", "extra trusted origins, comma-separated", &C::trusted_origins),
      Key("database_url", "sqlite:PATH or postgres://…", &C::database_url, Redact::kUrlPassword),
      Key("database_pool_size", "database connections (0 = worker_threads)",
          Int(&C::database_pool_size, 0, 256)),
      Key("secret", "server secret, ≥ 32 bytes", &C::secret, Redact::kAll),
      Key("previous_secrets", "earlier secrets, still accepted for what they signed",
          &C::previous_secrets, Redact::kAll),
      Key("dev", "generate and keep var/secret when no secret is set", &C::dev),
      Key("cookie_prefix", "cookie name prefix", &C::cookie_prefix),
      Key("product_name", "product name in mails", &C::product_name),
      Key("smtp_url", "smtp://user:pass@host:port (empty: .eml files)", &C::smtp_url,
          Redact::kUrlPassword),
      Key("smtp_allow_plain", "allow SMTP without TLS", &C::smtp_allow_plain),
      Key("mail_from", "the From: of every mail", &C::mail_from),
      Key("mail_dir", "where mails go without SMTP", &C::mail_dir),
      Key("mail_retention_days", "days sent or dead mails are kept (bodies scrubbed)",
          Int(&C::mail_retention_days, 1, 3650)),
      Key("require_email_verification", "unverified users cannot sign in",
          &C::require_email_verification),
      Key("send_verification_on_sign_up", "mail a verification link on sign-up",
          &C::send_verification_on_sign_up),
      Key("send_verification_on_sign_in", "an unverified user's sign-in mails a new link",
          &C::send_verification_on_sign_in),
      Key("auto_sign_in_after_verification", "verify-email signs the user in",
          &C::auto_sign_in_after_verification),
      Key("new_device_notice", "mail the user when a new device signs in", &C::new_device_notice),
      Key("change_email_enabled", "allow POST /change-email", &C::change_email_enabled),
      Key("delete_user_confirm_by_mail", "delete-user mails a confirmation link",
          &C::delete_user_confirm_by_mail),
      Key("delete_user_enabled", "allow POST /delete-user", &C::delete_user_enabled),
      Key("session_expires_in", "session lifetime, seconds",
          Int(&C::session_expires_in_s, 60, kMaxAgeS)),
      Key("session_update_age", "sliding refresh interval, s",
          Int(&C::session_update_age_s, 0, kMaxAgeS)),
      Key("session_fresh_age", "fresh-session window, s",
          Int(&C::session_fresh_age_s, 0, kMaxAgeS)),
      Key("session_absolute_lifetime", "re-authenticate after this long, s (0 = never)",
          Int(&C::session_absolute_lifetime_s, 0, 10LL * 365 * 86400)),
      Key("api_key_header", "request header carrying an API key", &C::api_key_header),
      Key("api_key_prefix", "default prefix of new API keys", &C::api_key_prefix),
      Key("api_key_session", "an API key authenticates as its owner", &C::api_key_session),
      Key("revoke_api_keys_on_password_reset", "a password reset revokes API keys too",
          &C::revoke_api_keys_on_password_reset),
      Key("api_key_metadata", "API keys accept metadata", &C::api_key_metadata),
      Key("api_key_rate_limit_enabled", "new API keys are rate-limited",
          &C::api_key_rate_limit_enabled),
      Key("api_key_rate_limit_window_ms", "new API keys' rate-limit window, ms",
          Int(&C::api_key_rate_limit_window_ms, 1, kMaxAgeS * 1000)),
      Key("api_key_rate_limit_max", "new API keys' requests per window",
          Int(&C::api_key_rate_limit_max, 1, 1000000000)),
      Key("argon2_memory_kib", "Argon2id memory, KiB",
          Int(&C::argon2_memory_kib, 8, 4LL * 1024 * 1024)),
      Key("argon2_iterations", "Argon2id passes", Int(&C::argon2_iterations, 1, 100)),
      Key("min_password_length", "minimum password length", Int(&C::min_password_length, 1, 1024)),
      Key("max_password_length", "maximum password length", Int(&C::max_password_length, 1, 4096)),
      Key("common_password_check", "refuse the 10,000 most common passwords",
          &C::common_password_check),
      Key("kdf_threads", "password-hash threads (0 = cores)", Int(&C::kdf_threads, 0, 256)),
      Key("kdf_queue", "password hashes allowed to wait", Int(&C::kdf_queue, 0, 100000)),
      Key("worker_threads", "handler threads (0 = max(16, 10 x cores))",
          Int(&C::worker_threads, 0, 1024)),
      Key("io_threads", "I/O threads (0 = cores)", Int(&C::io_threads, 0, 256)),
      Key("max_connections", "open connection cap", Int(&C::max_connections, 1, 1000000)),
      Key("shutdown_grace", "drain time on SIGTERM, s", Int(&C::shutdown_grace_s, 0, 3600)),
      Key("jwt_alg", "JWT signing algorithm: EdDSA, ES256 or RS256", &C::jwt_alg),
      Key("jwt_expires_in", "lifetime of GET /token and set-auth-jwt JWTs, s",
          Int(&C::jwt_expires_in_s, 30, 86400)),
      Key("jwt_rotation_interval", "signing key rotation interval, s (0 = never)",
          Int(&C::jwt_rotation_interval_s, 0, 10LL * 365 * 86400)),
      Key("jwt_issuer", "iss of every JWT (empty: base_url's origin)", &C::jwt_issuer),
      Key("jwt_audience", "aud of every JWT (empty: base_url's origin)", &C::jwt_audience),
      Key("jwt_extra_claims", "JSON object of claims added to every JWT", &C::jwt_extra_claims),
      Key("jwt_header_on_get_session", "get-session answers a set-auth-jwt header",
          &C::jwt_header_on_get_session),
      Key("access_token_ttl", "refresh flow: access token lifetime, s",
          Int(&C::access_token_ttl_s, 30, 86400)),
      Key("refresh_token_ttl", "refresh flow: absolute lifetime of a token family, s",
          Int(&C::refresh_token_ttl_s, 1, kMaxAgeS)),
      Key("refresh_reuse_grace", "refresh flow: seconds a rotated token may rotate again",
          Int(&C::refresh_reuse_grace_s, 0, 120)),
      Key("rate_limit", "rate limiting (on|off; off only for benchmarks and tests)",
          &C::rate_limit),
      Key("rate_limit_rules", "custom rules: \"/sign-in*=5/10s;/path=off\"", &C::rate_limit_rules),
      Key("trusted_proxies", "proxies (CIDRs) whose forwarding header is believed",
          &C::trusted_proxies),
      Key("client_ip_header", "x-forwarded-for or forwarded", &C::client_ip_header),
      Key("lockout_threshold", "failed sign-ins before an account locks",
          Int(&C::lockout_threshold, 1, 1000)),
      Key("lockout_window", "window counting failed sign-ins, s",
          Int(&C::lockout_window_s, 1, 86400)),
      Key("lockout_duration", "first lock, s (doubles on repetition)",
          Int(&C::lockout_duration_s, 1, 86400)),
      Key("captcha_provider", "turnstile, recaptcha or hcaptcha (empty: none)",
          &C::captcha_provider),
      Key("captcha_secret", "the provider's secret key", &C::captcha_secret, Redact::kAll),
      Key("captcha_verify_url", "siteverify URL (empty: the provider's)", &C::captcha_verify_url,
          Redact::kUrlPassword),
      Key("captcha_min_score", "reCAPTCHA v3 minimum score", &C::captcha_min_score),
      Key("captcha_routes", "when to ask: sign-up=always,sign-in=after:3", &C::captcha_routes),
      Key("captcha_hostnames", "hosts a solved CAPTCHA may come from (empty: base_url's; *: any)",
          &C::captcha_hostnames),
      Key("captcha_action", "expected CAPTCHA action (empty: the route's name; *: any)",
          &C::captcha_action),
      Key("captcha_fail_open", "accept requests while the provider is down", &C::captcha_fail_open),
      Key("captcha_timeout_ms", "siteverify timeout, ms", Int(&C::captcha_timeout_ms, 100, 30000)),
      Key("pwned_check", "breached passwords: off, online (HIBP range API) or offline",
          &C::pwned_check),
      Key("pwned_policy", "reject or warn on a breached password", &C::pwned_policy),
      Key("pwned_index", "offline index (latchkey pwned import)", &C::pwned_index),
      Key("hibp_url", "HIBP range API base URL", &C::hibp_url, Redact::kUrlPassword),
      Key("hibp_timeout_ms", "HIBP timeout, ms", Int(&C::hibp_timeout_ms, 100, 30000)),
      Key("pwned_fail_open", "accept passwords while HIBP is unreachable", &C::pwned_fail_open),
      Key("min_password_score", "minimum zxcvbn score 0-4 (0: none)",
          Int(&C::min_password_score, 0, 4)),
      Key("realtime_max_sockets_per_user", "open realtime WebSockets per user",
          Int(&C::realtime_max_sockets_per_user, 1, 1000)),
      Key("realtime_ping_interval", "WebSocket ping after this many idle seconds",
          Int(&C::realtime_ping_interval_s, 1, 3600)),
      Key("realtime_max_message_bytes", "largest message a WebSocket client may send",
          Int(&C::realtime_max_message_bytes, 125, 65536)),
      Key("metrics_token", "bearer token /metrics requires (empty: open)", &C::metrics_token,
          Redact::kAll),
      Key("log_format", "json or text", &C::log_format),
      Key("log_level", "debug, info, warn or error", &C::log_level),
  };
  return keys;
}

}  // namespace latchkey::app

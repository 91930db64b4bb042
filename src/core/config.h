// The effective server configuration. Loaded by app/config_loader.cc from a
// TOML file, then LATCHKEY_* environment variables, then flags (each later
// source overrides the earlier one). Immutable once the server starts.
#ifndef LK_CORE_CONFIG_H_
#define LK_CORE_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

namespace latchkey {

// Minimum secret length in bytes (cookie HMAC key; later HKDF input).
inline constexpr std::size_t kMinSecretBytes = 32;

// Grouped by topic for the reader, not by size: one instance per process, so
// the padding the analyzer counts (tens of bytes) does not matter.
struct Config {  // NOLINT(clang-analyzer-optin.performance.Padding)
  // Network.
  std::string host = "127.0.0.1";
  int port = 3000;
  std::string base_url;  // default: http://<host>:<port>; links and the trusted origin come from it
  std::vector<std::string> trusted_origins;  // extra origins besides base_url's

  // Storage.
  std::string database_url = "sqlite:var/latchkey.db";
  int database_pool_size = 0;  // 0 = worker_threads: no handler waits for a connection

  // Secrets. Never printed: config check shows "<redacted>".
  std::string secret;
  // Earlier secrets, newest first: values signed or sealed under them are still
  // accepted until they expire (latchkey secret rotate). Secret too.
  std::vector<std::string> previous_secrets;
  bool dev = false;  // generate and keep var/secret (0600) when no secret is set

  // Cookies and sessions (Better Auth defaults).
  std::string cookie_prefix = "better-auth";
  std::int64_t session_expires_in_s = 604800;  // 7 d
  std::int64_t session_update_age_s = 86400;   // 1 d sliding refresh
  std::int64_t session_fresh_age_s = 86400;
  // Re-authentication after this long however active the session (ASVS 3.3.2);
  // the sliding refresh and the refresh-token flow never pass it. 0 = off.
  std::int64_t session_absolute_lifetime_s = 2592000;  // 30 d
  bool secure_cookies = false;                         // derived: base_url is https

  // Mail. Without smtp_url, mails are written as .eml files into mail_dir
  // and their first link is logged (local development).
  std::string smtp_url;  // smtp://user:pass@host:port | smtps://…; secret (may hold a password)
  std::string mail_from = "Latchkey <no-reply@localhost>";
  std::string mail_dir = "var/mail";
  std::string product_name = "Latchkey";  // how mails name the service
  bool smtp_allow_plain = false;          // smtp:// without TLS: only for a local relay
  // Outbox bodies are sealed at rest and scrubbed once sent or dead; rows are
  // purged this many days after that (docs/operations.md).
  int mail_retention_days = 7;

  // E-mail verification (Better Auth's emailVerification options).
  bool require_email_verification = false;       // unverified users cannot sign in
  bool send_verification_on_sign_up = false;     // implied by require_email_verification
  bool send_verification_on_sign_in = false;     // an unverified sign-in re-sends the link
  bool auto_sign_in_after_verification = false;  // verify-email starts a session
  bool new_device_notice = true;                 // mail the owner when an unknown device signs in
  bool change_email_enabled = false;             // POST /change-email (off in Better Auth too)

  // Self-service account deletion (POST /delete-user); off by default, as in
  // Better Auth, where the route answers 404 until enabled.
  bool delete_user_enabled = false;
  bool delete_user_confirm_by_mail = false;  // the proof earns a mailed link, not a deletion

  // Better Auth's lastLoginMethod plugin (features/last_login_method): a
  // readable cookie naming the method of the last sign-in, and the user
  // field lastLoginMethod. Off by default, as the plugin is in Better Auth.
  bool last_login_method = false;

  // API keys (Better Auth's api-key plugin, docs/api.md).
  std::string api_key_header = "x-api-key";  // the request header that carries a key
  std::string api_key_prefix;                // default prefix of new keys (none, as Better Auth)
  bool api_key_session = false;              // a key authenticates as its owner (Better Auth: off)
  bool revoke_api_keys_on_password_reset = true;  // a reset also kills keys and refresh families
  bool api_key_metadata = false;                  // accept `metadata` (Better Auth enableMetadata)
  // Defaults for new keys' per-key rate limit (rateLimit.* in Better Auth).
  bool api_key_rate_limit_enabled = true;
  std::int64_t api_key_rate_limit_window_ms = 86400000;  // 1 d
  std::int64_t api_key_rate_limit_max = 10;

  // Passwords (Argon2id; RFC 9106 second recommended option by default).
  std::uint32_t argon2_memory_kib = 65536;
  std::uint32_t argon2_iterations = 3;
  int min_password_length = 8;
  int max_password_length = 128;
  bool common_password_check = true;  // refuse the 10,000 most common passwords (ASVS 2.1.7)
  int kdf_threads = 0;                // 0 = one per core
  int kdf_queue = 0;                  // 0 = 4 x kdf_threads may wait; beyond: 503

  // Server.
  int worker_threads = 0;  // 0 = max(16, 10 × cores), resolved by ValidateConfig
  int io_threads = 0;      // 0 = one per core
  int max_connections = 10000;
  int shutdown_grace_s = 10;

  // Realtime WebSocket (GET /api/auth/ws, docs/websocket.md).
  int realtime_max_sockets_per_user = 10;  // beyond: the upgrade gets 429
  int realtime_ping_interval_s = 25;       // ping after this much silence; drop after twice it
  int realtime_max_message_bytes = 4096;   // larger client messages close the socket (1009)

  // Logs.
  // JWT (jwt plugin) and the refresh-token flow.
  std::string jwt_alg = "EdDSA";                   // EdDSA | ES256 | RS256
  std::int64_t jwt_expires_in_s = 900;             // GET /token and set-auth-jwt
  std::int64_t jwt_rotation_interval_s = 2592000;  // 30 d; 0 = never rotate
  std::string jwt_issuer;                          // "" = base_url's origin
  std::string jwt_audience;                        // "" = base_url's origin
  std::string jwt_extra_claims;                    // a JSON object added to every JWT
  bool jwt_header_on_get_session = true;           // set-auth-jwt (Better Auth's default)
  std::int64_t access_token_ttl_s = 900;           // refresh flow: access JWT lifetime
  std::int64_t refresh_token_ttl_s = 2592000;      // absolute lifetime of a token family
  std::int64_t refresh_reuse_grace_s = 10;         // a just-rotated token still rotates once

  // Abuse protection (issue 5).
  bool rate_limit = true;                    // LATCHKEY_RATE_LIMIT=on|off
  std::string rate_limit_rules;              // custom rules, e.g. "/sign-in*=5/10s;/foo=off"
  std::vector<std::string> trusted_proxies;  // CIDRs whose forwarding header is believed
  std::string client_ip_header = "x-forwarded-for";  // or "forwarded"
  int lockout_threshold = 5;                         // failed sign-ins per account per window
  std::int64_t lockout_window_s = 900;
  std::int64_t lockout_duration_s = 300;  // doubles on repetition, up to a day
  std::string captcha_provider;           // "" | turnstile | recaptcha | hcaptcha
  std::string captcha_secret;             // secret
  std::string captcha_verify_url;         // "" = the provider's siteverify URL
  std::string captcha_min_score = "0.5";  // reCAPTCHA v3
  std::string captcha_routes = "sign-up=always,sign-in=after:3";
  // Binding of a solved CAPTCHA to this site and this form, checked where the
  // provider's answer names them. Hostnames: empty = the hosts of base_url and
  // trusted_origins; "*" = any. Action: empty = the route's name (sign-in,
  // sign-up, …); "*" = any.
  std::vector<std::string> captcha_hostnames;
  std::string captcha_action;
  bool captcha_fail_open = false;  // provider down: let requests through?
  std::int64_t captcha_timeout_ms = 3000;
  std::string pwned_check = "off";      // off | online | offline
  std::string pwned_policy = "reject";  // reject | warn
  std::string pwned_index = "var/pwned.idx";
  std::string hibp_url = "https://api.pwnedpasswords.com";
  std::int64_t hibp_timeout_ms = 2000;
  bool pwned_fail_open = true;  // breach service down: accept the password?
  int min_password_score = 0;   // zxcvbn 0–4; 0 = no strength rule

  std::string metrics_token;        // secret; set = /metrics wants "Authorization: Bearer <token>"
  std::string log_format = "json";  // json | text
  std::string log_level = "info";   // debug | info | warn | error
};

}  // namespace latchkey

#endif  // LK_CORE_CONFIG_H_

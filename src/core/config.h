// The effective server configuration. Loaded by app/config_loader.cc from a
// TOML file, then LATCHKEY_* environment variables, then flags (each later
// source overrides the earlier one). Immutable once the server starts.
//
// The members below are the server's own keys, the ones infrastructure and
// every feature share (docs/design.md "Settings"). A feature's keys live in
// its own settings struct, declared in its folder and reached with
// Get<S>(); core never names them.
#ifndef LK_CORE_CONFIG_H_
#define LK_CORE_CONFIG_H_

#include <any>
#include <cstdint>
#include <map>
#include <string>
#include <typeindex>
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
  // Redis, shared by several nodes (docs/operations.md "Several nodes"):
  // the abuse counters. Empty = each node counts alone. Secret (may hold a
  // password).
  std::string redis_url;
  int redis_timeout_ms = 50;  // connect, command and pool wait
  int redis_pool_size = 4;
  std::string redis_key_prefix = "latchkey:";

  // Secrets. Never printed: config check shows "<redacted>".
  std::string secret;
  // Earlier secrets, newest first: values signed or sealed under them are still
  // accepted until they expire (latchkey secret rotate). Secret too.
  std::vector<std::string> previous_secrets;
  bool dev = false;  // generate and keep var/secret (0600) when no secret is set

  // Cookies (Better Auth's names), read by every feature that sets one.
  std::string cookie_prefix = "better-auth";
  bool secure_cookies = false;  // derived: base_url is https

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

  // Server.
  int worker_threads = 0;  // 0 = max(16, 10 × cores), resolved by ValidateConfig
  int io_threads = 0;      // 0 = one per core
  int max_connections = 10000;
  int shutdown_grace_s = 10;
  // The password-hashing pool (Services::kdf_pool), shared by every feature
  // that hashes a password.
  int kdf_threads = 0;  // 0 = one per core
  int kdf_queue = 0;    // 0 = 4 x kdf_threads may wait; beyond: 503

  // Clock skew allowed on the exp, nbf and iat of every JWT latchkey
  // receives (RFC 7519 §4.1.4: "some small leeway"): its own tokens
  // (WebSocket, the jwt routes), social providers' ID tokens and the OpenID
  // provider's id_token_hint (docs/operations.md "Clock skew").
  int jwt_clock_skew_s = 120;

  // Operations.
  std::string metrics_token;        // secret; set = /metrics wants "Authorization: Bearer <token>"
  std::string log_format = "json";  // json | text
  std::string log_level = "info";   // debug | info | warn | error
  // Tracing and error reports (docs/operations.md, "Tracing", "Error reports").
  std::string otlp_endpoint;            // OTLP/HTTP base URL; empty = tracing off
  std::string otlp_headers;             // secret: "k=v,k2=v2" sent with every export
  std::string otlp_sample_ratio = "1";  // 0..1, for traces this node starts
  double otlp_sample = 1.0;             // otlp_sample_ratio parsed by ValidateConfig
  std::string sentry_dsn;               // secret; empty = no error reports
  std::string sentry_environment = "production";

  // A feature's settings struct, as the loader filled it from the feature's
  // table; the struct's defaults when no table filled it (unit tests).
  // Features call this once, when they are built: it is a map lookup.
  template <class S>
  const S& Get() const {
    auto it = features_.find(std::type_index(typeid(S)));
    if (it == features_.end()) {
      static const S kDefaults{};
      return kDefaults;
    }
    return *std::any_cast<S>(&it->second);
  }
  // For the loader and for tests: the struct to fill, made on first use.
  template <class S>
  S& Mutable() {
    auto [it, made] = features_.try_emplace(std::type_index(typeid(S)), S{});
    return *std::any_cast<S>(&it->second);
  }

 private:
  std::map<std::type_index, std::any> features_;  // one settings struct per feature
};

}  // namespace latchkey

#endif  // LK_CORE_CONFIG_H_

// The server's own configuration keys (core/config.h): network, storage,
// secrets, cookies, mail, threads and operations. Features declare theirs
// in their folders; config_tables.cc lists every table.
#include "app/config_loader.h"

namespace latchkey::app {

settings::Table ServerSettingsTable() {
  using C = Config;
  return settings::SettingsTable<Config>("server", "Server")
      .Add("host", &C::host, "address to listen on")
      .Int("port", &C::port, 0, 65535, "TCP port (`0` = any free port)")
      .Add("base_url", &C::base_url,
           "public URL: links, the trusted origin; `https://` turns on `__Secure-` cookies and "
           "HSTS")
      .DefaultShown("`http://<host>:<port>`")
      .Add("trusted_origins", &C::trusted_origins,
           "extra trusted origins (comma list; `https://*.example.com` wildcards; a catch-all "
           "such as `*` is refused); also the CORS allow-list")
      .Add("database_url", &C::database_url, "`sqlite:PATH` or `postgres://user:pass@host:port/db`")
      .RedactUrl()
      .Int("database_pool_size", &C::database_pool_size, 0, 256,
           "database connections (`0` = `worker_threads`)")
      .Add("redis_url", &C::redis_url,
           "`redis://[:password@]host[:port][/db]`: abuse counters shared by every node "
           "(docs/operations.md#several-nodes); empty = each node counts alone")
      .Secret()
      .Int("redis_timeout_ms", &C::redis_timeout_ms, 5, 5000,
           "Redis connect, command and pool wait timeout, ms (then the node's own counters)")
      .Int("redis_pool_size", &C::redis_pool_size, 1, 256, "Redis connections per node")
      .Add("redis_key_prefix", &C::redis_key_prefix,
           "prefix of every Redis key (several deployments on one Redis)")
      .Add("secret", &C::secret, "at least 32 bytes: `openssl rand -base64 32`")
      .Secret()
      .DefaultShown("— (**required**)")
      .Add("previous_secrets", &C::previous_secrets,
           "earlier secrets (comma list, newest first) still accepted for cookies, links and "
           "sealed keys they made; see `latchkey secret rotate` and docs/operations.md")
      .Secret()
      .Add("dev", &C::dev, "generate and keep var/secret (0600) when no secret is set (`--dev`)")
      .Add("cookie_prefix", &C::cookie_prefix,
           "cookie names, e.g. `better-auth.session_token` (keeps Better Auth middleware "
           "working)")
      .Add("product_name", &C::product_name,
           "names the service in every mail (subject suffix, heading, footer)")
      .Add("smtp_url", &C::smtp_url,
           "`smtp://user:pass@host:587` (STARTTLS required) or `smtps://…:465`; without it "
           "mails are written to `mail_dir` as `.eml` files (the log names the file; recipient "
           "and link only with `--dev`)")
      .RedactUrl()
      .Add("smtp_allow_plain", &C::smtp_allow_plain,
           "allow `smtp://` without TLS (a local relay only)")
      .Add("mail_from", &C::mail_from, "the From: of every mail")
      .Add("mail_dir", &C::mail_dir, "where mails go without SMTP")
      .Int("mail_retention_days", &C::mail_retention_days, 1, 3650,
           "days a sent or dead `mail_outbox` row is kept (its body is emptied at once) before "
           "it is deleted")
      .Int("kdf_threads", &C::kdf_threads, 0, 256, "password-hash threads (`0` = cores)")
      .Int("kdf_queue", &C::kdf_queue, 0, 100000,
           "password hashes allowed to wait (`0` = 4 × threads); beyond → 503 + Retry-After")
      .Int("worker_threads", &C::worker_threads, 0, 1024,
           "request handler threads (password hashes never hold more than half)")
      .DefaultShown("max(16, 10 × cores)")
      .Int("io_threads", &C::io_threads, 0, 256, "I/O threads (`0` = cores)")
      .Int("max_connections", &C::max_connections, 1, 1000000, "open connection cap")
      .Int("shutdown_grace", &C::shutdown_grace_s, 0, 3600, "drain time on SIGTERM, seconds")
      .Int("jwt_clock_skew", &C::jwt_clock_skew_s, 0, 600,
           "seconds of clock skew allowed on `exp`, `nbf` and `iat` of every JWT latchkey "
           "receives (its own, social ID tokens, `id_token_hint`)")
      .Add("metrics_token", &C::metrics_token,
           "when set, `GET /metrics` wants `Authorization: Bearer <token>`")
      .Secret()
      .Add("log_format", &C::log_format, "`json` or `text` (to stderr)")
      .Add("log_level", &C::log_level, "`debug`, `info`, `warn`, `error`")
      .Add("otlp_endpoint", &C::otlp_endpoint,
           "OpenTelemetry collector's OTLP/HTTP URL (spans go to `<url>/v1/traces` as JSON); "
           "empty = tracing off (docs/operations.md#tracing)")
      .Add("otlp_headers", &C::otlp_headers,
           "headers sent with every export, `name=value,name2=value2` (percent-encoded values), "
           "e.g. a vendor's API key")
      .Secret()
      .Add("otlp_sample_ratio", &C::otlp_sample_ratio,
           "share of traces this node starts that are sampled, `0` to `1`; a caller's sampled "
           "`traceparent` is always kept")
      .Add("sentry_dsn", &C::sentry_dsn,
           "Sentry-compatible DSN for error reports (5xx, failed mail and webhook jobs); empty = "
           "none (docs/operations.md#error-reports)")
      .Secret()
      .Add("sentry_environment", &C::sentry_environment, "the `environment` of every error report")
      .Validate([](Config& config, const Config&) { return ValidateServerKeys(config); })
      .Build();
}

}  // namespace latchkey::app

// serve, migrate and config check.
#include "app/commands.h"

#include <sys/stat.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/application.h"
#include "app/config_loader.h"
#include "app/first_admin.h"
#include "app/serve_metrics.h"
#include "app/tracing_setup.h"
#include "crypto/random.h"
#include "features/abuse/checks/pwned_index.h"
#include "http/server.h"
#include "observability/log.h"
#include "observability/metrics.h"
#include "store/sqlite/sqlite_backup.h"
#include "store/store.h"

namespace latchkey::app {
namespace {

void InitLogs(const Config& config) {
  log::Level level = config.log_level == "debug"   ? log::Level::kDebug
                     : config.log_level == "warn"  ? log::Level::kWarn
                     : config.log_level == "error" ? log::Level::kError
                                                   : log::Level::kInfo;
  log::InitLogging(config.log_format == "text" ? log::Format::kText : log::Format::kJson, level);
}

// SQLite needs its directory; create it (var/ by default) on first start.
void EnsureSqliteDirectory(const Config& config) {
  const std::optional<std::string> file = store::SqliteFilePath(config.database_url);
  if (!file) return;
  const std::filesystem::path path(*file);
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
  }
}

int Failed(std::string_view what, const Error& error) {
  log::Error(what, {{"code", error.code}, {"detail", error.detail}});
  std::fprintf(stderr, "latchkey: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
               error.detail.empty() ? std::string(error.message).c_str() : error.detail.c_str());
  return 1;
}

http::ServerOptions ServerOptionsFrom(const Config& config) {
  http::ServerOptions options;
  options.host = config.host;
  options.port = static_cast<std::uint16_t>(config.port);
  options.io_threads = config.io_threads;
  options.worker_threads = config.worker_threads;
  options.max_connections = config.max_connections;
  options.shutdown_grace = std::chrono::seconds(config.shutdown_grace_s);
  options.hsts = config.secure_cookies;
  options.cors_origins = config.trusted_origins;
  return options;
}

}  // namespace

Result<std::unique_ptr<Application>> OpenDatabase(const Config& config, const Clock& clock,
                                                  bool beside_a_server) {
  // The database holds password hashes and session hashes: files we create
  // (SQLite's db, -wal, -shm; var/) are readable by the owner only.
  ::umask(077);
  EnsureSqliteDirectory(config);
  return Application::Create(config, clock, beside_a_server);
}

Result<std::unique_ptr<Application>> OpenAndMigrate(const Config& config, const Clock& clock,
                                                    bool beside_a_server) {
  LK_ASSIGN_OR_RETURN(auto app, OpenDatabase(config, clock, beside_a_server));
  LK_TRY(app->Migrate());
  return app;
}

int RunServe(Config config) {
  InitLogs(config);
  crypto::InitCrypto();
  // Before the application: its threads (mail, webhooks) stop before tracing does.
  const TracingGuard tracing_guard(config);
  if (auto secret = RequireSecret(config, kVarDir); !secret) {
    std::fprintf(stderr, "latchkey: refusing to start: %s\n", secret.error().detail.c_str());
    return 2;
  }
  // One server per SQLite file (several nodes share PostgreSQL instead).
  std::unique_ptr<store::SqliteServeLock> sqlite_lock;
  if (auto db = store::SqliteFilePath(config.database_url)) {
    EnsureSqliteDirectory(config);
    auto lock = store::SqliteServeLock::Acquire(*db);
    if (!lock) return Failed("refusing to start", lock.error());
    sqlite_lock = std::move(*lock);
  }
  SystemClock clock;
  auto app = OpenAndMigrate(config, clock);
  if (!app) return Failed("cannot open the database", app.error());
  if (!sqlite_lock && config.redis_url.empty()) {
    // PostgreSQL without Redis: several nodes may share the database, but
    // each keeps its own rate limits, lockouts and CAPTCHA counts
    // (docs/operations.md "Several nodes").
    log::Warn("limits are per node",
              {{"detail",
                "rate limits, lockout counters and CAPTCHA-after-K counts are kept in this "
                "process: behind a load balancer each node counts on its own"}});
  }
  if (auto mail = (*app)->StartMail(); !mail)
    return Failed("cannot start the mail sender", mail.error());
  // The JWT signing key exists from the first start (and rotates when due).
  if (auto keys = (*app)->jwt_keys().EnsureKey(); !keys)
    return Failed("cannot load or create the JWT signing key", keys.error());
  if (auto admin = EnsureFirstAdmin(**app); !admin)
    return Failed("cannot create the first admin", admin.error());
  http::Router router;
  if (auto registered = (*app)->RegisterRoutes(router); !registered) {
    return Failed("cannot register routes", registered.error());
  }
  std::vector<http::Middleware> middleware = (*app)->Middleware();
  // Counted here, where every response passes once (app/serve_metrics.h).
  auto request_metrics = std::make_shared<RequestMetrics>(metrics::Global());
  RegisterServeGauges(metrics::Global(), (*app)->store(), clock, (*app)->kdf_pool());
  RegisterConfigGauges(metrics::Global(), config.base_url);
  RegisterStoreGauges(metrics::Global(), (*app)->store());
  RegisterProcessGauges(metrics::Global(), LATCHKEY_VERSION);
  RegisterTelemetryCounters(metrics::Global());
  auto access_log = [request_metrics](const http::AccessRecord& r) {
    request_metrics->Record(r.route, r.status, r.latency_ms, r.error_code);
    log::Info("request", {{"request_id", r.request_id},
                          {"method", r.method},
                          {"route", r.route},
                          {"status", r.status},
                          {"latency_ms", r.latency_ms},
                          {"client", r.client_address}});
  };
  http::ServerOptions server_options = ServerOptionsFrom(config);
  server_options.shed = (*app)->LoadShedder();
  auto server =
      http::Server::Start(server_options, router, clock, std::move(middleware), access_log);
  if (!server) return Failed("cannot start the HTTP server", server.error());
  http::Server* serving = server->get();
  const Application* application = app->get();
  RegisterServerGauges(
      metrics::Global(), [serving] { return static_cast<double>(serving->open_connections()); },
      [serving] { return static_cast<double>(serving->shed_requests()); },
      [application] { return static_cast<double>(application->kdf_refusals()); });
  log::Info("listening", {{"host", config.host},
                          {"port", static_cast<int>((*server)->port())},
                          {"base_url", config.base_url},
                          {"version", LATCHKEY_VERSION}});
  (*server)->Wait();
  // Once draining has begun, further SIGTERM/SIGINT must not kill the process
  // mid-cleanup: the server's handler goes with it, so ignore them from here.
  std::signal(SIGTERM, SIG_IGN);
  std::signal(SIGINT, SIG_IGN);
  // The features' threads stop while the drained server still exists: the
  // realtime worker sends to sockets, which must not outlive their I/O
  // context (a crash at shutdown with a WebSocket open, seen under load).
  (*app)->StopFeatures();
  // The readers must not outlive the server: its last figures stay.
  RegisterServerGauges(
      metrics::Global(), [] { return 0.0; },
      [shed = static_cast<double>(serving->shed_requests())] { return shed; },
      [kdf = static_cast<double>(application->kdf_refusals())] { return kdf; });
  server->reset();
  std::signal(SIGTERM, SIG_IGN);  // destroying the signal_set restored the default
  std::signal(SIGINT, SIG_IGN);
  log::Info("stopped");
  return 0;
}

int RunMigrate(const Config& config) {
  InitLogs(config);
  crypto::InitCrypto();
  SystemClock clock;
  auto app = OpenDatabase(config, clock);
  if (!app) return Failed("migration failed", app.error());
  auto before = (*app)->store().AppliedMigrations();
  if (!before) return Failed("migration failed", before.error());
  if (auto migrated = (*app)->Migrate(); !migrated) {
    return Failed("migration failed", migrated.error());
  }
  auto after = (*app)->store().AppliedMigrations();
  if (!after) return Failed("migration failed", after.error());
  std::printf("%zu migrations applied now, %zu in total\n", after->size() - before->size(),
              after->size());
  return 0;
}

int RunKeys(Config config, bool rotate) {
  InitLogs(config);
  crypto::InitCrypto();
  if (auto secret = RequireSecret(config, kVarDir); !secret) {
    return Failed("no usable secret", secret.error());
  }
  SystemClock clock;
  auto app = OpenAndMigrate(config, clock);
  if (!app) return Failed("cannot open the database", app.error());
  if (rotate) {
    auto created = (*app)->jwt_keys().Rotate();
    if (!created) return Failed("key rotation failed", created.error());
    std::printf(
        "new signing key %s (%s); the previous key stays published until its tokens "
        "expire\n",
        created->kid.c_str(), created->alg.c_str());
    return 0;
  }
  auto keys = (*app)->jwt_keys().List();
  if (!keys) return Failed("cannot list keys", keys.error());
  std::printf("%-44s %-6s %-24s %-24s %s\n", "kid", "alg", "created", "retired", "state");
  for (const jwt::KeyInfo& key : *keys) {
    std::string state = !key.retired_at ? "signing" : key.published ? "published" : "expired";
    if (!key.usable) state += " (sealed under another secret)";
    if (key.under_previous_secret) state += " (sealed under a previous secret)";
    std::printf("%-44s %-6s %-24s %-24s %s\n", key.kid.c_str(), key.alg.c_str(),
                FormatIsoTime(key.created_at).c_str(),
                key.retired_at ? FormatIsoTime(*key.retired_at).c_str() : "-", state.c_str());
  }
  return 0;
}

int RunPwnedImport(const std::string& input, const std::string& output) {
  const auto started = std::chrono::steady_clock::now();
  auto stats = abuse::PwnedIndex::Import(input, output);
  if (!stats) return Failed("pwned import failed", stats.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "%s: %llu hashes from %llu lines (%llu duplicates merged, %llu zero counts "
      "skipped) in %.1f s\n",
      output.c_str(), static_cast<unsigned long long>(stats->records),
      static_cast<unsigned long long>(stats->lines),
      static_cast<unsigned long long>(stats->duplicates),
      static_cast<unsigned long long>(stats->zero_counts), seconds);
  return 0;
}

int RunConfigCheck(Config config) {
  std::cout << DescribeConfig(config);
  // Checked as serve would, except that --dev with no secret passes without
  // generating var/secret: a check must not write anything.
  const bool generates = config.dev && config.secret.empty();
  if (auto secret = generates ? Result<void>() : RequireSecret(config, kVarDir); !secret) {
    std::fprintf(stderr, "latchkey: config check: %s\n", secret.error().detail.c_str());
    return 1;
  }
  std::cerr << "configuration is valid\n";
  return 0;
}

}  // namespace latchkey::app

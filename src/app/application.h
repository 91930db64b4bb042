// The wiring: opens the store, builds the features in their fixed order,
// checks dependencies, applies migrations, and registers routes. The only
// place that knows every feature.
#ifndef LK_APP_APPLICATION_H_
#define LK_APP_APPLICATION_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "app/error_codes.h"
#include "app/mail_queue.h"
#include "core/bounded_pool.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/trusted_origins.h"
#include "features/abuse/abuse_guard.h"
#include "features/api_keys/api_key_service.h"
#include "features/change_feed/change_feed.h"
#include "features/email_password/password_hasher.h"
#include "features/feature.h"
#include "features/jwt/jwt_issuer.h"
#include "features/jwt/key_manager.h"
#include "features/sessions/known_devices.h"
#include "features/sessions/session_service.h"
#include "features/sessions/sign_in_flow.h"
#include "http/router.h"
#include "http/server.h"
#include "mail/sender.h"
#include "store/redis/redis_client.h"
#include "store/store.h"

namespace latchkey::app {

class Application {
 public:
  // Opens the database and builds the features (no migrations yet).
  // Errors: INVALID_DATABASE_URL, kUnavailable when the database cannot be
  // opened, a dependency error when a feature's DependsOn() is unmet.
  // beside_a_server: see OpenDatabase (app/commands.h).
  static Result<std::unique_ptr<Application>> Create(const Config& config, const Clock& clock,
                                                     bool beside_a_server = false);
  // Stops the features RegisterRoutes() started, in reverse order.
  ~Application();
  // The same, earlier: serve calls it once the HTTP server has drained and
  // before the server is destroyed, so no feature thread (realtime's) still
  // reaches a socket whose I/O context is gone. Idempotent.
  void StopFeatures();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  // Applies every feature's migrations in feature order.
  Result<void> Migrate();
  // True when every feature's migrations are recorded (backs /readyz).
  Result<bool> IsMigrated();
  // Starts the mail sender (after Migrate()). Errors: as mail::Sender::Start.
  Result<void> StartMail();
  // Registers every feature's routes (through the platform's route table,
  // which enforces each route's auth) and the health routes, then Start()s
  // the features. REQUIRES: `router` outlives this object.
  Result<void> RegisterRoutes(http::Router& router);

  const Config& config() const { return config_; }
  store::Store& store() { return *store_; }
  const BoundedPool& kdf_pool() const { return kdf_pool_; }
  jwt::KeyManager& jwt_keys() { return jwt_keys_; }
  // What the CLI's user commands and the first-admin bootstrap share with the
  // routes (app/user_operations.h): the same services, hooks, hasher and
  // password policy, without serving HTTP.
  const Services& services() const { return services_; }
  const sessions::SessionService& sessions() const { return sessions_; }
  const platform::Hooks& hooks() const { return platform_.hooks; }
  const email_password::PasswordHasher& hasher() const { return hasher_; }
  const abuse::AbuseGuard& abuse_guard() const { return abuse_guard_; }
  // The pipeline's abuse middleware: client address, rate limit, CAPTCHA.
  http::Middleware AbuseMiddleware();
  // Every middleware `serve` runs, in order. The client address and the
  // rate limit come before the Origin check, so a flood of cross-site posts
  // is refused at the cheapest step; credentials are judged after both, by
  // the route table (features/platform).
  std::vector<http::Middleware> Middleware();
  // For ServerOptions::shed: routes that hash a password get 503 on the I/O
  // thread while the KDF pool is full, without waiting for a worker.
  std::function<std::optional<http::Response>(const http::Request&, const http::RouteSpec*)>
  LoadShedder();
  // Password-hashing requests refused since the start: shed by LoadShedder()
  // or refused by the full KDF pool (latchkey_shed_total{reason="kdf_pool"}).
  std::int64_t kdf_refusals() const { return kdf_shed_.load() + kdf_pool_.refused(); }
  const TrustedOrigins& trusted_origins() const { return trusted_; }
  // The shared error tables and every feature's Errors(), as Create() checks
  // them (app/error_codes.h).
  std::vector<DeclaredErrors> DeclaredErrorCodes() const;

 private:
  Application(const Config& config, const Clock& clock, std::unique_ptr<store::Store> store,
              std::unique_ptr<store::redis::Client> redis);
  Result<void> CheckDependencies() const;
  std::vector<store::Migration> AllMigrations() const;

  const Config& config_;
  const Clock& clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::redis::Client> redis_;  // null without redis_url
  // The node's one subscription to cache changes; declared before the
  // services that listen to it, so it outlives them.
  change_feed::ChangeFeed change_feed_;
  BoundedPool kdf_pool_;
  platform::Activity activity_;  // the metrics' sign-in, sign-up, … counters
  Services services_;
  platform::Platform platform_;  // filled by the features' Register() in Create()
  TrustedOrigins trusted_;
  sessions::SessionService sessions_;
  sessions::SignInFlow sign_in_;           // the one path every sign-in method takes to a session
  email_password::PasswordHasher hasher_;  // shared by sign-in, change-password, delete-user
  OutboxMailQueue mail_queue_;
  sessions::KnownDevices known_devices_;
  jwt::KeyManager jwt_keys_;
  jwt::JwtIssuer jwt_issuer_;
  api_keys::ApiKeyService api_keys_;
  abuse::AbuseGuard abuse_guard_;
  std::unique_ptr<mail::Sender> mail_sender_;  // declared after the queue that points to it
  std::unique_ptr<platform::RouteTable> routes_;
  std::vector<std::unique_ptr<Feature>> features_;
  std::size_t started_ = 0;                // features whose Start() succeeded
  std::atomic<std::int64_t> kdf_shed_{0};  // LoadShedder()'s 503s
};

}  // namespace latchkey::app

#endif  // LK_APP_APPLICATION_H_

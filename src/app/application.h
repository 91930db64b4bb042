// The wiring: opens the store, builds the features in their fixed order,
// checks dependencies, applies migrations, and registers routes. The only
// place that knows every feature.
#ifndef LK_APP_APPLICATION_H_
#define LK_APP_APPLICATION_H_

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
#include "features/email_password/password_hasher.h"
#include "features/feature.h"
#include "features/jwt/jwt_issuer.h"
#include "features/jwt/key_manager.h"
#include "features/sessions/known_devices.h"
#include "features/sessions/session_service.h"
#include "http/router.h"
#include "http/server.h"
#include "mail/sender.h"
#include "store/store.h"

namespace latchkey::app {

class Application {
 public:
  // Opens the database and builds the features (no migrations yet).
  // Errors: INVALID_DATABASE_URL, kUnavailable when the database cannot be
  // opened, a dependency error when a feature's DependsOn() is unmet.
  static Result<std::unique_ptr<Application>> Create(const Config& config, const Clock& clock);

  // Applies every feature's migrations in feature order.
  Result<void> Migrate();
  // True when every feature's migrations are recorded (backs /readyz).
  Result<bool> IsMigrated();
  // Starts the mail sender (after Migrate()). Errors: as mail::Sender::Start.
  Result<void> StartMail();
  // Registers every feature's routes and the health routes.
  Result<void> RegisterRoutes(http::Router& router);

  const Config& config() const { return config_; }
  store::Store& store() { return *store_; }
  jwt::KeyManager& jwt_keys() { return jwt_keys_; }
  // The pipeline's abuse middleware: client address, rate limit, CAPTCHA.
  http::Middleware AbuseMiddleware();
  // Refuses an API key where a route takes none or asks a permission of it.
  http::Middleware ApiKeyMiddleware();
  // For ServerOptions::shed: routes that hash a password get 503 on the I/O
  // thread while the KDF pool is full, without waiting for a worker.
  std::function<std::optional<http::Response>(const http::Request&, const http::RouteSpec*)>
  LoadShedder();
  const TrustedOrigins& trusted_origins() const { return trusted_; }
  // The shared error tables and every feature's Errors(), as Create() checks
  // them (app/error_codes.h).
  std::vector<DeclaredErrors> DeclaredErrorCodes() const;

 private:
  Application(const Config& config, const Clock& clock, std::unique_ptr<store::Store> store);
  Result<void> CheckDependencies() const;
  std::vector<store::Migration> AllMigrations() const;

  const Config& config_;
  const Clock& clock_;
  std::unique_ptr<store::Store> store_;
  BoundedPool kdf_pool_;
  Services services_;
  TrustedOrigins trusted_;
  sessions::SessionService sessions_;
  email_password::PasswordHasher hasher_;  // shared by sign-in, change-password, delete-user
  OutboxMailQueue mail_queue_;
  sessions::KnownDevices known_devices_;
  jwt::KeyManager jwt_keys_;
  jwt::JwtIssuer jwt_issuer_;
  api_keys::ApiKeyService api_keys_;
  abuse::AbuseGuard abuse_guard_;
  std::unique_ptr<mail::Sender> mail_sender_;  // declared after the queue that points to it
  std::vector<std::unique_ptr<Feature>> features_;
};

}  // namespace latchkey::app

#endif  // LK_APP_APPLICATION_H_

#include "app/application.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <set>
#include <thread>

#include "app/error_codes.h"
#include "app/ops_routes.h"
#include "app/origin_check.h"
#include "app/shared_errors.h"
#include "features/abuse/abuse_feature.h"
#include "features/account/account_feature.h"
#include "features/admin/admin_feature.h"
#include "features/api_keys/api_keys_feature.h"
#include "features/audit/audit_feature.h"
#include "features/email_password/email_password_feature.h"
#include "features/email_verification/email_verification_feature.h"
#include "features/jwt/jwt_feature.h"
#include "features/last_login_method/last_login_method_feature.h"
#include "features/meta/meta_feature.h"
#include "features/oidc_provider/oidc_feature.h"
#include "features/openapi/openapi_feature.h"
#include "features/organizations/organizations_feature.h"
#include "features/passkeys/passkeys_feature.h"
#include "features/password_reset/password_reset_feature.h"
#include "features/plans/plans_feature.h"
#include "features/realtime/realtime_feature.h"
#include "features/refresh_tokens/refresh_feature.h"
#include "features/session_binding/session_binding_feature.h"
#include "features/sessions/sessions_feature.h"
#include "features/social/social_feature.h"
#include "features/two_factor/two_factor_feature.h"
#include "features/users/users_feature.h"
#include "features/verification/verification_store.h"
#include "features/web_ui/web_ui_feature.h"
#include "features/webhooks/webhooks_feature.h"
#include "http/error_mapping.h"
#include "mail/outbox.h"
#include "observability/metrics.h"

namespace latchkey::app {
namespace {

constexpr ErrorInfo kFeatureDependency{"FEATURE_DEPENDENCY", ErrorKind::kFailedPrecondition,
                                       "A feature's dependency is missing"};

int KdfThreads(const Config& config) {
  if (config.kdf_threads > 0) return config.kdf_threads;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Handlers wait for their hash on a worker thread, so hashes running and
// queued must leave at least half the workers free: a sign-in flood then
// saturates hashing (and gets 503 beyond the queue) while session checks keep
// their own workers (docs/architecture.md).
int KdfQueue(const Config& config) {
  const int wanted = config.kdf_queue > 0 ? config.kdf_queue : 4 * KdfThreads(config);
  const int room = config.worker_threads / 2 - KdfThreads(config);
  return std::max(1, std::min(wanted, room));
}

// Password hashing runs below normal priority: under a flood the CPU goes to
// session checks first; alone, hashing still gets every idle core.
constexpr int kKdfNice = 10;

// "Authorization: Bearer <JWT>" on the WebSocket upgrade, for clients that
// hold an access token (refresh flow) or a GET /token JWT rather than a
// session token. A JWT with `sid` lives and dies with that session; one
// without lives until it expires.
realtime::Authenticator JwtAuthenticator(jwt::JwtIssuer& issuer) {
  return [&issuer](const http::Request& request) -> Result<std::optional<realtime::Principal>> {
    std::string_view token = http::BearerCredential(request).value_or("");
    // A signed session token has one '.', a JWT two: leave the former alone.
    if (std::count(token.begin(), token.end(), '.') != 2) {
      return std::optional<realtime::Principal>();
    }
    LK_ASSIGN_OR_RETURN(auto verified, issuer.Verify(token));
    const auto& claims = verified.claims;
    realtime::Principal principal;
    if (const auto* sub = claims.if_contains("sub"); sub && sub->is_string()) {
      principal.user_id = std::string(sub->as_string());
    }
    if (const auto* sid = claims.if_contains("sid"); sid && sid->is_string()) {
      principal.session_id = std::string(sid->as_string());
    }
    if (const auto* exp = claims.if_contains("exp"); exp && exp->is_int64()) {
      principal.expires_at = exp->as_int64() * 1000;
    }
    if (principal.user_id.empty()) return std::optional<realtime::Principal>();
    return std::optional<realtime::Principal>(std::move(principal));
  };
}

}  // namespace

Result<std::unique_ptr<Application>> Application::Create(const Config& config, const Clock& clock,
                                                         bool beside_a_server) {
  store::StoreOptions options;
  options.record_notifications = beside_a_server;
  options.url = config.database_url;
  options.pool_size =
      config.database_pool_size > 0 ? config.database_pool_size : config.worker_threads;
  LK_ASSIGN_OR_RETURN(auto store, store::Store::Open(options));
  std::unique_ptr<store::redis::Client> redis;
  if (!config.redis_url.empty()) {
    // Connects lazily: a Redis down at start makes a degraded node, not a failed start.
    LK_ASSIGN_OR_RETURN(redis, store::redis::Client::Open(
                                   {.url = config.redis_url,
                                    .timeout = std::chrono::milliseconds(config.redis_timeout_ms),
                                    .pool_size = config.redis_pool_size}));
  }
  std::unique_ptr<Application> app(
      new Application(config, clock, std::move(store), std::move(redis)));
  LK_TRY(app->abuse_guard_.Init());
  LK_TRY(app->CheckDependencies());
  // Hooks, credentials and policies, in feature order, before any route.
  for (const auto& feature : app->features_) LK_TRY(feature->Register(app->platform_));
  return app;
}

Application::Application(const Config& config, const Clock& clock,
                         std::unique_ptr<store::Store> store,
                         std::unique_ptr<store::redis::Client> redis)
    : config_(config),
      clock_(clock),
      store_(std::move(store)),
      redis_(std::move(redis)),
      change_feed_(*store_),
      kdf_pool_(KdfThreads(config), KdfQueue(config), kKdfNice),
      services_{config_, *store_, clock_, kdf_pool_, activity_},
      trusted_(config.base_url, config.trusted_origins),
      sessions_(config_, clock_, *store_, change_feed_),
      sign_in_(sessions_, platform_.hooks, activity_),
      hasher_(config_, kdf_pool_),
      // Outbox bodies are sealed under the secret; previous_secrets still open
      // mail queued before a rotation.
      mail_queue_(clock_, mail::OutboxKeysFromSecrets(config.secret, config.previous_secrets)),
      known_devices_(services_, sessions_, mail_queue_),
      jwt_keys_(config_, clock_, *store_),
      jwt_issuer_(config_, clock_, jwt_keys_),
      api_keys_(services_, sessions_, mail_queue_, change_feed_),
      abuse_guard_(config_, clock_, *store_, mail_queue_, &known_devices_, redis_.get()) {
  // The fixed feature order: dependencies first. Migrations run in this order.
  features_.push_back(std::make_unique<audit::AuditFeature>(services_));
  features_.push_back(std::make_unique<users::UsersFeature>());
  features_.push_back(std::make_unique<sessions::SessionsFeature>(services_, sessions_));
  const email_verification::VerificationDeps verification{
      services_, sessions_, mail_queue_, trusted_, &abuse_guard_, &hasher_, &sign_in_};
  features_.push_back(
      std::make_unique<email_password::EmailPasswordFeature>(email_password::CredentialDeps{
          services_, sessions_, sign_in_, platform_.hooks, hasher_, known_devices_, &abuse_guard_,
          [verification](store::Transaction& tx, const users::User& user,
                         const std::optional<std::string>& callback_url) {
            return email_verification::QueueVerificationMail(tx, verification, user, callback_url);
          }}));
  features_.push_back(std::make_unique<verification::VerificationFeature>());
  features_.push_back(std::make_unique<account::AccountFeature>(
      services_, sessions_, hasher_, mail_queue_, trusted_, &abuse_guard_));
  features_.push_back(std::make_unique<email_verification::EmailVerificationFeature>(verification));
  features_.push_back(
      std::make_unique<password_reset::PasswordResetFeature>(password_reset::ResetDeps{
          services_, sessions_, hasher_, mail_queue_, trusted_, &abuse_guard_,
          [this](store::Transaction& tx, const std::string& user_id) -> Result<std::int64_t> {
            // A reset ends every session: what hooks keep per
            // browser (trusted devices) ends with them.
            LK_TRY(platform_.hooks.RunSessionsRevoked(tx, user_id));
            return api_keys_.RevokeOwnerKeys(tx, user_id);
          }}));
  features_.push_back(std::make_unique<abuse::AbuseFeature>(services_, abuse_guard_));
  features_.push_back(std::make_unique<jwt::JwtFeature>(sessions_, jwt_keys_, jwt_issuer_));
  features_.push_back(
      std::make_unique<refresh_tokens::RefreshTokensFeature>(services_, sessions_, jwt_issuer_));
  features_.push_back(std::make_unique<api_keys::ApiKeysFeature>(services_, api_keys_));
  auto realtime = std::make_unique<realtime::RealtimeFeature>(services_, sessions_, trusted_);
  realtime->AddAuthenticator(JwtAuthenticator(jwt_issuer_));
  features_.push_back(std::move(realtime));
  features_.push_back(std::make_unique<last_login_method::LastLoginMethodFeature>(services_));
  features_.push_back(
      std::make_unique<session_binding::SessionBindingFeature>(services_, sessions_, mail_queue_));
  // Before two-factor: its ban gate runs first, so a banned user is never challenged.
  features_.push_back(std::make_unique<admin::AdminFeature>(
      admin::AdminDeps{services_, sessions_, platform_.hooks, &hasher_, &abuse_guard_}));
  features_.push_back(std::make_unique<two_factor::TwoFactorFeature>(
      two_factor::TwoFactorDeps{services_, sessions_, sign_in_, platform_.hooks, hasher_,
                                known_devices_, mail_queue_, &abuse_guard_}));
  features_.push_back(std::make_unique<passkeys::PasskeysFeature>(passkeys::PasskeyDeps{
      services_, sessions_, sign_in_, platform_.hooks, known_devices_, mail_queue_}));
  features_.push_back(std::make_unique<social::SocialFeature>(social::SocialDeps{
      services_, sessions_, sign_in_, platform_.hooks, known_devices_, trusted_}));
  features_.push_back(std::make_unique<organizations::OrganizationsFeature>(
      organizations::OrgDeps{services_, sessions_, mail_queue_}));
  features_.push_back(std::make_unique<plans::PlansFeature>(services_, sessions_, mail_queue_));
  features_.push_back(
      std::make_unique<oidc_provider::OidcProviderFeature>(services_, sessions_, jwt_keys_));
  features_.push_back(std::make_unique<webhooks::WebhooksFeature>(services_));
  features_.push_back(std::make_unique<meta::MetaFeature>());
  features_.push_back(std::make_unique<web_ui::WebUiFeature>(config_));
  features_.push_back(std::make_unique<openapi::OpenApiFeature>(config_, LATCHKEY_VERSION));
}

Result<void> Application::CheckDependencies() const {
  std::set<std::string_view> seen;
  for (const auto& feature : features_) {
    for (std::string_view dep : feature->DependsOn()) {
      if (!seen.contains(dep)) {
        return Fail(MakeError(kFeatureDependency, "feature " + std::string(feature->id()) +
                                                      " needs " + std::string(dep) +
                                                      " earlier in app/application.cc"));
      }
    }
    if (!seen.insert(feature->id()).second) {
      return Fail(MakeError(kFeatureDependency, "duplicate feature " + std::string(feature->id())));
    }
  }
  return CheckErrorCodes(DeclaredErrorCodes());
}

std::vector<DeclaredErrors> Application::DeclaredErrorCodes() const {
  std::vector<DeclaredErrors> declared = SharedErrors();
  for (const auto& feature : features_) declared.push_back({feature->id(), feature->Errors()});
  return declared;
}

std::vector<store::Migration> Application::AllMigrations() const {
  // The outbox first: it is infrastructure every mailing feature writes to.
  std::vector<store::Migration> all(mail::Migrations().begin(), mail::Migrations().end());
  for (const auto& feature : features_) {
    for (const auto& m : feature->Migrations()) all.push_back(m);
  }
  return all;
}

Result<void> Application::Migrate() { return store_->Migrate(AllMigrations()); }

Result<void> Application::StartMail() {
  mail::SenderOptions options;
  options.smtp_url = config_.smtp_url;
  options.from = config_.mail_from;
  options.eml_dir = config_.mail_dir;
  options.plain_ok = config_.smtp_allow_plain;
  options.keys = mail_queue_.keys();
  options.log_links = config_.dev;  // links in the log only for `make run` users
  options.retention = std::chrono::hours(24) * config_.mail_retention_days;
  LK_ASSIGN_OR_RETURN(mail_sender_, mail::Sender::Start(options, *store_, clock_));
  mail_queue_.set_sender(mail_sender_.get());
  // The age of the oldest mail waiting: a stuck sender shows as a growing
  // age even while new mail keeps the count steady.
  metrics::Global().AddGauge(
      "latchkey_mail_outbox_oldest_age_seconds",
      "Age of the oldest queued mail (0 when none; -1 if the database did not answer)", "",
      [store = store_.get(), &clock = clock_] {
        auto rows = store->QueryOnce(
            "SELECT MIN(created_at) AS oldest FROM mail_outbox WHERE status = 'queued'");
        if (!rows || rows->empty()) return -1.0;
        auto oldest = rows->front().GetNullableInt("oldest");
        if (!oldest) return -1.0;
        if (!*oldest) return 0.0;
        return std::max(0.0, static_cast<double>(clock.NowMs() - **oldest) / 1000.0);
      });
  for (std::string status : {"queued", "dead"}) {
    metrics::Global().AddGauge(
        "latchkey_mail_outbox", "Outbox rows waiting to be sent (queued) or given up on (dead)",
        "status=\"" + status + "\"", [store = store_.get(), status] {
          auto rows =
              store->QueryOnce("SELECT COUNT(*) AS n FROM mail_outbox WHERE status = ?", {status});
          if (!rows || rows->empty()) return -1.0;  // the database did not answer
          return static_cast<double>(rows->front().GetInt("n").value_or(-1));
        });
  }
  return {};
}

Result<bool> Application::IsMigrated() {
  LK_ASSIGN_OR_RETURN(auto applied, store_->AppliedMigrations());
  std::set<std::string> done(applied.begin(), applied.end());
  for (const auto& m : AllMigrations()) {
    if (!done.contains(std::string(m.id))) return false;
  }
  return true;
}

Result<void> Application::RegisterRoutes(http::Router& router) {
  routes_ = std::make_unique<platform::RouteTable>(router, platform_.credentials, platform_.policy);
  for (const auto& feature : features_) LK_TRY(feature->RegisterRoutes(*routes_));
  LK_TRY(RegisterOpsRoutes(
      router, config_, *store_, [this] { return IsMigrated(); },
      [this]() -> std::string {
        // Redis down: the node serves on its own counters.
        if (!redis_) return {};
        if (auto pong = redis_->Ping(); !pong) {
          return "redis unavailable: abuse counters are per node (" + pong.error().detail + ")";
        }
        return {};
      }));
  // Every route is known: features that run threads start them now.
  for (const auto& feature : features_) {
    LK_TRY(feature->Start());
    ++started_;
  }
  return {};
}

Application::~Application() { StopFeatures(); }

void Application::StopFeatures() {
  // Reverse order, before the services and the store they use go.
  while (started_ > 0) features_[--started_]->Stop();
}

http::Middleware Application::AbuseMiddleware() {
  return [this](http::Request& request, const http::RouteSpec* route) {
    return abuse_guard_.OnRequest(request, route);
  };
}

std::vector<http::Middleware> Application::Middleware() {
  return {AbuseMiddleware(), [this](const http::Request& request, const http::RouteSpec*) {
            return CheckOrigin(trusted_, request);
          }};
}

std::function<std::optional<http::Response>(const http::Request&, const http::RouteSpec*)>
Application::LoadShedder() {
  return
      [this](const http::Request&, const http::RouteSpec* route) -> std::optional<http::Response> {
        if (!route || !route->hashes_password || !hasher_.Saturated()) return std::nullopt;
        kdf_shed_.fetch_add(1, std::memory_order_relaxed);
        return http::ErrorResponse(email_password::PasswordHasher::BusyError());
      };
}

}  // namespace latchkey::app

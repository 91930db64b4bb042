// Mirrors `serve` (app/commands.cc: RunServe) without the listener: the same
// Application calls, the same middleware in the same order, and the
// connection's request preparation (http/connection.cc) before the pipeline.
#include "testing/test_app.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "app/application.h"
#include "app/config_loader.h"
#include "crypto/random.h"
#include "features/abuse/abuse_settings.h"
#include "features/email_password/email_password_settings.h"
#include "http/server.h"
#include "mail/outbox_keys.h"
#include "observability/log.h"

namespace latchkey::testing {

Config HarnessConfig() {
  Config c;
  c.database_url = "sqlite::memory:";
  c.host = "localhost";
  c.base_url = "http://localhost:3000";
  c.secret = std::string(kTestSecret);
  // The e2e suite's cost (tests/e2e/lib/server.js): real Argon2id, cheap.
  c.Mutable<email_password::EmailPasswordSettings>().argon2_memory_kib = 1024;
  c.Mutable<email_password::EmailPasswordSettings>().argon2_iterations = 1;
  c.Mutable<abuse::AbuseSettings>().rate_limit = false;
  c.worker_threads = 4;
  c.kdf_threads = 1;
  c.log_format = "text";
  c.log_level = "warn";
  return c;
}

TestApp::TestApp(std::unique_ptr<Config> config, TimeMs start_ms)
    : config_(std::move(config)), clock_(start_ms) {}

TestApp::~TestApp() = default;

Result<std::unique_ptr<TestApp>> TestApp::Create(TestAppOptions options) {
  crypto::InitCrypto();
  log::InitLogging(log::Format::kText, log::Level::kWarn);
  auto config = std::make_unique<Config>(HarnessConfig());
  if (options.configure) options.configure(*config);
  LK_TRY(app::ValidateConfig(*config));
  std::unique_ptr<TestApp> test(new TestApp(std::move(config), options.start_ms));
  LK_ASSIGN_OR_RETURN(test->app_, app::Application::Create(*test->config_, test->clock_));
  app::Application& application = *test->app_;
  LK_TRY(application.Migrate());
  // No StartMail(): without a sender every mail stays queued for Outbox().
  LK_TRY(application.jwt_keys().EnsureKey());
  LK_TRY(application.RegisterRoutes(test->router_));
  std::vector<http::Middleware> middleware = application.Middleware();  // as `serve` has it
  http::ServerOptions server_options;
  server_options.hsts = test->config_->secure_cookies;
  server_options.cors_origins = test->config_->trusted_origins;
  test->pipeline_ = std::make_unique<http::Pipeline>(
      server_options, test->clock_, std::move(middleware), [](std::string_view line) {
        std::fprintf(stderr, "latchkey test app: %.*s\n", static_cast<int>(line.size()),
                     line.data());
      });
  test->shed_ = application.LoadShedder();
  return test;
}

std::unique_ptr<TestApp> TestApp::Start(TestAppOptions options) {
  auto created = Create(std::move(options));
  if (!created) {
    const Error& e = created.error();
    std::fprintf(stderr, "TestApp::Start failed: %.*s: %s\n", static_cast<int>(e.code.size()),
                 e.code.data(), e.detail.c_str());
    std::abort();
  }
  return std::move(*created);
}

http::Response TestApp::Handle(http::Request request) const {
  std::size_t question = request.target.find('?');
  request.path = request.target.substr(0, question);
  request.query = question == std::string::npos ? "" : request.target.substr(question + 1);
  for (auto& [name, value] : request.headers) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (request.client_address.empty()) request.client_address = "127.0.0.1";
  if (request.request_id.empty()) {
    request.request_id = "test-" + std::to_string(next_request_.fetch_add(1) + 1);
  }
  std::optional<http::Router::Match> match = router_.Find(request.method, request.path);
  const std::size_t limit = match ? match->spec->body_limit : http::Router::kDefaultBodyLimit;
  if (request.body.size() > limit) return http::Response::Empty(413);
  if (shed_) {
    if (auto shed = shed_(request, match ? match->spec : nullptr)) return std::move(*shed);
  }
  return pipeline_->Handle(request, match);
}

Client TestApp::NewClient(std::string client_address) {
  if (client_address.empty()) client_address = "192.0.2." + std::to_string(next_client_++ % 250);
  return Client(*this, std::move(client_address));
}

Client TestApp::SignUp(std::string_view email, std::string_view password, std::string_view name) {
  Client client = NewClient();
  http::Response response = client.SignUp(email, password, name);
  if (response.status != 200) {
    ADD_FAILURE() << "sign-up of " << email << " answered " << response.status << ": "
                  << response.body;
  }
  return client;
}

Client TestApp::SignIn(std::string_view email, std::string_view password) {
  Client client = NewClient();
  http::Response response = client.SignIn(email, password);
  if (response.status != 200) {
    ADD_FAILURE() << "sign-in of " << email << " answered " << response.status << ": "
                  << response.body;
  }
  return client;
}

store::Store& TestApp::store() { return app_->store(); }

std::vector<store::Row> TestApp::Query(std::string_view sql,
                                       std::initializer_list<store::Value> args) {
  auto rows = store().QueryOnce(sql, args);
  if (!rows) {
    ADD_FAILURE() << "query failed: " << rows.error().detail << "\n  " << sql;
    return {};
  }
  return std::move(*rows);
}

std::int64_t TestApp::Count(std::string_view table, std::string_view where,
                            std::initializer_list<store::Value> args) {
  std::string sql = "SELECT COUNT(*) AS n FROM " + std::string(table);
  if (!where.empty()) sql += " WHERE " + std::string(where);
  std::vector<store::Row> rows = Query(sql, args);
  if (rows.empty()) return -1;
  return rows.front().GetInt("n").value_or(-1);
}

std::vector<QueuedMail> TestApp::Outbox() {
  // The keys the application seals with: derived from the same secrets.
  auto mails =
      ReadOutbox(store(), mail::OutboxKeysFromSecrets(config_->secret, config_->previous_secrets));
  if (!mails) {
    ADD_FAILURE() << "reading the outbox failed: " << mails.error().detail;
    return {};
  }
  return std::move(*mails);
}

std::optional<QueuedMail> TestApp::LastMailTo(std::string_view address) {
  std::optional<QueuedMail> last;
  for (QueuedMail& m : Outbox()) {
    if (m.to == address) last = std::move(m);
  }
  return last;
}

}  // namespace latchkey::testing

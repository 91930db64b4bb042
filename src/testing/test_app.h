// The in-process test harness (docs/testing.md): the real app::Application
// on SQLite in memory, migrated, its routes on a real http::Router, and
// requests run through a real http::Pipeline with the middleware `serve`
// installs (app/commands.cc), all without sockets. Time comes from a
// FakeClock the test advances; mail stays queued in mail_outbox, readable
// with Outbox().
//
//   auto app = testing::TestApp::Start();
//   testing::Client alice = app->SignUp("alice@example.com", "a long passphrase");
//   EXPECT_THAT(alice.Get("/api/auth/get-session"), IsOkJson());
//   app->clock().Advance(3600 * 1000);
//
// The harness knows only Application's public interface, the router, the
// pipeline, the store and the clock; tests see requests and responses, and
// rows through SQL.
// Thread-safety: Handle() may run concurrently (as the server's workers do);
// the rest belongs to the test's thread.
#ifndef LK_TESTING_TEST_APP_H_
#define LK_TESTING_TEST_APP_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/config.h"
#include "core/result.h"
#include "http/pipeline.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "store/store.h"
#include "testing/outbox_reader.h"
#include "testing/test_client.h"

namespace latchkey::app {
class Application;
}

namespace latchkey::testing {

// 2026-01-01T00:00:00Z: a fixed start, so times in assertions are stable.
inline constexpr TimeMs kDefaultStartMs = 1767225600000;
// A 32-byte secret (kMinSecretBytes); fixed, so a test can sign values.
inline constexpr std::string_view kTestSecret = "latchkey-test-secret-0123456789abcdef";

struct TestAppOptions {
  // Adjusts the harness defaults (HarnessConfig()) before the app is built:
  // [](Config& c) { c.Mutable<account::AccountSettings>().delete_user_enabled = true; }
  std::function<void(Config&)> configure;
  TimeMs start_ms = kDefaultStartMs;
};

// The defaults: SQLite in memory, base URL http://localhost:3000, the fixed
// secret, cheap Argon2id (1 MiB, 1 pass, as the e2e suite), rate limits off
// (the lockout stays on), a small worker and KDF pool.
Config HarnessConfig();

class TestApp {
 public:
  // Builds, validates (app::ValidateConfig), migrates and wires the app.
  // Errors: whatever the config check, Application::Create, Migrate, the
  // JWT key or route registration return.
  static Result<std::unique_ptr<TestApp>> Create(TestAppOptions options = {});
  // Create(), aborting with the error on failure (a harness that cannot
  // start is a broken test setup, not a test result).
  static std::unique_ptr<TestApp> Start(TestAppOptions options = {});
  ~TestApp();
  TestApp(const TestApp&) = delete;
  TestApp& operator=(const TestApp&) = delete;

  // Runs one request as the server would after reading it: fills path and
  // query from `target`, matches the route, applies the body limit (413) and
  // the load shedder, then the pipeline (middleware, handler, error mapping).
  // Security headers and serialisation (http/response_writer.h) are not
  // applied: the Response is what the pipeline produced.
  http::Response Handle(http::Request request) const;

  // A client with an empty jar. Each gets its own address unless one is
  // given, so per-client limits do not collide.
  Client NewClient(std::string client_address = "");
  // A new client that signed up (or in): the session cookie is in its jar.
  // A failed request is reported with ADD_FAILURE and the client returned
  // without a session.
  Client SignUp(std::string_view email, std::string_view password,
                std::string_view name = "Test User");
  Client SignIn(std::string_view email, std::string_view password);

  // Rows of a read-only query; on a store error, ADD_FAILURE and no rows.
  std::vector<store::Row> Query(std::string_view sql,
                                std::initializer_list<store::Value> args = {});
  // SELECT COUNT(*) FROM `table` [WHERE `where`]; -1 (and ADD_FAILURE) on error.
  std::int64_t Count(std::string_view table, std::string_view where = "",
                     std::initializer_list<store::Value> args = {});
  // Every queued mail, bodies opened, oldest first (ADD_FAILURE on error).
  std::vector<QueuedMail> Outbox();
  // The newest mail to `address`, if any.
  std::optional<QueuedMail> LastMailTo(std::string_view address);

  FakeClock& clock() { return clock_; }
  const Config& config() const { return *config_; }
  store::Store& store();
  const http::Router& router() const { return router_; }
  app::Application& application() { return *app_; }

 private:
  TestApp(std::unique_ptr<Config> config, TimeMs start_ms);

  std::unique_ptr<Config> config_;  // Application keeps a reference
  FakeClock clock_;
  std::unique_ptr<app::Application> app_;
  http::Router router_;
  std::unique_ptr<http::Pipeline> pipeline_;
  std::function<std::optional<http::Response>(const http::Request&, const http::RouteSpec*)> shed_;
  int next_client_ = 1;
  mutable std::atomic<std::uint64_t> next_request_{0};  // request ids test-1, test-2, …
};

}  // namespace latchkey::testing

#endif  // LK_TESTING_TEST_APP_H_

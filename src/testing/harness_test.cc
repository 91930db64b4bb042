// The harness itself: cookie parsing, the jar, mail links, and that the
// in-process app answers as the server does (middleware wired, migrations
// applied, the session cookie carried).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "features/account/account_settings.h"
#include "testing/cookies.h"
#include "testing/matchers.h"
#include "testing/outbox_reader.h"
#include "testing/test_app.h"

namespace latchkey::testing {
namespace {

using ::testing::Not;

TEST(SetCookieTest, ParsesNameValueAndAttributes) {
  auto cookie = ParseSetCookie("a.b=x%2Fy; Max-Age=60; Path=/; HttpOnly; SameSite=Lax");
  ASSERT_TRUE(cookie);
  EXPECT_EQ(cookie->name, "a.b");
  EXPECT_EQ(cookie->value, "x%2Fy");
  EXPECT_EQ(cookie->Attribute("max-age"), "60");
  EXPECT_EQ(cookie->Attribute("Path"), "/");
  EXPECT_TRUE(cookie->Has("httponly"));
  EXPECT_FALSE(cookie->Has("Secure"));
  EXPECT_FALSE(cookie->Expires());
  EXPECT_FALSE(ParseSetCookie("no-equals-sign; Path=/"));
}

TEST(CookieJarTest, KeepsSetCookiesAndDropsExpiredOnes) {
  CookieJar jar;
  http::Response set;
  set.SetCookie("a=1; Path=/");
  set.SetCookie("b=2; Max-Age=10");
  jar.Update(set);
  EXPECT_EQ(jar.Header(), "a=1; b=2");
  http::Response expire;
  expire.SetCookie("a=; Max-Age=0; Path=/");
  expire.SetCookie("b=3");
  jar.Update(expire);
  EXPECT_EQ(jar.Header(), "b=3");
  EXPECT_FALSE(jar.Get("a"));
}

TEST(OutboxReaderTest, FindsTheFirstLinkAndItsToken) {
  EXPECT_EQ(FirstLink("Open http://x.test/a?token=abc&callbackURL=%2F now."),
            "http://x.test/a?token=abc&callbackURL=%2F");
  EXPECT_FALSE(FirstLink("no link here"));
  EXPECT_EQ(LinkToken("http://x.test/verify?token=abc&callbackURL=%2F"), "abc");
  EXPECT_EQ(LinkToken("http://x.test/api/auth/reset-password/T0k3n?callbackURL=%2F"), "T0k3n");
}

TEST(TestAppTest, SignUpCarriesTheSessionCookieToTheNextRequest) {
  auto app = TestApp::Start();
  Client alice = app->SignUp("alice@example.com", "correct horse battery");
  EXPECT_FALSE(alice.session_cookie().empty());
  EXPECT_FALSE(alice.user_id().empty());
  http::Response session = alice.Get("/api/auth/get-session");
  EXPECT_THAT(session, IsOkJson());
  EXPECT_THAT(session, HasJsonString("/user/email", "alice@example.com"));
  EXPECT_EQ(app->Count("users"), 1);
  // A client without the cookie has no session (Better Auth answers null).
  EXPECT_EQ(app->NewClient().Get("/api/auth/get-session").body, "null");
}

TEST(TestAppTest, RunsTheOriginCheckOfServe) {
  auto app = TestApp::Start();
  Client alice = app->SignUp("alice@example.com", "correct horse battery");
  // A cross-site form post with the session cookie is refused (CSRF, ASVS 4.2.2).
  http::Response response = alice.Post("/api/auth/update-user", R"({"name":"Mallory"})",
                                       {{"Origin", "https://evil.example"}});
  EXPECT_THAT(response, HasError(403, "INVALID_ORIGIN"));
  EXPECT_THAT(alice.Post("/api/auth/update-user", R"({"name":"Alice"})"), IsOkJson());
}

TEST(TestAppTest, UnknownRouteIsAnEmpty404AndOversizedBodyA413) {
  auto app = TestApp::Start();
  Client client = app->NewClient();
  http::Response missing = client.Get("/api/auth/no-such-route");
  EXPECT_THAT(missing, HasStatus(404));
  EXPECT_TRUE(missing.body.empty());
  EXPECT_THAT(
      client.Post("/api/auth/sign-in/email", std::string(http::Router::kMaxBodyLimit + 1, ' ')),
      HasStatus(413));
  EXPECT_THAT(client.Get("/api/auth/ok"), Not(HasStatus(404)));
}

TEST(TestAppTest, ConfigureAndTheFakeClockApply) {
  auto app = TestApp::Start(
      {.configure =
           [](Config& c) { c.Mutable<account::AccountSettings>().delete_user_enabled = true; },
       .start_ms = kDefaultStartMs});
  EXPECT_TRUE(app->config().Get<account::AccountSettings>().delete_user_enabled);
  EXPECT_EQ(app->clock().NowMs(), kDefaultStartMs);
  app->clock().Advance(1000);
  EXPECT_EQ(app->clock().NowMs(), kDefaultStartMs + 1000);
  EXPECT_TRUE(app->Outbox().empty());
}

}  // namespace
}  // namespace latchkey::testing

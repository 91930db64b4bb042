// Access + refresh token pairs: issue, rotation, reuse detection, revocation
// and expiry, through the in-process app (src/testing/test_app.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "crypto/token_hash.h"
#include "features/jwt/jwt_settings.h"
#include "features/refresh_tokens/refresh_settings.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::refresh_tokens {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::HasError;
using ::latchkey::testing::HasJsonString;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::Json;
using ::latchkey::testing::JsonString;
using ::latchkey::testing::TestApp;

constexpr std::string_view kEmail = "barbara@example.com";
constexpr std::string_view kPassword = "abstract data types";

class RefreshTokensTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }
  void Start(testing::TestAppOptions options) {
    app_ = TestApp::Start(std::move(options));
    owner_ = std::make_unique<Client>(app_->SignUp(kEmail, kPassword));
  }
  // POST /refresh-token/issue with the owner's session; the refresh token.
  std::string Issue() {
    http::Response pair = owner_->Post("/api/auth/refresh-token/issue", "{}");
    EXPECT_THAT(pair, IsOkJson());
    return JsonString(pair, "/refresh_token");
  }
  // POST /refresh from a client without cookies (an app, not a browser).
  http::Response Refresh(const std::string& token) {
    return app_->NewClient().PostJson("/api/auth/refresh", {{"refresh_token", token}});
  }

  std::unique_ptr<TestApp> app_;
  std::unique_ptr<Client> owner_;
};

TEST_F(RefreshTokensTest, IssueAnswersABearerPair) {
  http::Response pair = owner_->Post("/api/auth/refresh-token/issue", "{}");
  ASSERT_THAT(pair, IsOkJson());
  EXPECT_THAT(pair, HasJsonString("/token_type", "Bearer"));
  EXPECT_TRUE(pair.no_store);  // RFC 6749 §5.1
  const std::string refresh = JsonString(pair, "/refresh_token");
  EXPECT_EQ(refresh.rfind("lkr_", 0), 0u);
  EXPECT_EQ(Json(pair).at("expires_in").as_int64(),
            app_->config().Get<jwt::JwtSettings>().access_token_ttl_s);
  // Only the hash is stored.
  EXPECT_EQ(app_->Count("refresh_tokens", "token_hash = ? AND user_id = ?",
                        {crypto::HashToken(refresh), owner_->user_id()}),
            1);
  // The access token is a JWT (three segments).
  const std::string access = JsonString(pair, "/access_token");
  EXPECT_EQ(std::count(access.begin(), access.end(), '.'), 2);
}

TEST_F(RefreshTokensTest, IssueNeedsASession) {
  EXPECT_THAT(app_->NewClient().Post("/api/auth/refresh-token/issue", "{}"),
              HasError(401, "UNAUTHORIZED"));
}

TEST_F(RefreshTokensTest, RefreshRotatesTheToken) {
  const std::string first = Issue();
  http::Response rotated = Refresh(first);
  ASSERT_THAT(rotated, IsOkJson());
  const std::string second = JsonString(rotated, "/refresh_token");
  EXPECT_NE(second, first);
  EXPECT_THAT(Refresh(second), IsOkJson());
  EXPECT_EQ(app_->Count("refresh_tokens", "used_at IS NOT NULL"), 2);
}

// RFC 9700 §4.14.2 (refresh token rotation): a spent token presented again
// after the grace window revokes its whole family, the thief's copy and the
// client's newest token alike.
TEST_F(RefreshTokensTest, ReuseAfterTheGraceWindowRevokesTheFamily) {
  const std::string first = Issue();
  const std::string second = JsonString(Refresh(first), "/refresh_token");
  app_->clock().Advance(app_->config().Get<RefreshSettings>().refresh_reuse_grace_s * 1000 + 1);
  EXPECT_THAT(Refresh(first), HasError(401, "REFRESH_TOKEN_REUSED"));
  EXPECT_THAT(Refresh(second), HasError(401, "INVALID_REFRESH_TOKEN"));
  EXPECT_EQ(app_->Count("refresh_tokens", "revoked_at IS NULL"), 0);
  EXPECT_EQ(app_->Count("audit_events", "event_type = 'refresh_token.reuse_detected'"), 1);
  // The session itself is not the family: it stays.
  EXPECT_THAT(owner_->Get("/api/auth/get-session"), HasJsonString("/user/email", kEmail));
}

// A client retrying inside the grace window gets one sibling pair; a
// second replay is reuse.
TEST_F(RefreshTokensTest, ReplayInsideTheGraceWindowMintsOneSibling) {
  const std::string first = Issue();
  ASSERT_THAT(Refresh(first), IsOkJson());
  http::Response retry = Refresh(first);
  EXPECT_THAT(retry, IsOkJson());
  EXPECT_THAT(Refresh(first), HasError(401, "REFRESH_TOKEN_REUSED"));
  EXPECT_THAT(Refresh(JsonString(retry, "/refresh_token")), HasError(401, "INVALID_REFRESH_TOKEN"));
}

TEST_F(RefreshTokensTest, RevokeEndsTheFamilyAndAnswersAlikeForUnknownTokens) {
  const std::string first = Issue();
  const std::string second = JsonString(Refresh(first), "/refresh_token");
  Client app_client = app_->NewClient();
  http::Response revoked =
      app_client.PostJson("/api/auth/refresh/revoke", {{"refresh_token", second}});
  EXPECT_THAT(revoked, IsOkJson());
  EXPECT_EQ(revoked.body, R"({"status":true})");
  EXPECT_THAT(Refresh(second), HasError(401, "INVALID_REFRESH_TOKEN"));
  EXPECT_EQ(
      app_client.PostJson("/api/auth/refresh/revoke", {{"refresh_token", "lkr_unknown"}}).body,
      revoked.body);
}

TEST_F(RefreshTokensTest, UnknownTokenIsInvalid) {
  EXPECT_THAT(Refresh("lkr_not-a-token"), HasError(401, "INVALID_REFRESH_TOKEN"));
  EXPECT_THAT(app_->NewClient().Post("/api/auth/refresh", "{}"), testing::HasStatus(400));
}

// The family's absolute lifetime (refresh_token_ttl_s) holds however often
// it rotates.
TEST_F(RefreshTokensTest, TheFamilyExpiresAtItsAbsoluteLifetime) {
  Start({.configure = [](Config& c) { c.Mutable<RefreshSettings>().refresh_token_ttl_s = 120; }});
  std::string token = Issue();
  for (int i = 0; i < 3; ++i) {
    app_->clock().Advance(30 * 1000);
    http::Response rotated = Refresh(token);
    ASSERT_THAT(rotated, IsOkJson());
    EXPECT_LE(Json(rotated).at("refresh_token_expires_in").as_int64(), 120 - 30 * (i + 1));
    token = JsonString(rotated, "/refresh_token");
  }
  app_->clock().Advance(30 * 1000);
  EXPECT_THAT(Refresh(token), HasError(401, "REFRESH_TOKEN_EXPIRED"));
}

// Signing out deletes the session; its families go with it (ON DELETE
// CASCADE), so a refresh token cannot outlive the sign-out.
TEST_F(RefreshTokensTest, SignOutEndsTheFamily) {
  const std::string token = Issue();
  ASSERT_THAT(owner_->Post("/api/auth/sign-out", "{}"), IsOkJson());
  EXPECT_THAT(Refresh(token), HasError(401, "INVALID_REFRESH_TOKEN"));
}

}  // namespace
}  // namespace latchkey::refresh_tokens

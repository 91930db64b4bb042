// GET /token, GET /jwks and POST /jwt/verify through the in-process app
// (src/testing/test_app.h): a token the server issues verifies, with an
// independent verifier, against the key set it publishes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crypto/jose/jws.h"
#include "crypto/jose/key_set.h"
#include "features/jwt/jwt_settings.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::jwt {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::HasError;
using ::latchkey::testing::HasHeader;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::Json;
using ::latchkey::testing::JsonString;
using ::latchkey::testing::TestApp;

constexpr std::string_view kEmail = "whitfield@example.com";
constexpr std::string_view kPassword = "new directions 1976";

// RFC 7519 / RFC 7517: the JWT from /token verifies under /jwks with the
// configured issuer and audience, and names the user.
TEST(JwtRoutesTest, TokenVerifiesAgainstThePublishedKeySet) {
  auto app = TestApp::Start();
  Client client = app->SignUp(kEmail, kPassword);
  http::Response issued = client.Get("/api/auth/token");
  ASSERT_THAT(issued, IsOkJson());
  EXPECT_TRUE(issued.no_store);
  http::Response jwks = app->NewClient().Get("/api/auth/jwks");
  ASSERT_THAT(jwks, IsOkJson());
  EXPECT_THAT(jwks, HasHeader("Cache-Control", "public, max-age=60"));
  auto keys = crypto::jose::KeySet::FromJwksJson(jwks.body);
  ASSERT_TRUE(keys) << keys.error().detail;
  crypto::jose::VerifyOptions options;
  options.now = app->clock().NowMs() / 1000;
  options.issuer = "http://localhost:3000";
  options.audience = "http://localhost:3000";
  auto verified = crypto::jose::Verify(JsonString(issued, "/token"), *keys, options);
  ASSERT_TRUE(verified) << verified.error().code << ": " << verified.error().detail;
  EXPECT_EQ(verified->alg, crypto::jose::Algorithm::kEdDSA);
  const boost::json::object& claims = verified->claims;
  EXPECT_EQ(claims.at("sub").as_string(), client.user_id());
  EXPECT_EQ(claims.at("exp").as_int64() - claims.at("iat").as_int64(),
            app->config().Get<JwtSettings>().jwt_expires_in_s);
  // Better Auth's payload: the user object's fields beside the registered claims.
  EXPECT_EQ(claims.at("email").as_string(), kEmail);
}

TEST(JwtRoutesTest, TokenNeedsASession) {
  auto app = TestApp::Start();
  EXPECT_THAT(app->NewClient().Get("/api/auth/token"), HasError(401, "UNAUTHORIZED"));
}

// RFC 7519 §4.1.4: past exp plus jwt_clock_skew (2 minutes by default) a
// token is refused; one second before that edge it still verifies.
TEST(JwtRoutesTest, Rfc7519Sec414AcceptsWithinTheClockSkewOnly) {
  auto app = TestApp::Start();
  Client client = app->SignUp(kEmail, kPassword);
  const std::string token = JsonString(client.Get("/api/auth/token"), "/token");
  Client verifier = app->NewClient();
  http::Response valid = verifier.PostJson("/api/auth/jwt/verify", {{"token", token}});
  ASSERT_THAT(valid, IsOkJson());
  EXPECT_TRUE(Json(valid).at("valid").as_bool());
  EXPECT_THAT(valid, testing::HasJsonString("/payload/sub", client.user_id()));
  const std::int64_t ttl = app->config().Get<JwtSettings>().jwt_expires_in_s;
  ASSERT_EQ(app->config().jwt_clock_skew_s, 120);
  app->clock().Advance((ttl + 120 - 1) * 1000);
  EXPECT_THAT(verifier.PostJson("/api/auth/jwt/verify", {{"token", token}}), IsOkJson());
  app->clock().Advance(1000);
  EXPECT_THAT(verifier.PostJson("/api/auth/jwt/verify", {{"token", token}}),
              HasError(401, "JWT_EXPIRED"));
}

// jwt_clock_skew = 0: exp is exact (RFC 7519 §4.1.4 "MUST NOT be accepted
// on or after").
TEST(JwtRoutesTest, Rfc7519Sec414NoClockSkewWhenSetToZero) {
  auto app = TestApp::Start({.configure = [](Config& config) { config.jwt_clock_skew_s = 0; }});
  Client client = app->SignUp(kEmail, kPassword);
  const std::string token = JsonString(client.Get("/api/auth/token"), "/token");
  Client verifier = app->NewClient();
  const std::int64_t ttl = app->config().Get<JwtSettings>().jwt_expires_in_s;
  app->clock().Advance((ttl - 1) * 1000);
  EXPECT_THAT(verifier.PostJson("/api/auth/jwt/verify", {{"token", token}}), IsOkJson());
  app->clock().Advance(1000);
  EXPECT_THAT(verifier.PostJson("/api/auth/jwt/verify", {{"token", token}}),
              HasError(401, "JWT_EXPIRED"));
}

TEST(JwtRoutesTest, VerifyRefusesATamperedToken) {
  auto app = TestApp::Start();
  Client client = app->SignUp(kEmail, kPassword);
  std::string token = JsonString(client.Get("/api/auth/token"), "/token");
  ASSERT_FALSE(token.empty());
  // A character inside the signature (the last one may carry padding bits).
  char& c = token[token.rfind('.') + 5];
  c = c == 'A' ? 'B' : 'A';
  http::Response refused = app->NewClient().PostJson("/api/auth/jwt/verify", {{"token", token}});
  EXPECT_EQ(refused.status, 401) << refused.body;
}

}  // namespace
}  // namespace latchkey::jwt

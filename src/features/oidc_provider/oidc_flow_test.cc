// The code and token lifetimes on the in-process app with a fake clock
// (src/testing/test_app.h), which the e2e suite cannot wait for: a code is
// single use (RFC 6749 §4.1.2) and dies after oidc_code_ttl; a refresh
// token after oidc_refresh_token_ttl; only hashes are stored.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/token_hash.h"
#include "features/oidc_provider/client_store.h"
#include "features/oidc_provider/oidc_settings.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::oidc_provider {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::Json;
using ::latchkey::testing::TestApp;

constexpr std::string_view kRedirect = "https://app.example.com/cb";
const std::string kVerifier(64, 'v');

class OidcFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = TestApp::Start(
        {.configure = [](Config& c) { c.Mutable<OidcSettings>().oidc_provider = true; }});
    ClientSpec spec{.name = "App", .redirect_uris = {std::string(kRedirect)}, .skip_consent = true};
    ASSERT_TRUE(NormalizeClientSpec(spec));
    auto created = store::InTransaction(app_->store(), [&](store::Transaction& tx) {
      return InsertClient(tx, spec, app_->clock().NowMs());
    });
    ASSERT_TRUE(created) << created.error().detail;
    client_id_ = created->client.client_id;
    secret_ = created->secret;
    user_ = std::make_unique<Client>(app_->SignUp("ada@example.com", "analytical engine"));
  }

  static std::string Location(const http::Response& res) {
    for (const auto& [name, value] : res.headers) {
      if (name == "Location") return value;
    }
    return "";
  }

  std::string AuthorizeTarget(std::string_view extra = {}) {
    const std::string challenge = crypto::Base64UrlEncode(crypto::Sha256(kVerifier));
    return "/api/auth/oauth2/authorize?response_type=code&client_id=" + client_id_ +
           "&redirect_uri=" + http::PercentEncode(kRedirect) +
           "&scope=openid%20offline_access&state=s&code_challenge=" + challenge +
           "&code_challenge_method=S256" + std::string(extra);
  }

  // GET /oauth2/authorize with the user's session: the code in the redirect.
  std::string Code() {
    const std::string challenge = crypto::Base64UrlEncode(crypto::Sha256(kVerifier));
    http::Response res =
        user_->Get("/api/auth/oauth2/authorize?response_type=code&client_id=" + client_id_ +
                   "&redirect_uri=" + http::PercentEncode(kRedirect) +
                   "&scope=openid%20offline_access&state=s&code_challenge=" + challenge +
                   "&code_challenge_method=S256");
    EXPECT_EQ(res.status, 302);
    std::string location;
    for (const auto& [name, value] : res.headers) {
      if (name == "Location") location = value;
    }
    const std::size_t at = location.find("code=");
    EXPECT_NE(at, std::string::npos) << location;
    return location.substr(at + 5, location.find('&', at) - at - 5);
  }

  http::Response Token(const std::string& form) {
    http::Request request;
    request.method = http::Method::kPost;
    request.target = request.path = "/api/auth/oauth2/token";
    request.body = form;
    request.headers = {
        {"content-type", "application/x-www-form-urlencoded"},
        {"authorization", "Basic " + crypto::Base64Encode(client_id_ + ":" + secret_)}};
    return app_->NewClient().Send(std::move(request));
  }

  http::Response Redeem(const std::string& code) {
    return Token("grant_type=authorization_code&code=" + code +
                 "&redirect_uri=" + http::PercentEncode(kRedirect) + "&code_verifier=" + kVerifier);
  }

  static std::string Error(const http::Response& res) {
    return std::string(Json(res).at("error").as_string());
  }

  std::unique_ptr<TestApp> app_;
  std::unique_ptr<Client> user_;
  std::string client_id_;
  std::string secret_;
};

TEST_F(OidcFlowTest, ACodeIsSingleUseRfc6749) {
  const std::string code = Code();
  http::Response first = Redeem(code);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_TRUE(first.no_store);  // RFC 6749 §5.1
  const std::string access(Json(first).at("access_token").as_string());
  // Only hashes are stored: the code's and the tokens'.
  EXPECT_EQ(app_->Count("oauth_codes", "code_hash = '" + crypto::HashToken(code) + "'"), 1);
  EXPECT_EQ(app_->Count("oauth_tokens", "token_hash = '" + crypto::HashToken(access) + "'"), 1);
  http::Response second = Redeem(code);
  EXPECT_EQ(second.status, 400);
  EXPECT_EQ(Error(second), "invalid_grant");
  // What the first redemption issued is revoked.
  EXPECT_EQ(app_->Count("oauth_tokens", "revoked_at IS NULL"), 0);
}

// OpenID Connect Core §3.1.2.1: prompt=login re-authenticates even with a
// session; the request coming back from the sign-in page needs a session
// made after it, so the old one is sent to sign in again.
TEST_F(OidcFlowTest, PromptLoginWantsASessionNewerThanTheRequest) {
  http::Response first = user_->Get(AuthorizeTarget("&prompt=login"));
  ASSERT_EQ(first.status, 302);
  const std::string to_sign_in = Location(first);
  const std::string prefix = "/sign-in?redirect=";
  ASSERT_EQ(to_sign_in.rfind(prefix, 0), 0U) << to_sign_in;
  const std::string back = http::PercentDecode(to_sign_in.substr(prefix.size()), false);
  EXPECT_NE(back.find("&lk_auth_after="), std::string::npos) << back;
  app_->clock().Advance(2000);
  // The old session is not enough...
  http::Response stale = user_->Get(back);
  EXPECT_EQ(Location(stale).rfind(prefix, 0), 0U) << Location(stale);
  // ...a new sign-in is.
  ASSERT_EQ(user_->SignIn("ada@example.com", "analytical engine").status, 200);
  http::Response fresh = user_->Get(back);
  EXPECT_EQ(Location(fresh).rfind(std::string(kRedirect) + "?code=", 0), 0U) << Location(fresh);
}

TEST_F(OidcFlowTest, ACodeExpiresAfterOidcCodeTtl) {
  const std::string code = Code();
  app_->clock().Advance(app_->config().Get<OidcSettings>().oidc_code_ttl_s * 1000 + 1);
  http::Response late = Redeem(code);
  EXPECT_EQ(late.status, 400);
  EXPECT_EQ(Error(late), "invalid_grant");
}

TEST_F(OidcFlowTest, ARefreshTokenExpiresAfterOidcRefreshTokenTtl) {
  http::Response pair = Redeem(Code());
  ASSERT_EQ(pair.status, 200) << pair.body;
  const std::string refresh(Json(pair).at("refresh_token").as_string());
  app_->clock().Advance(app_->config().Get<OidcSettings>().oidc_refresh_token_ttl_s * 1000 + 1);
  http::Response late = Token("grant_type=refresh_token&refresh_token=" + refresh);
  EXPECT_EQ(late.status, 400);
  EXPECT_EQ(Error(late), "invalid_grant");
}

}  // namespace
}  // namespace latchkey::oidc_provider

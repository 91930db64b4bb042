// The passkey plugin through the in-process app (src/testing/test_app.h)
// with a software authenticator (crypto/webauthn/test_authenticator.h): the
// harness's base URL is http://localhost:3000, so the RP ID is `localhost`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "crypto/encoding.h"
#include "crypto/otp.h"
#include "crypto/random.h"
#include "crypto/webauthn/test_authenticator.h"
#include "features/passkeys/passkey_settings.h"
#include "testing/cookies.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::passkeys {
namespace {

namespace wa = ::latchkey::crypto::webauthn::testing;
namespace webauthn = ::latchkey::crypto::webauthn;
namespace cb = ::latchkey::crypto::webauthn::testing::cb;
using ::latchkey::testing::Client;
using ::latchkey::testing::HasError;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::Json;
using ::latchkey::testing::JsonString;
using ::latchkey::testing::TestApp;
using ::latchkey::testing::TestAppOptions;

constexpr std::string_view kEmail = "hedy@example.com";
constexpr std::string_view kPassword = "frequency hopping 1942";

std::string B64(std::string_view bytes) { return crypto::Base64UrlEncode(bytes); }

// A software authenticator holding one credential.
struct Authenticator {
  wa::TestKey key = wa::TestKey::Generate(webauthn::kEs256);
  std::string credential_id = crypto::RandomAlnum(24);
  std::string user_handle;  // from the registration options
  std::uint32_t counter = 0;
};

class PasskeysTest : public ::testing::Test {
 protected:
  void SetUp() override { app_ = TestApp::Start(options_); }

  // The body verify-registration takes for `options` (the JSON
  // generate-register-options answered).
  std::string RegistrationBody(Authenticator& authenticator, const http::Response& options,
                               std::string_view origin = wa::kOrigin) {
    const auto json = Json(options);
    authenticator.user_handle = std::string(json.at("user").at("id").as_string());
    wa::AuthDataSpec spec;
    spec.cose_key = authenticator.key.CoseKey();
    spec.credential_id = authenticator.credential_id;
    const std::string attestation = wa::AttestationObject("none", wa::AuthData(spec), cb::Map({}));
    const std::string client_data = wa::ClientDataJson(
        "webauthn.create", std::string(json.at("challenge").as_string()), origin);
    return R"({"name":"Laptop","response":{"id":")" + B64(authenticator.credential_id) +
           R"(","rawId":")" + B64(authenticator.credential_id) +
           R"(","type":"public-key","response":{"clientDataJSON":")" + B64(client_data) +
           R"(","attestationObject":")" + B64(attestation) + R"(","transports":["internal"]}}})";
  }

  http::Response Register(Client& client, Authenticator& authenticator) {
    http::Response options = client.Get("/api/auth/passkey/generate-register-options");
    EXPECT_THAT(options, IsOkJson());
    return client.Post("/api/auth/passkey/verify-registration",
                       RegistrationBody(authenticator, options));
  }

  // The body verify-authentication takes for `options`.
  std::string AssertionBody(Authenticator& authenticator, const http::Response& options,
                            std::optional<std::uint32_t> counter = std::nullopt) {
    authenticator.counter = counter.value_or(authenticator.counter + 1);
    wa::AuthDataSpec spec = wa::AssertionSpec();
    spec.sign_count = authenticator.counter;
    const std::string auth_data = wa::AuthData(spec);
    const std::string client_data =
        wa::ClientDataJson("webauthn.get", std::string(Json(options).at("challenge").as_string()));
    const webauthn::AuthenticationInput signed_in =
        wa::Assertion(authenticator.key, auth_data, client_data);
    return R"({"response":{"id":")" + B64(authenticator.credential_id) + R"(","rawId":")" +
           B64(authenticator.credential_id) +
           R"(","type":"public-key","response":{"clientDataJSON":")" + B64(client_data) +
           R"(","authenticatorData":")" + B64(auth_data) + R"(","signature":")" +
           B64(signed_in.signature) + R"(","userHandle":")" + authenticator.user_handle + R"("}}})";
  }

  http::Response SignIn(Client& browser, Authenticator& authenticator, std::string_view query = "",
                        std::optional<std::uint32_t> counter = std::nullopt) {
    http::Response options =
        browser.Get("/api/auth/passkey/generate-authenticate-options" + std::string(query));
    EXPECT_THAT(options, IsOkJson());
    return browser.Post("/api/auth/passkey/verify-authentication",
                        AssertionBody(authenticator, options, counter));
  }

  TestAppOptions options_;
  std::unique_ptr<TestApp> app_;
};

TEST_F(PasskeysTest, RegisterThenSignInWithoutAUserName) {
  Client hedy = app_->SignUp(kEmail, kPassword, "Hedy");
  Authenticator authenticator;
  http::Response registered = Register(hedy, authenticator);
  ASSERT_THAT(registered, IsOkJson());
  EXPECT_EQ(JsonString(registered, "/name"), "Laptop");
  EXPECT_EQ(JsonString(registered, "/credentialID"), B64(authenticator.credential_id));
  EXPECT_EQ(JsonString(registered, "/deviceType"), "singleDevice");
  EXPECT_EQ(JsonString(registered, "/transports"), "internal");
  EXPECT_EQ(
      app_->Count("audit_events", "event_type = 'passkey.registered' AND outcome = 'success'"), 1);
  EXPECT_THAT(app_->LastMailTo(kEmail)->subject, ::testing::HasSubstr("passkey was added"));

  Client browser = app_->NewClient();
  http::Response options = browser.Get("/api/auth/passkey/generate-authenticate-options");
  EXPECT_EQ(Json(options).as_object().count("allowCredentials"), 0u);  // usernameless
  http::Response signed_in = browser.Post("/api/auth/passkey/verify-authentication",
                                          AssertionBody(authenticator, options));
  ASSERT_THAT(signed_in, IsOkJson());
  EXPECT_EQ(JsonString(signed_in, "/user/email"), kEmail);
  EXPECT_NE(JsonString(signed_in, "/session/token"), "");
  EXPECT_EQ(JsonString(browser.Get("/api/auth/get-session"), "/user/email"), kEmail);
  auto rows = app_->Query("SELECT counter FROM passkeys");
  EXPECT_EQ(rows[0].GetInt("counter").value_or(-1), 1);
  EXPECT_EQ(app_->Count("audit_events",
                        "event_type = 'user.sign_in' AND details LIKE '%\"method\":\"passkey\"%'"),
            1);
}

TEST_F(PasskeysTest, OptionsWithAnEmailListThatAccountOrADecoy) {
  Client hedy = app_->SignUp(kEmail, kPassword, "Hedy");
  Authenticator authenticator;
  ASSERT_THAT(Register(hedy, authenticator), IsOkJson());
  Client browser = app_->NewClient();
  const auto known = Json(
      browser.Get("/api/auth/passkey/generate-authenticate-options?email=" + std::string(kEmail)));
  ASSERT_EQ(known.at("allowCredentials").as_array().size(), 1u);
  EXPECT_EQ(known.at("allowCredentials").as_array()[0].at("id").as_string(),
            B64(authenticator.credential_id));
  // ASVS 2.2.1-style non-enumeration: an unknown address looks the same.
  const auto unknown =
      Json(browser.Get("/api/auth/passkey/generate-authenticate-options?email=nobody@example.com"));
  EXPECT_EQ(unknown.at("allowCredentials").as_array().size(), 1u);
  // The ceremony of one account does not accept another's credential.
  Client other = app_->SignUp("other@example.com", kPassword, "Other");
  Authenticator others;
  ASSERT_THAT(Register(other, others), IsOkJson());
  EXPECT_THAT(SignIn(browser, others, "?email=" + std::string(kEmail)),
              HasError(401, "PASSKEY_NOT_FOUND"));
}

// WebAuthn L2 §7.2 step 11: the challenge is single-use, bound to the cookie.
TEST_F(PasskeysTest, ReplayedAssertionIsRefused) {
  Client hedy = app_->SignUp(kEmail, kPassword, "Hedy");
  Authenticator authenticator;
  ASSERT_THAT(Register(hedy, authenticator), IsOkJson());
  Client browser = app_->NewClient();
  http::Response options = browser.Get("/api/auth/passkey/generate-authenticate-options");
  const std::string body = AssertionBody(authenticator, options);
  ASSERT_THAT(browser.Post("/api/auth/passkey/verify-authentication", body), IsOkJson());
  EXPECT_THAT(browser.Post("/api/auth/passkey/verify-authentication", body),
              HasError(400, "CHALLENGE_NOT_FOUND"));
  Client stranger = app_->NewClient();  // no ceremony cookie at all
  EXPECT_THAT(stranger.Post("/api/auth/passkey/verify-authentication", body),
              HasError(400, "CHALLENGE_NOT_FOUND"));
}

// WebAuthn L2 §7.1 step 9: another origin → 400, never Better Auth's 500.
TEST_F(PasskeysTest, RegistrationFromAnotherOriginIs400AndAudited) {
  Client hedy = app_->SignUp(kEmail, kPassword, "Hedy");
  Authenticator authenticator;
  http::Response options = hedy.Get("/api/auth/passkey/generate-register-options");
  EXPECT_THAT(hedy.Post("/api/auth/passkey/verify-registration",
                        RegistrationBody(authenticator, options, "https://evil.example")),
              HasError(400, "FAILED_TO_VERIFY_REGISTRATION"));
  EXPECT_EQ(app_->Count("passkeys"), 0);
  EXPECT_EQ(app_->Count("audit_events",
                        "event_type = 'passkey.registered' AND outcome = "
                        "'failure' AND details LIKE '%ORIGIN%'"),
            1);
}

// WebAuthn L2 §7.1 step 22: a credential id belongs to one account.
TEST_F(PasskeysTest, CredentialRegisteredToAnotherUserIsRefused) {
  Client hedy = app_->SignUp(kEmail, kPassword, "Hedy");
  Authenticator authenticator;
  ASSERT_THAT(Register(hedy, authenticator), IsOkJson());
  Client other = app_->SignUp("other@example.com", kPassword, "Other");
  EXPECT_THAT(Register(other, authenticator), HasError(400, "FAILED_TO_VERIFY_REGISTRATION"));
  EXPECT_EQ(app_->Count("passkeys"), 1);
}

// WebAuthn L2 §7.2 step 21: a counter that went backwards is audited and
// (passkey_counter_regression = refuse, the default) refused.
TEST_F(PasskeysTest, CounterRegressionIsRefusedAndAudited) {
  Client hedy = app_->SignUp(kEmail, kPassword, "Hedy");
  Authenticator authenticator;
  ASSERT_THAT(Register(hedy, authenticator), IsOkJson());
  Client browser = app_->NewClient();
  ASSERT_THAT(SignIn(browser, authenticator, "", 5), IsOkJson());
  EXPECT_THAT(SignIn(browser, authenticator, "", 3), HasError(400, "AUTHENTICATION_FAILED"));
  EXPECT_EQ(app_->Count("audit_events", "event_type = 'passkey.counter_regressed'"), 1);
}

// WebAuthn L2 §7.2 step 6: the user handle must be the registration's.
TEST_F(PasskeysTest, ForeignUserHandleIsRefused) {
  Client hedy = app_->SignUp(kEmail, kPassword, "Hedy");
  Authenticator authenticator;
  ASSERT_THAT(Register(hedy, authenticator), IsOkJson());
  authenticator.user_handle = B64("someone-else-entirely-0123456789");
  Client browser = app_->NewClient();
  EXPECT_THAT(SignIn(browser, authenticator), HasError(401, "AUTHENTICATION_FAILED"));
}

TEST_F(PasskeysTest, OnlyTheOwnerRenamesOrDeletesAndDeletedKeysStopWorking) {
  Client hedy = app_->SignUp(kEmail, kPassword, "Hedy");
  Authenticator authenticator;
  http::Response registered = Register(hedy, authenticator);
  const std::string id = JsonString(registered, "/id");
  Client other = app_->SignUp("other@example.com", kPassword, "Other");
  EXPECT_THAT(
      other.Post("/api/auth/passkey/update-passkey", R"({"id":")" + id + R"(","name":"Mine"})"),
      HasError(401, "YOU_ARE_NOT_ALLOWED_TO_REGISTER_THIS_PASSKEY"));
  EXPECT_EQ(other.Post("/api/auth/passkey/delete-passkey", R"({"id":")" + id + R"("})").status,
            401);
  EXPECT_THAT(hedy.Post("/api/auth/passkey/update-passkey", R"({"id":"nope","name":"x"})"),
              HasError(404, "PASSKEY_NOT_FOUND"));
  http::Response renamed =
      hedy.Post("/api/auth/passkey/update-passkey", R"({"id":")" + id + R"(","name":"Phone"})");
  EXPECT_EQ(JsonString(renamed, "/passkey/name"), "Phone");
  ASSERT_THAT(hedy.Post("/api/auth/passkey/delete-passkey", R"({"id":")" + id + R"("})"),
              IsOkJson());
  EXPECT_EQ(app_->Count("audit_events", "event_type IN ('passkey.renamed', 'passkey.deleted')"), 2);
  Client browser = app_->NewClient();
  EXPECT_THAT(SignIn(browser, authenticator), HasError(401, "PASSKEY_NOT_FOUND"));
}

// Two-factor applies to passkey sign-ins as to passwords (docs/compatibility.md).
TEST_F(PasskeysTest, TwoFactorGatesPasskeySignIn) {
  Client hedy = app_->SignUp(kEmail, kPassword, "Hedy");
  Authenticator authenticator;
  ASSERT_THAT(Register(hedy, authenticator), IsOkJson());
  http::Response enabled = hedy.Post("/api/auth/two-factor/enable",
                                     R"({"password":")" + std::string(kPassword) + R"("})");
  const std::string uri = JsonString(enabled, "/totpURI");
  const auto at = uri.find("secret=") + 7;
  const std::string key = crypto::Base32Decode(uri.substr(at, uri.find('&', at) - at)).value();
  const std::string code =
      crypto::TotpAtStep(key, crypto::TotpStep(app_->clock().NowMs() / 1000)).value();
  ASSERT_THAT(hedy.Post("/api/auth/two-factor/verify-totp", R"({"code":")" + code + R"("})"),
              IsOkJson());
  Client browser = app_->NewClient();
  http::Response signed_in = SignIn(browser, authenticator);
  EXPECT_EQ(signed_in.body, R"({"twoFactorRedirect":true,"twoFactorMethods":["totp"]})");
}

}  // namespace
}  // namespace latchkey::passkeys

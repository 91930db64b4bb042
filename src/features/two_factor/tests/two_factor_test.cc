// The twoFactor plugin through the in-process app (src/testing/test_app.h):
// the sign-in gate, each factor, trusted devices, and what every change
// leaves behind (rows, audit events, mail).
#include <boost/json.hpp>

#include "features/two_factor/tests/two_factor_fixture.h"

namespace latchkey::two_factor {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::FindSetCookie;
using ::latchkey::testing::HasError;
using ::latchkey::testing::HasJsonString;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::Json;
using ::latchkey::testing::JsonAt;
using ::latchkey::testing::JsonString;

bool TwoFactorEnabled(Client& client) {
  const auto json = Json(client.Get("/api/auth/get-session"));
  const auto* enabled = JsonAt(json, "/user/twoFactorEnabled");
  return enabled != nullptr && enabled->is_bool() && enabled->as_bool();
}

TEST_F(TwoFactorTest, EnableIsPendingUntilTheFirstCode) {
  Client grace = app_->SignUp(kEmail, kPassword, "Grace");
  EXPECT_FALSE(TwoFactorEnabled(grace));
  http::Response enabled = grace.Post("/api/auth/two-factor/enable",
                                      R"({"password":")" + std::string(kPassword) + R"("})");
  ASSERT_THAT(enabled, IsOkJson());
  EXPECT_THAT(enabled, HasJsonString("/method", "totp"));
  EXPECT_THAT(
      JsonString(enabled, "/totpURI"),
      ::testing::MatchesRegex("otpauth://totp/Latchkey:grace%40example.com\\?secret=[A-Z2-7]{32}"
                              "&issuer=Latchkey&digits=6&period=30"));
  EXPECT_EQ(Json(enabled).at("backupCodes").as_array().size(), 10u);
  EXPECT_FALSE(TwoFactorEnabled(grace));
  // Not on yet: a sign-in still gets a session at once.
  EXPECT_NE(JsonString(app_->NewClient().SignIn(kEmail, kPassword), "/token"), "");
}

TEST_F(TwoFactorTest, TheFirstCodeTurnsItOnRotatesTheSessionAndMailsTheOwner) {
  Client grace = EnrolledUser();
  EXPECT_TRUE(TwoFactorEnabled(grace));
  EXPECT_EQ(app_->Count("audit_events", "event_type = 'two_factor.enabled'"), 1);
  auto mail = app_->LastMailTo(kEmail);
  ASSERT_TRUE(mail.has_value());
  EXPECT_THAT(mail->subject, ::testing::HasSubstr("Two-factor authentication is on"));
  // The sealed key is not the key (AES-GCM adds 28 bytes, base64).
  auto rows = app_->Query("SELECT totp_secret FROM two_factors");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].GetString("totp_secret")->size(), 64u);
}

TEST_F(TwoFactorTest, SignInAnswersTheChallengeInsteadOfASession) {
  EnrolledUser();
  Client browser = app_->NewClient();
  http::Response signed_in = browser.SignIn(kEmail, kPassword);
  ASSERT_THAT(signed_in, IsOkJson());
  EXPECT_EQ(signed_in.body, R"({"twoFactorRedirect":true,"twoFactorMethods":["totp","otp"]})");
  auto challenge = FindSetCookie(signed_in, kTwoFactorCookie);
  ASSERT_TRUE(challenge.has_value());
  EXPECT_EQ(challenge->Attribute("max-age"), "600");
  EXPECT_TRUE(challenge->Has("httponly"));
  EXPECT_THAT(challenge->value, ::testing::StartsWith("2fa-"));
  EXPECT_FALSE(FindSetCookie(signed_in, "set-auth-token").has_value());
  EXPECT_EQ(app_->Count("sessions"), 1);  // the enrolling session only
  EXPECT_THAT(browser.Get("/api/auth/get-session"),
              ::testing::Field(&http::Response::body, "null"));

  http::Response verified = Verify(browser, "verify-totp", Code());
  ASSERT_THAT(verified, IsOkJson());
  EXPECT_NE(JsonString(verified, "/token"), "");
  EXPECT_EQ(JsonAt(Json(verified), "/user/twoFactorEnabled")->as_bool(), true);
  EXPECT_TRUE(FindSetCookie(verified, kTwoFactorCookie)->Expires());
  EXPECT_TRUE(TwoFactorEnabled(browser));
  EXPECT_EQ(app_->Count("two_factor_challenges"), 0);
  EXPECT_EQ(app_->Count("audit_events", "event_type = 'user.sign_in' AND details LIKE '%totp%'"),
            1);
}

TEST_F(TwoFactorTest, BackupCodeWorksOnceAndTellsTheOwnerHowManyAreLeft) {
  EnrolledUser();
  Client first = Challenged();
  ASSERT_THAT(Verify(first, "verify-backup-code", backup_codes_[0]), IsOkJson());
  auto mail = app_->LastMailTo(kEmail);
  ASSERT_TRUE(mail.has_value());
  EXPECT_THAT(mail->text, ::testing::HasSubstr("9 recovery codes left"));
  Client second = Challenged();
  EXPECT_THAT(Verify(second, "verify-backup-code", backup_codes_[0]),
              HasError(401, "INVALID_BACKUP_CODE"));
  // Without the dash, as typed from a printout.
  std::string bare = backup_codes_[1];
  bare.erase(5, 1);
  EXPECT_THAT(Verify(second, "verify-backup-code", bare), IsOkJson());
}

TEST_F(TwoFactorTest, NewBackupCodesKillTheOldOnes) {
  Client grace = EnrolledUser();
  http::Response fresh = grace.Post("/api/auth/two-factor/generate-backup-codes",
                                    R"({"password":")" + std::string(kPassword) + R"("})");
  ASSERT_THAT(fresh, IsOkJson());
  EXPECT_EQ(app_->Count("audit_events", "event_type = 'two_factor.backup_codes_regenerated'"), 1);
  Client browser = Challenged();
  EXPECT_THAT(Verify(browser, "verify-backup-code", backup_codes_[2]),
              HasError(401, "INVALID_BACKUP_CODE"));
  const std::string renewed(Json(fresh).at("backupCodes").as_array()[0].as_string());
  EXPECT_THAT(Verify(browser, "verify-backup-code", renewed), IsOkJson());
  EXPECT_THAT(
      grace.Post("/api/auth/two-factor/view-backup-codes", "{}"),
      ::testing::Field(&http::Response::body, R"({"status":true,"backupCodes":[],"remaining":9})"));
}

TEST_F(TwoFactorTest, MailedCodeSignsInOnce) {
  EnrolledUser();
  Client browser = Challenged();
  ASSERT_THAT(browser.Post("/api/auth/two-factor/send-otp", "{}"), IsOkJson());
  auto mail = app_->LastMailTo(kEmail);
  ASSERT_TRUE(mail.has_value());
  const auto at = mail->text.find("code is ") + 8;
  const std::string code = mail->text.substr(at, 6);
  EXPECT_THAT(Verify(browser, "verify-otp", code), IsOkJson());
  EXPECT_EQ(app_->Count("two_factor_otps"), 0);
}

// The mailed code lives 3 minutes.
TEST_F(TwoFactorTest, MailedCodeExpires) {
  EnrolledUser();
  Client browser = Challenged();
  ASSERT_THAT(browser.Post("/api/auth/two-factor/send-otp", "{}"), IsOkJson());
  const std::string text = app_->LastMailTo(kEmail)->text;
  const std::string code = text.substr(text.find("code is ") + 8, 6);
  app_->clock().Advance(3 * 60 * 1000);
  EXPECT_THAT(Verify(browser, "verify-otp", code), HasError(400, "OTP_HAS_EXPIRED"));
}

TEST_F(TwoFactorTest, TrustedDeviceSkipsTheChallengeAndItsCookieRotates) {
  EnrolledUser();
  Client browser = Challenged();
  http::Response verified = Verify(browser, "verify-totp", Code(), R"("trustDevice":true)");
  ASSERT_THAT(verified, IsOkJson());
  auto trust = FindSetCookie(verified, kTrustCookie);
  ASSERT_TRUE(trust.has_value());
  EXPECT_EQ(trust->Attribute("max-age"), "2592000");
  EXPECT_EQ(app_->Count("audit_events", "event_type = 'two_factor.device_trusted'"), 1);

  http::Response again = browser.SignIn(kEmail, kPassword);
  EXPECT_NE(JsonString(again, "/token"), "");
  auto rotated = FindSetCookie(again, kTrustCookie);
  ASSERT_TRUE(rotated.has_value());
  EXPECT_NE(rotated->value, trust->value);
  // The old value is spent: a copy of it no longer skips the challenge.
  Client copy = app_->NewClient();
  copy.cookies().Set(std::string(kTrustCookie), trust->value);
  EXPECT_EQ(JsonString(copy.SignIn(kEmail, kPassword), "/token"), "");
}

TEST_F(TwoFactorTest, RevokingAllSessionsForgetsTrustedDevices) {
  EnrolledUser();
  Client browser = Challenged();
  ASSERT_THAT(Verify(browser, "verify-totp", Code(), R"("trustDevice":true)"), IsOkJson());
  ASSERT_EQ(app_->Count("two_factor_trusted_devices"), 1);
  ASSERT_THAT(browser.Post("/api/auth/revoke-sessions", "{}"), IsOkJson());
  EXPECT_EQ(app_->Count("two_factor_trusted_devices"), 0);
  EXPECT_EQ(JsonString(browser.SignIn(kEmail, kPassword), "/token"), "");
}

TEST_F(TwoFactorTest, DisableTurnsItOffForgetsDevicesAndMails) {
  Client grace = EnrolledUser();
  EXPECT_THAT(grace.Post("/api/auth/two-factor/disable", R"({"password":"wrong password!"})"),
              HasError(400, "INVALID_PASSWORD"));
  http::Response disabled = grace.Post("/api/auth/two-factor/disable",
                                       R"({"password":")" + std::string(kPassword) + R"("})");
  ASSERT_THAT(disabled, IsOkJson());
  EXPECT_TRUE(FindSetCookie(disabled, kSessionCookie).has_value());  // rotated
  EXPECT_FALSE(TwoFactorEnabled(grace));
  EXPECT_EQ(app_->Count("two_factors"), 0);
  EXPECT_EQ(app_->Count("two_factor_backup_codes"), 0);
  EXPECT_THAT(app_->LastMailTo(kEmail)->subject, ::testing::HasSubstr("is off"));
  EXPECT_NE(JsonString(app_->NewClient().SignIn(kEmail, kPassword), "/token"), "");
}

TEST_F(TwoFactorTest, QrCodeOnlyForASetupJustStarted) {
  Client grace = app_->SignUp(kEmail, kPassword, "Grace");
  EXPECT_THAT(grace.Get("/api/auth/two-factor/qr"), HasError(404, "NO_PENDING_TOTP_SETUP"));
  ASSERT_THAT(grace.Post("/api/auth/two-factor/enable",
                         R"({"password":")" + std::string(kPassword) + R"("})"),
              IsOkJson());
  http::Response qr = grace.Get("/api/auth/two-factor/qr");
  EXPECT_EQ(qr.status, 200);
  EXPECT_THAT(qr.body, ::testing::StartsWith("<svg"));
  app_->clock().Advance(10 * 60 * 1000);
  EXPECT_THAT(grace.Get("/api/auth/two-factor/qr"), HasError(404, "NO_PENDING_TOTP_SETUP"));
}

}  // namespace
}  // namespace latchkey::two_factor

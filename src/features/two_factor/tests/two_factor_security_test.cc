// What the two-factor feature must hold against an attacker: codes used
// once (also by racing requests), challenge and account lockouts, the
// browser binding of the challenge, sealed keys (docs/operations.md
// "Two-factor authentication").
#include <thread>

#include "crypto/random.h"
#include "features/two_factor/tests/two_factor_fixture.h"
#include "features/two_factor/two_factor_keys.h"

namespace latchkey::two_factor {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::HasError;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::JsonString;

// RFC 6238 §5.2, ASVS 2.8.4: a code is accepted once, even within its window.
TEST_F(TwoFactorTest, ReplayedTotpCodeIsRefused_ASVS_2_8_4) {
  EnrolledUser();
  const std::string code = Code();
  Client first = Challenged();
  ASSERT_THAT(Verify(first, "verify-totp", code), IsOkJson());
  Client second = Challenged();
  EXPECT_THAT(Verify(second, "verify-totp", code), HasError(401, "INVALID_CODE"));
  // An older code of the window is spent too: steps only move forward.
  EXPECT_THAT(Verify(second, "verify-totp", Code(-1)), HasError(401, "INVALID_CODE"));
  EXPECT_THAT(Verify(second, "verify-totp", Code(1)), IsOkJson());
}

// ASVS 2.8.4: two requests carrying one code at the same moment: one wins.
TEST_F(TwoFactorTest, ConcurrentRequestsWithOneCodeSignInOnce_ASVS_2_8_4) {
  EnrolledUser();
  const std::string code = Code();
  constexpr int kRacers = 4;
  std::vector<Client> browsers;
  for (int i = 0; i < kRacers; ++i) browsers.push_back(Challenged());
  std::vector<int> statuses(kRacers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] { statuses[i] = Verify(browsers[i], "verify-totp", code).status; });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 401), kRacers - 1);
}

// RFC 6238 §5.2: one step of clock skew either way, not two.
TEST_F(TwoFactorTest, AcceptsOneStepOfSkew_RFC_6238) {
  EnrolledUser();
  Client browser = Challenged();
  EXPECT_THAT(Verify(browser, "verify-totp", Code(2)), HasError(401, "INVALID_CODE"));
  EXPECT_THAT(Verify(browser, "verify-totp", Code(1)), IsOkJson());
}

TEST_F(TwoFactorTest, MalformedCodesAreRefusedNeverA500) {
  EnrolledUser();
  for (std::string_view code : {"12345", "1234567", "12a456", "", "１２３４５６"}) {
    Client each = Challenged();  // five wrong codes would lock one challenge
    EXPECT_THAT(Verify(each, "verify-totp", code), HasError(401, "INVALID_CODE")) << code;
  }
  Client browser = Challenged();
  EXPECT_THAT(browser.Post("/api/auth/two-factor/verify-totp", "{}"),
              HasError(400, "VALIDATION_ERROR"));
  EXPECT_THAT(browser.Post("/api/auth/two-factor/verify-totp", R"({"code":123456})"),
              HasError(400, "VALIDATION_ERROR"));
}

// The challenge is bound to the browser that signed in: another browser,
// a forged or an expired cookie get 401 (ASVS 3.5.x token binding).
TEST_F(TwoFactorTest, ChallengeIsBoundToItsBrowserAndExpires) {
  EnrolledUser();
  Client stranger = app_->NewClient();
  EXPECT_THAT(Verify(stranger, "verify-totp", Code()), HasError(401, "INVALID_TWO_FACTOR_COOKIE"));
  Client forged = app_->NewClient();
  forged.cookies().Set(std::string(kTwoFactorCookie), "2fa-aaaaaaaaaaaaaaaaaaaa.forged%3D");
  EXPECT_THAT(Verify(forged, "verify-totp", Code()), HasError(401, "INVALID_TWO_FACTOR_COOKIE"));
  Client browser = Challenged();
  app_->clock().Advance(10 * 60 * 1000);
  EXPECT_THAT(Verify(browser, "verify-totp", Code()), HasError(401, "INVALID_TWO_FACTOR_COOKIE"));
}

// ASVS 2.2.1: 5 wrong codes lock the challenge for 5 minutes, audited.
TEST_F(TwoFactorTest, FiveWrongCodesLockTheChallenge_ASVS_2_2_1) {
  EnrolledUser();
  Client browser = Challenged();
  for (int i = 0; i < 5; ++i) {
    EXPECT_THAT(Verify(browser, "verify-totp", "000000"), HasError(401, "INVALID_CODE"));
  }
  // Locked: even the right code waits.
  EXPECT_THAT(Verify(browser, "verify-totp", Code()),
              HasError(400, "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE"));
  EXPECT_EQ(app_->Count("audit_events",
                        "event_type = 'two_factor.verify' AND details LIKE "
                        "'%\"challenge_locked\":true%'"),
            1);
  app_->clock().Advance(5 * 60 * 1000);
  EXPECT_THAT(Verify(browser, "verify-totp", Code()), IsOkJson());
}

// ASVS 2.2.1: 10 wrong codes lock the account's second factor (429) and
// mail the owner; a device the owner signed in from before keeps its own
// count, so the stranger holding the password cannot lock the owner out.
TEST_F(TwoFactorTest, TenWrongCodesLockTheAccountButNotTheOwnersDevice_ASVS_2_2_1) {
  Client owner = EnrolledUser();  // its jar holds the known-device cookie
  for (int i = 0; i < 10; ++i) {
    Client attacker = Challenged();
    EXPECT_THAT(Verify(attacker, "verify-totp", "000000"), HasError(401, "INVALID_CODE"));
  }
  Client attacker = Challenged();
  EXPECT_THAT(Verify(attacker, "verify-totp", Code()), HasError(429, "ACCOUNT_TEMPORARILY_LOCKED"));
  EXPECT_THAT(app_->LastMailTo(kEmail)->subject, ::testing::HasSubstr("Two-factor sign-in"));
  // The owner's browser signs out and back in with its device cookie.
  ASSERT_THAT(owner.Post("/api/auth/sign-out", "{}"), IsOkJson());
  ASSERT_EQ(JsonString(owner.SignIn(kEmail, kPassword), "/token"), "");
  EXPECT_THAT(Verify(owner, "verify-totp", Code()), IsOkJson());
}

TEST_F(TwoFactorTest, SetupRoutesNeedThePassword) {
  Client grace = EnrolledUser();
  for (std::string_view route : {"enable", "disable", "get-totp-uri", "generate-backup-codes"}) {
    EXPECT_THAT(grace.Post("/api/auth/two-factor/" + std::string(route),
                           R"({"password":"not the password"})"),
                HasError(400, "INVALID_PASSWORD"))
        << route;
    EXPECT_THAT(grace.Post("/api/auth/two-factor/" + std::string(route), "{}"),
                HasError(400, "VALIDATION_ERROR"))
        << route;
  }
  EXPECT_THAT(grace.Post("/api/auth/two-factor/enable",
                         R"({"password":")" + std::string(kPassword) + R"("})"),
              HasError(400, "TOTP_ALREADY_ENABLED"));
}

// The TOTP key is sealed with the user id as associated data: moved to
// another user's row, it does not open.
TEST(TwoFactorKeysTest, SealedKeyIsBoundToItsUser) {
  Config config;
  config.secret = std::string(::latchkey::testing::kTestSecret);
  TwoFactorKeys keys(config);
  const std::string key = crypto::RandomBytes(kTotpKeyBytes);
  auto sealed = keys.SealTotpKey("user-a", key);
  ASSERT_TRUE(sealed.has_value());
  EXPECT_EQ(keys.OpenTotpKey("user-a", *sealed).value(), key);
  EXPECT_FALSE(keys.OpenTotpKey("user-b", *sealed).has_value());
  // A secret rotation keeps it readable.
  Config rotated;
  rotated.secret = "another-secret-of-at-least-32-bytes!!";
  rotated.previous_secrets = {config.secret};
  EXPECT_EQ(TwoFactorKeys(rotated).OpenTotpKey("user-a", *sealed).value(), key);
}

TEST(TwoFactorKeysTest, TrustValueNeedsTheUserAndTheSecret) {
  Config config;
  config.secret = std::string(::latchkey::testing::kTestSecret);
  TwoFactorKeys keys(config);
  const std::string value = keys.TrustValue("user-a", "trust-device-x");
  EXPECT_EQ(keys.TrustId("user-a", value), "trust-device-x");
  EXPECT_EQ(keys.TrustId("user-b", value), std::nullopt);
  EXPECT_EQ(keys.TrustId("user-a", "forged!trust-device-x"), std::nullopt);
}

}  // namespace
}  // namespace latchkey::two_factor

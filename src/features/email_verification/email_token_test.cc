#include "features/email_verification/email_token.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/encoding.h"

namespace latchkey::email_verification {
namespace {

constexpr std::string_view kSecret = "test-secret-0123456789abcdef0123456789";

EmailClaims Claims() { return {"ada@example.com", "u1", 1000, 4600}; }

TEST(EmailTokenTest, RoundTrips) {
  auto claims = VerifyEmailToken(kSecret, SignEmailToken(kSecret, Claims()), 2000);
  ASSERT_TRUE(claims) << claims.error().code;
  EXPECT_EQ(claims->email, "ada@example.com");
  EXPECT_EQ(claims->user_id, "u1");
}

TEST(EmailTokenTest, ExpiredIsTokenExpired) {
  auto claims = VerifyEmailToken(kSecret, SignEmailToken(kSecret, Claims()), 4600);
  ASSERT_FALSE(claims);
  EXPECT_EQ(claims.error().code, "TOKEN_EXPIRED");
}

// RFC 8725 §3.1/§3.2: the signature binds the token to our secret; "none"
// and another key are refused.
TEST(EmailTokenTest, RefusesTamperingOtherKeysAndAlgNone) {
  const std::string token = SignEmailToken(kSecret, Claims());
  EXPECT_FALSE(VerifyEmailToken("another-secret-0123456789abcdef0123", token, 2000));
  std::string tampered = token;
  tampered[tampered.find('.') + 3] ^= 1;
  EXPECT_FALSE(VerifyEmailToken(kSecret, tampered, 2000));
  const std::string none = crypto::Base64UrlEncode(R"({"alg":"none"})") + "." +
                           token.substr(token.find('.') + 1, token.rfind('.') - token.find('.'));
  EXPECT_FALSE(VerifyEmailToken(kSecret, none, 2000));
  EXPECT_FALSE(VerifyEmailToken(kSecret, "garbage", 2000));
  EXPECT_FALSE(VerifyEmailToken(kSecret, "a.b.c", 2000));
}

// A change-email link carries latchkey's binding; a password change (a new
// PHC string) gives another credential MAC, so the old link no longer matches.
TEST(EmailTokenTest, ChangeEmailBindingRoundTripsAndFollowsThePassword) {
  EmailClaims claims = Claims();
  claims.update_to = "new@example.com";
  claims.request_type = std::string(kChangeEmailConfirmation);
  claims.session_id = "s1";
  claims.credential = CredentialBinding(kSecret, "u1", "$argon2id$old");
  auto back = VerifyEmailToken(kSecret, SignEmailToken(kSecret, claims), 2000);
  ASSERT_TRUE(back) << back.error().code;
  EXPECT_EQ(back->session_id, "s1");
  EXPECT_EQ(back->credential, claims.credential);
  EXPECT_EQ(back->request_type, "change-email-confirmation");
  EXPECT_EQ(back->credential, CredentialBinding(kSecret, "u1", "$argon2id$old"));
  EXPECT_NE(back->credential, CredentialBinding(kSecret, "u1", "$argon2id$new"));
  EXPECT_NE(back->credential, CredentialBinding(kSecret, "u2", "$argon2id$old"));
  EXPECT_NE(back->credential,
            CredentialBinding("another-secret-0123456789abcdef", "u1", "$argon2id$old"));
  EXPECT_EQ(back->credential.find("argon2"), std::string::npos);
}

// Issue 9: a link mailed before a secret rotation verifies while the old
// secret is in previous_secrets, and not after it is dropped.
TEST(EmailTokenTest, PreviousSecretsVerifyUnknownOnesDoNot) {
  const std::string old_secret(kSecret);
  const std::string current = "rotated-secret-0123456789abcdef0123456789";
  const std::string token = SignEmailToken(old_secret, Claims());
  const std::vector<std::string> keyring = {current, old_secret};
  auto claims = VerifyEmailToken(keyring, token, 2000);
  ASSERT_TRUE(claims) << claims.error().code;
  EXPECT_EQ(claims->email, "ada@example.com");
  const std::vector<std::string> dropped = {current};
  auto refused = VerifyEmailToken(dropped, token, 2000);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "INVALID_TOKEN");
}

}  // namespace
}  // namespace latchkey::email_verification

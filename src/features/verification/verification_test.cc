// Single-use, expiring, hashed tokens (verification_store.h), exercised
// through the flows that mail them (password reset, deletion confirmation)
// in the in-process app (src/testing/test_app.h), and directly.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crypto/token_hash.h"
#include "features/account/account_settings.h"
#include "features/verification/verification_store.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::verification {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::FirstLink;
using ::latchkey::testing::HasError;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::LinkToken;
using ::latchkey::testing::TestApp;

constexpr std::string_view kEmail = "alan@example.com";
constexpr std::string_view kPassword = "on computable numbers";

std::string MailedResetToken(TestApp& app) {
  EXPECT_THAT(app.NewClient().PostJson("/api/auth/request-password-reset",
                                       {{"email", std::string(kEmail)}}),
              IsOkJson());
  auto mail = app.LastMailTo(kEmail);
  return mail ? LinkToken(FirstLink(mail->text).value_or("")) : "";
}

// docs/architecture.md: a database leak yields no working link:
// only the SHA-256 of a token is stored.
TEST(VerificationTest, StoresOnlyTheTokensHashWithItsPurposeAndExpiry) {
  auto app = TestApp::Start();
  Client alan = app->SignUp(kEmail, kPassword);
  const std::string token = MailedResetToken(*app);
  ASSERT_EQ(token.size(), 24u);
  auto rows = app->Query(
      "SELECT token_hash, purpose, user_id, expires_at, created_at FROM verification_tokens");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].GetString("token_hash").value_or(""), crypto::HashToken(token));
  EXPECT_EQ(rows[0].GetString("purpose").value_or(""), "reset-password");
  EXPECT_EQ(rows[0].GetString("user_id").value_or(""), alan.user_id());
  const TimeMs now = app->clock().NowMs();
  EXPECT_EQ(rows[0].GetInt("created_at").value_or(0), now);
  EXPECT_EQ(rows[0].GetInt("expires_at").value_or(0), now + TimeMs{3600} * 1000);
  EXPECT_EQ(app->Count("verification_tokens", "token_hash = ? OR id = ?", {token, token}), 0);
}

TEST(VerificationTest, AUsedTokenIsDeleted) {
  auto app = TestApp::Start();
  app->SignUp(kEmail, kPassword);
  const std::string token = MailedResetToken(*app);
  EXPECT_THAT(app->NewClient().PostJson("/api/auth/reset-password",
                                        {{"token", token}, {"newPassword", "a new long phrase"}}),
              IsOkJson());
  EXPECT_EQ(app->Count("verification_tokens"), 0);
}

// A token is bound to its purpose: a deletion link cannot reset a password.
TEST(VerificationTest, ATokenOnlyServesItsPurpose) {
  auto app = TestApp::Start({.configure = [](Config& c) {
    c.Mutable<account::AccountSettings>().delete_user_enabled = true;
    c.Mutable<account::AccountSettings>().delete_user_confirm_by_mail = true;
  }});
  Client alan = app->SignUp(kEmail, kPassword);
  ASSERT_THAT(alan.PostJson("/api/auth/delete-user", {{"password", std::string(kPassword)}}),
              IsOkJson());
  auto mail = app->LastMailTo(kEmail);
  ASSERT_TRUE(mail);
  const std::string deletion_token = LinkToken(FirstLink(mail->text).value_or(""));
  EXPECT_THAT(
      app->NewClient().PostJson("/api/auth/reset-password",
                                {{"token", deletion_token}, {"newPassword", "a new long phrase"}}),
      HasError(400, "INVALID_TOKEN"));
  EXPECT_EQ(app->Count("verification_tokens", "purpose = 'delete-account'"), 1);
}

// The store functions at the expiry boundary, on the fake clock: live until
// expires_at, dead from it on; Consume deletes a dead token too.
TEST(VerificationStoreTest, ExpiresExactlyAtItsLifetimeAndIsConsumedOnce) {
  auto app = TestApp::Start();
  Client alan = app->SignUp(kEmail, kPassword);
  FakeClock& clock = app->clock();
  store::Store& store = app->store();
  constexpr TimeMs kTtl = 1000;
  auto created = store::InTransaction(store, [&](store::Transaction& tx) {
    return CreateToken(tx, clock, "test", alan.user_id(), kTtl, 20);
  });
  ASSERT_TRUE(created);
  auto peek = [&] {
    return store::InTransaction(
               store,
               [&](store::Transaction& tx) { return PeekToken(tx, clock, "test", *created); })
        .value_or(std::nullopt);
  };
  auto consume = [&](std::string_view purpose) {
    return store::InTransaction(
               store,
               [&](store::Transaction& tx) { return ConsumeToken(tx, clock, purpose, *created); })
        .value_or(std::nullopt);
  };
  clock.Advance(kTtl - 1);
  EXPECT_EQ(peek(), alan.user_id());
  EXPECT_EQ(consume("other-purpose"), std::nullopt);
  EXPECT_EQ(peek(), alan.user_id());  // a wrong purpose does not spend it
  clock.Advance(1);
  EXPECT_EQ(peek(), std::nullopt);
  EXPECT_EQ(consume("test"), std::nullopt);
  EXPECT_EQ(app->Count("verification_tokens", "purpose = 'test'"), 0);
}

TEST(VerificationStoreTest, ALiveTokenIsConsumedOnlyOnce) {
  auto app = TestApp::Start();
  Client alan = app->SignUp(kEmail, kPassword);
  FakeClock& clock = app->clock();
  auto token = store::InTransaction(app->store(), [&](store::Transaction& tx) {
    return CreateToken(tx, clock, "test", alan.user_id(), 60000, 20);
  });
  ASSERT_TRUE(token);
  EXPECT_EQ(token->size(), 20u);
  auto consume = [&] {
    return store::InTransaction(
               app->store(),
               [&](store::Transaction& tx) { return ConsumeToken(tx, clock, "test", *token); })
        .value_or(std::nullopt);
  };
  EXPECT_EQ(consume(), alan.user_id());
  EXPECT_EQ(consume(), std::nullopt);
}

}  // namespace
}  // namespace latchkey::verification

// Tests for the lockout half of abuse_guard.h on an in-memory SQLite store
// (issue 9). Pins ASVS 2.2.1: the lockout must not be a weapon. Whoever knows
// an e-mail can lock it; the owner still gets in from a device the account
// signed in from before, with a solved CAPTCHA, or after a password reset;
// and a signed-in user's password re-checks count toward the same lock.
#include "features/abuse/abuse_guard.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "features/abuse/checks/test_http_server.h"
#include "features/audit/audit_feature.h"
#include "features/sessions/sessions_feature.h"
#include "features/users/user_store.h"
#include "features/users/users_feature.h"

namespace latchkey::abuse {
namespace {

using testing::CannedResponse;
using testing::RecordedRequest;
using testing::TestHttpServer;

constexpr TimeMs kT0 = 1'800'000'000'000;
constexpr char kEmail[] = "owner@example.com";

class NullMail final : public MailQueue {
 public:
  Result<void> Send(store::Transaction&, const OutgoingMail& mail) override {
    sent.push_back(mail);
    return {};
  }
  std::vector<OutgoingMail> sent;
};

// Turnstile's siteverify: token "pass" succeeds, anything else fails.
CannedResponse Siteverify(const RecordedRequest& request) {
  if (request.body.find("response=pass") == std::string::npos) {
    return {200, R"({"success":false,"error-codes":["invalid-input-response"]})"};
  }
  return {200, R"({"success":true,"hostname":"127.0.0.1","action":""})"};
}

class AbuseGuardLockoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.secret = std::string(32, 's');
    config_.base_url = "http://127.0.0.1:3000";
    AbuseSettings& abuse = config_.Mutable<AbuseSettings>();
    abuse.captcha_provider = "turnstile";
    abuse.captcha_secret = "captcha-secret";
    abuse.captcha_verify_url = captcha_.url() + "/siteverify";
    abuse.captcha_routes = "sign-in=off";
    std::vector<store::Migration> migrations;
    for (auto list :
         {audit::AuditFeature(services_).Migrations(), users::UsersFeature().Migrations(),
          sessions::SessionsFeature(services_, sessions_).Migrations()}) {
      migrations.insert(migrations.end(), list.begin(), list.end());
    }
    ASSERT_TRUE(store_->Migrate(migrations));
    guard_.emplace(config_, clock_, *store_, mail_, &devices_);
    ASSERT_TRUE(guard_->Init());
    owner_device_ = AddUser("owner-id", kEmail);
    other_device_ = AddUser("other-id", "other@example.com");
  }

  // Creates a user who signed in once; returns that device's cookie value.
  std::string AddUser(const std::string& id, const std::string& email) {
    users::User user{.id = id, .name = "U", .email = email, .created_at = kT0, .updated_at = kT0};
    auto device = store::InTransaction(*store_, [&](store::Transaction& tx) -> Result<std::string> {
      LK_TRY(users::CreateUser(tx, user));
      return devices_.OnSignIn(tx, http::Request{}, user, /*notify=*/false);
    });
    EXPECT_TRUE(device);
    return device.value_or("");
  }

  static http::Request From(const std::string& device_id, const std::string& captcha = "") {
    http::Request request;
    request.client_address = "203.0.113.9";
    if (!device_id.empty())
      request.headers.emplace_back("cookie", "better-auth.device_id=" + device_id);
    if (!captcha.empty()) request.headers.emplace_back("x-captcha-response", captcha);
    return request;
  }

  // One sign-in attempt: the guard's answer before the password, then the
  // outcome. Returns the refusal's code, or "" when the attempt ran.
  std::string SignIn(const http::Request& request, bool right_password) {
    auto before = guard_->BeforeSignIn(request, kEmail);
    if (!before) return std::string(before.error().code);
    guard_->AfterSignIn(request, kEmail, "owner-id", right_password);
    return "";
  }

  void LockAnonymously() {
    for (int i = 0; i < 5; ++i) ASSERT_EQ(SignIn(From(""), false), "");
    ASSERT_EQ(SignIn(From(""), true), "ACCOUNT_TEMPORARILY_LOCKED");
  }

  static std::unique_ptr<store::Store> OpenMemoryStore() {
    auto opened = store::Store::Open({"sqlite::memory:"});
    EXPECT_TRUE(opened);
    return opened ? std::move(opened).value() : nullptr;
  }

  TestHttpServer captcha_{Siteverify};
  Config config_;  // filled in SetUp(), before the guard reads it
  FakeClock clock_{kT0};
  std::unique_ptr<store::Store> store_ = OpenMemoryStore();
  NullMail mail_;
  BoundedPool kdf_pool_{1, 1, 0};
  platform::Activity activity_;
  Services services_{config_, *store_, clock_, kdf_pool_, activity_};
  change_feed::ChangeFeed feed_{*store_};
  sessions::SessionService sessions_{config_, clock_, *store_, feed_};
  sessions::KnownDevices devices_{services_, sessions_, mail_};
  std::optional<AbuseGuard> guard_;
  std::string owner_device_, other_device_;
};

// Failures from unknown devices lock only unknown devices.
TEST_F(AbuseGuardLockoutTest, StrangersFailuresDoNotLockTheOwnersKnownDevice) {
  LockAnonymously();
  EXPECT_EQ(SignIn(From(owner_device_), true), "");
  EXPECT_EQ(SignIn(From(""), true), "ACCOUNT_TEMPORARILY_LOCKED");
}

// A known device cannot be forged: a made-up id, or another account's real
// device, is an unknown device.
TEST_F(AbuseGuardLockoutTest, ForgedOrForeignDeviceCookieIsUnknown) {
  LockAnonymously();
  EXPECT_EQ(SignIn(From(std::string(32, 'A')), true), "ACCOUNT_TEMPORARILY_LOCKED");
  EXPECT_EQ(SignIn(From(other_device_), true), "ACCOUNT_TEMPORARILY_LOCKED");
}

TEST_F(AbuseGuardLockoutTest, KnownDevicesOwnFailuresLockOnlyIt) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(SignIn(From(owner_device_), false), "");
  EXPECT_EQ(SignIn(From(owner_device_), true), "ACCOUNT_TEMPORARILY_LOCKED");
  EXPECT_EQ(SignIn(From(""), true), "");
}

// A solved CAPTCHA admits an attempt during a lock; a wrong password
// through it still counts, and five extend the lock to the doubled step.
TEST_F(AbuseGuardLockoutTest, SolvedCaptchaAdmitsDuringALockAndFailuresStillCount) {
  LockAnonymously();
  EXPECT_EQ(SignIn(From("", "forged"), true), "VERIFICATION_FAILED");
  EXPECT_EQ(SignIn(From("", "pass"), true), "");
  for (int i = 0; i < 5; ++i) ASSERT_EQ(SignIn(From("", "pass"), false), "");
  auto refused = guard_->BeforeSignIn(From(""), kEmail);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "ACCOUNT_TEMPORARILY_LOCKED");
  EXPECT_EQ(refused.error().retry_after_seconds, 600);  // 2 × lockout_duration
}

// A successful password reset lifts the lock, and says so in the audit trail.
TEST_F(AbuseGuardLockoutTest, PasswordResetLiftsTheLock) {
  LockAnonymously();
  guard_->AfterPasswordReset(From(""), kEmail, "owner-id");
  EXPECT_EQ(SignIn(From(""), true), "");
  auto rows = store::InReadTransaction(*store_, [](store::Transaction& tx) {
    return tx.Query("SELECT user_id FROM audit_events WHERE event_type = 'abuse.lock_cleared'", {});
  });
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
}

// Issue 9 item 10: change-password's and delete-user's password checks
// count toward the lock, and are refused while it holds.
TEST_F(AbuseGuardLockoutTest, PasswordRechecksCountAndAreRefusedWhileLocked) {
  for (int i = 0; i < 5; ++i) {
    const http::Request request = From("");
    ASSERT_TRUE(guard_->BeforePasswordCheck(request, "change-password", kEmail));
    guard_->AfterSignIn(request, kEmail, "owner-id", false);
  }
  EXPECT_EQ(SignIn(From(""), true), "ACCOUNT_TEMPORARILY_LOCKED");
  auto refused = guard_->BeforePasswordCheck(From(""), "delete-user", kEmail);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "ACCOUNT_TEMPORARILY_LOCKED");
  EXPECT_EQ(mail_.sent.size(), 1u);  // the owner heard once
}

}  // namespace
}  // namespace latchkey::abuse

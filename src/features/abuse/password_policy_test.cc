// Tests for password_policy.h: the common-password rule (ASVS 2.1.7) on by
// default, after NFKC, and its switch; Judge's order of refusals.
#include "features/abuse/password_policy.h"

#include <gtest/gtest.h>

namespace latchkey::abuse {
namespace {

std::unique_ptr<PasswordPolicy> Policy(const Config& config) {
  auto policy = PasswordPolicy::Create(config);
  EXPECT_TRUE(policy.has_value());
  return std::move(*policy);
}

Result<void> Check(const PasswordPolicy& policy, std::string_view password) {
  auto report = policy.Evaluate(password, {});
  if (!report) return Fail(std::move(report).error());
  return policy.Judge(*report);
}

// ASVS 2.1.7: with the defaults, "password1" was accepted before this rule.
TEST(PasswordPolicyTest, CommonPasswordRefusedByDefault) {
  Config config;
  ASSERT_TRUE(config.Get<AbuseSettings>().common_password_check);
  auto policy = Policy(config);
  auto refused = Check(*policy, "password1");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "PASSWORD_TOO_COMMON");
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(std::string(refused.error().message).find("password1"), std::string::npos);
  EXPECT_TRUE(Check(*policy, "violet-Tandem-92-orbit").has_value());
}

// The list is matched on the NFKC form the password is hashed in: full-width
// "ｐａｓｓｗｏｒｄ１" is "password1".
TEST(PasswordPolicyTest, CommonPasswordMatchedAfterNfkc) {
  const Config config;  // the policy keeps a reference: it must outlive it
  auto policy = Policy(config);
  auto report = policy->Evaluate(
      "\xEF\xBD\x90\xEF\xBD\x81\xEF\xBD\x93\xEF\xBD\x93\xEF\xBD\x97"
      "\xEF\xBD\x8F\xEF\xBD\x92\xEF\xBD\x84\xEF\xBC\x91",
      {});
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->common);
}

TEST(PasswordPolicyTest, SwitchedOffCommonPasswordsPassButAreReported) {
  Config config;
  config.Mutable<AbuseSettings>().common_password_check = false;
  auto policy = Policy(config);
  auto report = policy->Evaluate("password1", {});
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->common);
  EXPECT_TRUE(policy->Judge(*report).has_value());
}

TEST(PasswordPolicyTest, CommonComesBeforeTooWeak) {
  Config config;
  config.Mutable<AbuseSettings>().min_password_score = 3;
  auto policy = Policy(config);
  auto common = Check(*policy, "password1");
  ASSERT_FALSE(common.has_value());
  EXPECT_EQ(common.error().code, "PASSWORD_TOO_COMMON");
  auto weak = Check(*policy, "aaaaaaaaaaaa");
  ASSERT_FALSE(weak.has_value());
  EXPECT_EQ(weak.error().code, "PASSWORD_TOO_WEAK");
}

}  // namespace
}  // namespace latchkey::abuse

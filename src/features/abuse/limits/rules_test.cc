#include "features/abuse/limits/rules.h"

#include <gtest/gtest.h>

namespace latchkey::abuse {
namespace {

struct Expected {
  std::string_view path;
  std::string_view pattern;  // "" = global only
  std::int64_t window_ms;
  int max;
};

// docs/api.md defaults (plus /reset-password*, ours).
TEST(RuleTableTest, DefaultsFollowTheContract) {
  const RuleTable table = RuleTable::Defaults();
  const Expected cases[] = {
      {"/sign-in/email", "/sign-in*", 10'000, 3},
      {"/sign-in/social", "/sign-in*", 10'000, 3},
      {"/sign-up/email", "/sign-up*", 10'000, 3},
      {"/change-password", "/change-password*", 10'000, 3},
      {"/change-email", "/change-email*", 10'000, 3},
      {"/two-factor/verify-totp", "/two-factor/*", 10'000, 3},
      {"/two-factor/verify-backup-code", "/two-factor/*", 10'000, 3},
      {"/reset-password", "/reset-password*", 10'000, 3},
      {"/reset-password/abc123", "/reset-password*", 10'000, 3},
      {"/request-password-reset", "/request-password-reset", 60'000, 3},
      {"/send-verification-email", "/send-verification-email", 60'000, 3},
      {"/forget-password", "/forget-password*", 60'000, 3},
      {"/email-otp/send-verification-otp", "/email-otp/send-verification-otp", 60'000, 3},
      {"/email-otp/request-password-reset", "/email-otp/request-password-reset", 60'000, 3},
      {"/get-session", "", 0, 0},
      {"/request-password-reset/extra", "", 0, 0},
      {"/", "", 0, 0},
  };
  for (const Expected& c : cases) {
    const auto rules = table.RulesFor(c.path);
    ASSERT_NE(rules.global, nullptr) << c.path;
    EXPECT_EQ(rules.global->pattern, "*");
    EXPECT_EQ(rules.global->rule.window_ms, 10'000);
    EXPECT_EQ(rules.global->rule.max, 100);
    if (c.pattern.empty()) {
      EXPECT_EQ(rules.specific, nullptr) << c.path;
      continue;
    }
    ASSERT_NE(rules.specific, nullptr) << c.path;
    EXPECT_EQ(rules.specific->pattern, c.pattern) << c.path;
    EXPECT_EQ(rules.specific->rule.window_ms, c.window_ms) << c.path;
    EXPECT_EQ(rules.specific->rule.max, c.max) << c.path;
  }
}

// Pins: docs/operations.md ("path normalisation cannot change the policy
// chosen"): spelling variants of a throttled route reach the same rule.
TEST(RuleTableTest, PathSpellingVariantsHitTheSameRule) {
  const RuleTable table = RuleTable::Defaults();
  for (std::string_view path : {"/sign-in/email", "/SIGN-IN/email", "//sign-in/email",
                                "/sign-in//email/", "/sign-in/email?x=1", "/sign-in/email#f"}) {
    const auto rules = table.RulesFor(path);
    ASSERT_NE(rules.specific, nullptr) << path;
    EXPECT_EQ(rules.specific->pattern, "/sign-in*") << path;
  }
}

TEST(RuleTableTest, NormalizeRatePath) {
  EXPECT_EQ(NormalizeRatePath("/a/b/"), "/a/b");
  EXPECT_EQ(NormalizeRatePath("/"), "/");
  EXPECT_EQ(NormalizeRatePath("///"), "/");
  EXPECT_EQ(NormalizeRatePath(""), "/");
  EXPECT_EQ(NormalizeRatePath("a"), "/a");
  EXPECT_EQ(NormalizeRatePath("/A//B?q=/x"), "/a/b");
}

TEST(RuleTableTest, PatternMatching) {
  EXPECT_TRUE(PatternMatches("*", "/anything"));
  EXPECT_TRUE(PatternMatches("/sign-in*", "/sign-in"));
  EXPECT_TRUE(PatternMatches("/sign-in*", "/sign-in/email"));
  EXPECT_TRUE(PatternMatches("/foo/*", "/foo/bar/baz"));
  EXPECT_FALSE(PatternMatches("/foo/*", "/foo"));
  EXPECT_FALSE(PatternMatches("/foo/*", "/foobar"));
  EXPECT_TRUE(PatternMatches("/foo", "/foo"));
  EXPECT_FALSE(PatternMatches("/foo", "/foo/bar"));
}

TEST(CustomRulesTest, ParsesTheDocumentedGrammar) {
  auto rules = ParseCustomRules(" /sign-in/email = 3/10s ;/foo/*=100/60s;/Bar//=off;*=200/1m; ");
  ASSERT_TRUE(rules.has_value()) << rules.error().detail;
  ASSERT_EQ(rules->size(), 4u);
  EXPECT_EQ((*rules)[0].pattern, "/sign-in/email");
  EXPECT_EQ((*rules)[0].rule.window_ms, 10'000);
  EXPECT_EQ((*rules)[0].rule.max, 3);
  EXPECT_EQ((*rules)[1].pattern, "/foo/*");
  EXPECT_EQ((*rules)[1].rule.window_ms, 60'000);
  EXPECT_EQ((*rules)[1].rule.max, 100);
  EXPECT_EQ((*rules)[2].pattern, "/bar");
  EXPECT_FALSE((*rules)[2].enabled);
  EXPECT_EQ((*rules)[3].pattern, "*");
  EXPECT_EQ((*rules)[3].rule.window_ms, 60'000);
}

TEST(CustomRulesTest, Units) {
  const std::pair<std::string_view, std::int64_t> cases[] = {
      {"/a=1/250ms", 250},    {"/a=1/2s", 2'000},       {"/a=1/3m", 180'000},
      {"/a=1/1h", 3'600'000}, {"/a=1/7d", 604'800'000}, {"/a=1000000/1ms", 1},
  };
  for (const auto& [spec, window] : cases) {
    auto rules = ParseCustomRules(spec);
    ASSERT_TRUE(rules.has_value()) << spec;
    EXPECT_EQ(rules->at(0).rule.window_ms, window) << spec;
  }
  auto empty = ParseCustomRules("  ; ;");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
}

TEST(CustomRulesTest, RejectsBadInputWithAClearError) {
  const std::string_view bad[] = {
      "nopattern",
      "/foo",
      "foo=3/10s",
      "/foo=0/10s",
      "/foo=3/10",
      "/foo=3/10x",
      "/foo=3/0s",
      "/foo=3/8d",
      "/foo=abc/10s",
      "/fo*o=3/10s",
      "/foo bar=3/1s",
      "/foo=10000000/1s",
      "/foo=3/10s;/foo=4/1s",
      "/foo=-3/10s",
      "/foo=3/s",
      "/foo=3/10s/1",
      "/foo?x=3/10s",
      "/foo=",
      "=3/10s",
      "/foo=on",
      "/foo=3/9999999999s",
      "**=3/10s",
      "/foo=3 /10s",
  };
  for (std::string_view spec : bad) {
    auto rules = ParseCustomRules(spec);
    ASSERT_FALSE(rules.has_value()) << spec;
    EXPECT_EQ(rules.error().code, "INVALID_RATE_LIMIT_RULES") << spec;
    EXPECT_EQ(rules.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(rules.error().detail.find("rule \""), std::string::npos) << rules.error().detail;
  }
  auto dup = ParseCustomRules("/a=1/1s; /A=2/1s");
  ASSERT_FALSE(dup.has_value());
  EXPECT_NE(dup.error().detail.find("more than once"), std::string::npos);
  EXPECT_FALSE(RuleTable::FromSpec("/x=0/1s").has_value());
}

TEST(CustomRulesTest, CustomRulesOverrideDefaultsAndGlobal) {
  auto table = RuleTable::FromSpec("/sign-in/email=10/1s; /sign-up*=off; *=500/10s; /x/*=1/1h");
  ASSERT_TRUE(table.has_value());
  auto email = table->RulesFor("/sign-in/email");
  ASSERT_NE(email.specific, nullptr);
  EXPECT_EQ(email.specific->rule.max, 10);
  EXPECT_EQ(email.global->rule.max, 500);
  auto social = table->RulesFor("/sign-in/social");
  ASSERT_NE(social.specific, nullptr);
  EXPECT_EQ(social.specific->pattern, "/sign-in*");
  EXPECT_EQ(table->RulesFor("/sign-up/email").specific, nullptr);
  ASSERT_NE(table->RulesFor("/x/y").specific, nullptr);
  EXPECT_EQ(table->RulesFor("/x/y").specific->rule.window_ms, 3'600'000);

  auto no_global = RuleTable::FromSpec("*=off");
  ASSERT_TRUE(no_global.has_value());
  EXPECT_EQ(no_global->RulesFor("/get-session").global, nullptr);
}

TEST(CustomRulesTest, BucketKeyEmbedsThePattern) {
  const PathRule rule{"/sign-in*", Rule{10'000, 3}, true};
  EXPECT_EQ(BucketKey("2001:db8::/64", rule), "2001:db8::/64|/sign-in*");
}

// Issue 9 / ASVS 5.0 V2.4.1: /metrics and /readyz do work per request, so
// each has a bucket per address that a once-a-second scraper fits in; a
// spelling variant reaches the same bucket; /healthz and the rest do not.
TEST(OpsRulesTest, MetricsAndReadyzHaveTheirOwnBuckets) {
  for (std::string_view path : {"/metrics", "/METRICS", "//metrics/", "/metrics?x=1"}) {
    const PathRule* rule = OpsRuleFor(path);
    ASSERT_NE(rule, nullptr) << path;
    EXPECT_EQ(rule->pattern, "ops:/metrics");
    EXPECT_EQ(rule->rule.window_ms, 10'000);
    EXPECT_EQ(rule->rule.max, 30);
  }
  const PathRule* readyz = OpsRuleFor("/readyz");
  ASSERT_NE(readyz, nullptr);
  EXPECT_EQ(readyz->pattern, "ops:/readyz");
  EXPECT_EQ(readyz->rule.max, 30);
  // Kept apart from any /api/auth bucket of the same client.
  EXPECT_NE(BucketKey("192.0.2.1", *readyz), BucketKey("192.0.2.1", *OpsRuleFor("/metrics")));
  for (std::string_view path : {"/healthz", "/", "/metrics/x", "/readyz2", "/api/auth/metrics"}) {
    EXPECT_EQ(OpsRuleFor(path), nullptr) << path;
  }
}

// ASVS 5.0 V2.4.1: the passkey options routes store a challenge per call, so
// they share one bucket (GET and POST alike), looser than sign-in's.
TEST(BucketRulesTest, PasskeyOptionsShareOneBucket) {
  const RuleTable table = RuleTable::Defaults();
  const auto get = table.RulesFor("/passkey/generate-authenticate-options", "passkey-options");
  const auto reg = table.RulesFor("/passkey/generate-register-options", "passkey-options");
  ASSERT_NE(get.specific, nullptr);
  EXPECT_EQ(get.specific, reg.specific);
  EXPECT_EQ(get.specific->rule.max, 10);
  EXPECT_EQ(get.specific->rule.window_ms, 10'000);
}

}  // namespace
}  // namespace latchkey::abuse

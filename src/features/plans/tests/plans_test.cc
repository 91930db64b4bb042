// Plan settings and the month key (docs/plans.md "Configuration").
#include <gtest/gtest.h>

#include "features/plans/plan_settings.h"
#include "features/plans/plan_store.h"

namespace latchkey::plans {
namespace {

TEST(PlanSettingsTest, DefaultsAreFreeAndPro) {
  PlanSettings s;
  ASSERT_TRUE(ValidatePlans(s));
  ASSERT_EQ(s.parsed.size(), 2U);
  const Plan& free = s.parsed.at("free");
  EXPECT_EQ(free.Limit("api_keys"), 2);
  EXPECT_EQ(free.Limit("spend_cents_per_month"), 1000);
  EXPECT_TRUE(free.MaySwitchTo("pro"));
  EXPECT_FALSE(free.MaySwitchTo("free"));
  EXPECT_TRUE(s.parsed.at("pro").MaySwitchTo("free"));
}

TEST(PlanSettingsTest, LimitsParseNumbersAndUnlimited) {
  PlanSettings s;
  s.keys["pro"].limits["api_keys"] = "unlimited";
  s.keys["free"].limits["organizations"] = "0";
  ASSERT_TRUE(ValidatePlans(s));
  EXPECT_EQ(s.parsed.at("pro").Limit("api_keys"), kUnlimited);
  EXPECT_EQ(s.parsed.at("free").Limit("organizations"), 0);
}

// Startup refuses a bad plan with the key's name in the message.
TEST(PlanSettingsTest, ClearErrorsNameTheKey) {
  struct Case {
    const char* what;
    void (*edit)(PlanSettings&);
    const char* key;
  } cases[] = {
      {"negative", [](PlanSettings& s) { s.keys["free"].limits["api_keys"] = "-3"; },
       "plan_free_api_keys"},
      {"text", [](PlanSettings& s) { s.keys["pro"].limits["requests_per_month"] = "lots"; },
       "plan_pro_requests_per_month"},
      {"custom plan without limits", [](PlanSettings& s) { s.plans.push_back("team"); },
       "plan_team_api_keys: required"},
      {"unknown transition",
       [](PlanSettings& s) {
         s.keys["free"].transitions = {"gold"};
         s.keys["free"].transitions_set = true;
       },
       "plan_free_transitions: gold"},
      {"keys of an unlisted plan", [](PlanSettings& s) { s.keys["gold"].limits["api_keys"] = "1"; },
       "plan_gold_*"},
      {"default not a plan", [](PlanSettings& s) { s.plan_default = "gold"; }, "plan_default"},
      {"bad id", [](PlanSettings& s) { s.plans = {"Free"}; }, "plans: an id"},
  };
  for (const Case& c : cases) {
    PlanSettings s;
    c.edit(s);
    auto result = ValidatePlans(s);
    ASSERT_FALSE(result) << c.what;
    EXPECT_NE(result.error().detail.find(c.key), std::string::npos)
        << c.what << ": " << result.error().detail;
  }
}

TEST(PlanSettingsTest, ACustomPlanWithEveryLimit) {
  PlanSettings s;
  s.plans = {"free", "pro", "team"};
  for (const char* name : {"api_keys", "organizations", "members_per_organization",
                           "requests_per_month", "spend_cents_per_month"}) {
    s.keys["team"].limits[name] = "7";
  }
  s.keys["team"].features = {"sso", "audit_export"};
  ASSERT_TRUE(ValidatePlans(s));
  EXPECT_EQ(s.parsed.at("team").Limit("members_per_organization"), 7);
  EXPECT_TRUE(s.parsed.at("team").transitions.empty());
  EXPECT_EQ(s.parsed.at("team").features.size(), 2U);
}

// Months are UTC: the last millisecond of December is still December.
TEST(PlanStoreTest, MonthOfIsUtc) {
  EXPECT_EQ(MonthOf(1798761599999), "2026-12");  // 2026-12-31T23:59:59.999Z
  EXPECT_EQ(MonthOf(1798761600000), "2027-01");
}

}  // namespace
}  // namespace latchkey::plans

// The plans feature's configuration keys (docs/plans.md "Configuration"):
// the list of plans, the plan a subject without one is on, and per plan the
// `plan_<id>_*` family (TOML `[plan.<id>]`, environment LATCHKEY_PLAN_<ID>_*):
// its count and monthly limits, its feature flags and the plans its owner
// may switch to.
#ifndef LK_FEATURES_PLANS_PLAN_SETTINGS_H_
#define LK_FEATURES_PLANS_PLAN_SETTINGS_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/settings.h"

namespace latchkey::plans {

// A limit's value meaning "no limit".
inline constexpr std::int64_t kUnlimited = -1;

// The limits a plan names. Count limits are checked when something is
// created (the platform's before-limited-create hook); monthly limits cap
// the meter of the same name without `_per_month` (POST /usage).
inline constexpr std::array<std::string_view, 3> kCountLimits = {"api_keys", "organizations",
                                                                 "members_per_organization"};
inline constexpr std::array<std::string_view, 2> kMonthlyLimits = {"requests_per_month",
                                                                   "spend_cents_per_month"};
inline constexpr std::string_view kSpendMeter = "spend_cents";

// What the operator wrote for one plan (texts: a limit is a whole number or
// `unlimited`; empty = not set).
struct PlanKeys {
  std::map<std::string, std::string, std::less<>> limits;  // by limit name
  std::vector<std::string> features;
  std::vector<std::string> transitions;
  bool features_set = false;
  bool transitions_set = false;
};

struct Plan {
  std::string id;
  std::map<std::string, std::int64_t, std::less<>> limits;  // every limit; kUnlimited
  std::vector<std::string> features;
  std::vector<std::string> transitions;  // plans the owner may switch to

  std::int64_t Limit(std::string_view name) const;
  bool MaySwitchTo(std::string_view plan) const;
};

struct PlanSettings {
  // Off: no limits, no routes, no session fields (Better Auth's wire as it is).
  bool plans_enabled = false;
  std::vector<std::string> plans = {"free", "pro"};
  std::string plan_default = "free";
  // Test only: the plans feature's clock runs this many days ahead (month
  // rollover in the e2e tests, docs/testing.md).
  int plans_test_clock_offset_days = 0;
  std::map<std::string, PlanKeys, std::less<>> keys;  // by id, from plan_<id>_*
  std::map<std::string, Plan, std::less<>> parsed;    // by id, filled by Validate
};

// Checks and fills `parsed`. Errors: ConfigError naming the key.
Result<void> ValidatePlans(PlanSettings& s);

settings::Table PlanSettingsTable();

}  // namespace latchkey::plans

#endif  // LK_FEATURES_PLANS_PLAN_SETTINGS_H_

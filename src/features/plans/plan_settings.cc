#include "features/plans/plan_settings.h"

#include <algorithm>
#include <charconv>

namespace latchkey::plans {
namespace {

using settings::ConfigError;
using settings::FamilyMember;
using settings::Type;

// The built-in plans' limits, in the order of kCountLimits then kMonthlyLimits.
struct Builtin {
  std::string_view id;
  std::int64_t values[5];
  std::string_view transition;
};
constexpr Builtin kBuiltins[] = {
    {"free", {2, 1, 3, 10000, 1000}, "pro"},
    {"pro", {50, 10, 100, 1000000, 100000}, "free"},
};

std::vector<std::string_view> LimitNames() {
  std::vector<std::string_view> names(kCountLimits.begin(), kCountLimits.end());
  names.insert(names.end(), kMonthlyLimits.begin(), kMonthlyLimits.end());
  return names;
}

const Builtin* BuiltinFor(std::string_view id) {
  for (const Builtin& b : kBuiltins) {
    if (b.id == id) return &b;
  }
  return nullptr;
}

bool IsId(std::string_view id) {
  return !id.empty() && id.size() <= 32 &&
         id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string_view::npos;
}

Result<std::int64_t> ParseLimit(const std::string& key, const std::string& text) {
  if (text == "unlimited") return kUnlimited;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 0 || n > 1'000'000'000'000'000) {
    return Fail(ConfigError(key + ": a whole number from 0 or `unlimited`, got \"" + text + "\""));
  }
  return n;
}

settings::KeyFamily PlanFamily() {
  settings::KeyFamily family;
  family.prefix = "plan";
  for (std::string_view name : LimitNames()) {
    family.members.push_back({std::string(name), Type::kString, settings::Redact::kNone,
                              "the plan's `" + std::string(name) +
                                  "`: a whole number or `unlimited`; required but for `free` "
                                  "and `pro` (defaults in docs/plans.md)"});
  }
  family.members.push_back(
      {"features", Type::kList, settings::Redact::kNone, "the plan's feature flags (comma list)"});
  family.members.push_back({"transitions", Type::kList, settings::Redact::kNone,
                            "plans its owner may switch to by POST /plan (comma list)"});
  family.set = [](Config& config, const std::string& id, const FamilyMember& member,
                  const settings::Value& value) {
    PlanKeys& p = config.Mutable<PlanSettings>().keys[id];
    if (member.field == "features") {
      p.features = std::get<std::vector<std::string>>(value);
      p.features_set = true;
    } else if (member.field == "transitions") {
      p.transitions = std::get<std::vector<std::string>>(value);
      p.transitions_set = true;
    } else {
      p.limits[member.field] = std::get<std::string>(value);
    }
  };
  family.ids = [](const Config& config) {
    std::vector<std::string> ids;
    for (const auto& [id, unused] : config.Get<PlanSettings>().keys) ids.push_back(id);
    return ids;
  };
  family.get = [](const Config& config, const std::string& id,
                  const FamilyMember& member) -> settings::Value {
    const auto& keys = config.Get<PlanSettings>().keys;
    auto it = keys.find(id);
    if (member.field == "features" || member.field == "transitions") {
      if (it == keys.end()) return std::vector<std::string>();
      return member.field == "features" ? it->second.features : it->second.transitions;
    }
    if (it == keys.end()) return std::string();
    auto limit = it->second.limits.find(member.field);
    return limit == it->second.limits.end() ? std::string() : limit->second;
  };
  return family;
}

}  // namespace

std::int64_t Plan::Limit(std::string_view name) const {
  auto it = limits.find(name);
  return it == limits.end() ? kUnlimited : it->second;
}

bool Plan::MaySwitchTo(std::string_view plan) const {
  return std::find(transitions.begin(), transitions.end(), plan) != transitions.end();
}

Result<void> ValidatePlans(PlanSettings& s) {
  if (s.plans.empty()) return Fail(ConfigError("plans: at least one plan"));
  for (const auto& [id, unused] : s.keys) {
    if (std::find(s.plans.begin(), s.plans.end(), id) == s.plans.end()) {
      return Fail(ConfigError("plan_" + id + "_*: " + id + " is not in plans"));
    }
  }
  s.parsed.clear();
  for (const std::string& id : s.plans) {
    if (!IsId(id)) {
      return Fail(ConfigError("plans: an id is [a-z0-9_], at most 32, got \"" + id + "\""));
    }
    if (s.parsed.contains(id)) return Fail(ConfigError("plans: " + id + " is listed twice"));
    const PlanKeys& keys = s.keys[id];
    const Builtin* builtin = BuiltinFor(id);
    Plan plan{.id = id};
    const auto names = LimitNames();
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::string key = "plan_" + id + "_" + std::string(names[i]);
      auto given = keys.limits.find(names[i]);
      if (given != keys.limits.end() && !given->second.empty()) {
        LK_ASSIGN_OR_RETURN(plan.limits[std::string(names[i])], ParseLimit(key, given->second));
      } else if (builtin != nullptr) {
        plan.limits[std::string(names[i])] = builtin->values[i];
      } else {
        return Fail(ConfigError(key + ": required (a whole number or `unlimited`)"));
      }
    }
    plan.features = keys.features;
    for (const std::string& flag : plan.features) {
      if (!IsId(flag)) {
        return Fail(
            ConfigError("plan_" + id + "_features: a flag is [a-z0-9_], got \"" + flag + "\""));
      }
    }
    if (keys.transitions_set) {
      plan.transitions = keys.transitions;
    } else if (builtin != nullptr) {
      plan.transitions = {std::string(builtin->transition)};
    }
    s.parsed.emplace(id, std::move(plan));
  }
  for (auto& [id, plan] : s.parsed) {
    // A built-in's default transition to a plan that is not configured is dropped.
    if (!s.keys[id].transitions_set) {
      std::erase_if(plan.transitions, [&](const std::string& t) { return !s.parsed.contains(t); });
    }
    for (const std::string& to : plan.transitions) {
      if (!s.parsed.contains(to)) {
        return Fail(ConfigError("plan_" + id + "_transitions: " + to + " is not in plans"));
      }
    }
  }
  // Keys of plans with nothing set were added by operator[] above.
  std::erase_if(s.keys, [](const auto& entry) {
    return entry.second.limits.empty() && !entry.second.features_set &&
           !entry.second.transitions_set;
  });
  if (!s.parsed.contains(s.plan_default)) {
    return Fail(ConfigError("plan_default: " + s.plan_default + " is not in plans"));
  }
  return {};
}

settings::Table PlanSettingsTable() {
  using S = PlanSettings;
  return settings::SettingsTable<S>("plans", "Plans and limits")
      .Add("plans_enabled", &S::plans_enabled,
           "`true`: plans limit API keys, organizations, members and monthly usage, and "
           "sessions carry `plan` and `capped` ([docs/plans.md](docs/plans.md))")
      .Add("plans", &S::plans,
           "the plans a user or organization can be on (comma list), each configured by its "
           "`plan_<id>_*` keys; `free` and `pro` have defaults ([docs/plans.md](docs/plans.md))")
      .Add("plan_default", &S::plan_default, "the plan of a user or organization that chose none")
      .Int("plans_test_clock_offset_days", &S::plans_test_clock_offset_days, 0, 3650,
           "test only: the plans feature's clock runs this many days ahead (month rollover "
           "tests); leave 0")
      .Family(PlanFamily())
      .Validate([](S& s, const Config&) { return ValidatePlans(s); })
      .Build();
}

}  // namespace latchkey::plans

// Plans, limits and spend caps (docs/plans.md): owns the plan_* tables, the
// /plan, /limits and /usage routes and the billing admin's routes. It
// answers the platform's before-limited-create hook (API keys,
// organizations, members) with 402 PLAN_LIMIT_REACHED at a plan's count,
// and puts `plan` and `capped` on every session and its JWT.
#ifndef LK_FEATURES_PLANS_PLANS_FEATURE_H_
#define LK_FEATURES_PLANS_PLANS_FEATURE_H_

#include "features/feature.h"
#include "features/plans/plan_service.h"

namespace latchkey::plans {

class PlansFeature final : public Feature {
 public:
  PlansFeature(const Services& services, const sessions::SessionService& sessions, MailQueue& mail)
      : services_(services), plans_(services, sessions, mail) {}
  std::string_view id() const override { return "plans"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  const Services& services_;
  PlanService plans_;
  const platform::AccessPolicy* policy_ = nullptr;
};

}  // namespace latchkey::plans

#endif  // LK_FEATURES_PLANS_PLANS_FEATURE_H_

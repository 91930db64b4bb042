#include "features/plans/plans_feature.h"

#include "core/json_writer.h"
#include "features/plans/plan_routes.h"
#include "features/plans/plans_errors.h"

namespace latchkey::plans {

std::span<const store::Migration> EmbeddedMigrations();

std::span<const std::string_view> PlansFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit", "api-keys",
                                               "organizations"};
  return kDeps;
}

std::span<const store::Migration> PlansFeature::Migrations() const { return EmbeddedMigrations(); }

std::span<const ErrorInfo> PlansFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {errors::kPlanLimitReached, errors::kSpendCapReached,
                                          errors::kUnknownPlan,      errors::kTransitionNotAllowed,
                                          errors::kUnknownMeter,     errors::kCapAbovePlan,
                                          errors::kSubjectNotFound,  errors::kNotOwner};
  return kErrors;
}

Result<void> PlansFeature::Register(platform::Platform& platform) {
  policy_ = &platform.policy;
  if (!plans_.settings().plans_enabled) return {};
  // The account pages show /account/plan; the console's picker offers these ids.
  platform.pages.Set("plans", json::StringArray(plans_.settings().plans));
  platform.hooks.OnBeforeLimitedCreate(
      [this](store::Transaction& tx, const platform::LimitedCreateEvent& event) {
        return plans_.CheckCreate(tx, event);
      });
  platform.hooks.AddSessionFields([this](store::Transaction& tx, sessions::SessionWithUser& found) {
    return plans_.AddSessionFields(tx, found);
  });
  // The session's plan and capped flag in its JWT, so other services can
  // refuse without calling back (docs/plans.md "Sessions and tokens").
  platform.hooks.AddTokenClaims(
      [](const sessions::SessionWithUser& found, boost::json::object& claims) {
        for (const auto& [name, raw] : found.session.extra_fields) {
          if (name == "plan" && raw.size() >= 2) claims["plan"] = raw.substr(1, raw.size() - 2);
          if (name == "capped") claims["capped"] = raw == "true";
        }
      });
  return {};
}

Result<void> PlansFeature::RegisterRoutes(platform::RouteTable& routes) {
  if (!plans_.settings().plans_enabled) return {};
  // Without an authorizer nobody could be allowed on the admin routes.
  const bool admin = policy_ != nullptr && static_cast<bool>(policy_->authorize);
  return AddPlanRoutes(routes, services_, plans_, admin);
}

}  // namespace latchkey::plans

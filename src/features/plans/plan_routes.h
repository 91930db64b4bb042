// The plans routes (docs/plans.md "Routes"): the caller's plan and limits,
// the switch and the own spend cap, usage recording by API key, and the
// billing admin's view and setting of any account's.
#ifndef LK_FEATURES_PLANS_PLAN_ROUTES_H_
#define LK_FEATURES_PLANS_PLAN_ROUTES_H_

#include "features/plans/plan_service.h"
#include "features/platform/route_table.h"

namespace latchkey::plans {

// `admin`: the admin routes too (an authorizer is registered).
Result<void> AddPlanRoutes(platform::RouteTable& routes, const Services& services,
                           const PlanService& plans, bool admin);

// POST /usage (usage_route.cc).
Result<void> AddUsageRoute(platform::RouteTable& routes, const Services& services,
                           const PlanService& plans);

}  // namespace latchkey::plans

#endif  // LK_FEATURES_PLANS_PLAN_ROUTES_H_

// The plans feature's error codes (docs/plans.md "Errors").
#ifndef LK_FEATURES_PLANS_PLANS_ERRORS_H_
#define LK_FEATURES_PLANS_PLANS_ERRORS_H_

#include "core/error.h"

namespace latchkey::plans::errors {

inline constexpr ErrorInfo kPlanLimitReached{"PLAN_LIMIT_REACHED", ErrorKind::kPaymentRequired,
                                             "The plan's limit is reached"};
inline constexpr ErrorInfo kSpendCapReached{"SPEND_CAP_REACHED", ErrorKind::kPaymentRequired,
                                            "The monthly cap is reached"};
inline constexpr ErrorInfo kUnknownPlan{"UNKNOWN_PLAN", ErrorKind::kInvalidArgument,
                                        "No such plan"};
inline constexpr ErrorInfo kTransitionNotAllowed{
    "PLAN_CHANGE_NOT_ALLOWED", ErrorKind::kPermissionDenied,
    "This plan cannot be switched to from the current one"};
inline constexpr ErrorInfo kUnknownMeter{"UNKNOWN_METER", ErrorKind::kInvalidArgument,
                                         "No monthly limit of the plan measures this meter"};
inline constexpr ErrorInfo kCapAbovePlan{"SPEND_CAP_ABOVE_PLAN", ErrorKind::kInvalidArgument,
                                         "A spend cap cannot be above the plan's"};
inline constexpr ErrorInfo kSubjectNotFound{"PLAN_SUBJECT_NOT_FOUND", ErrorKind::kNotFound,
                                            "No such user or organization"};
inline constexpr ErrorInfo kNotOwner{"NOT_ORGANIZATION_OWNER", ErrorKind::kPermissionDenied,
                                     "Only the organization's owner can change its plan"};

}  // namespace latchkey::plans::errors

#endif  // LK_FEATURES_PLANS_PLANS_ERRORS_H_

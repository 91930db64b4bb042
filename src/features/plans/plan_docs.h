// OpenAPI docs of the plans routes (http/route_doc.h, docs/plans.md).
#ifndef LK_FEATURES_PLANS_PLAN_DOCS_H_
#define LK_FEATURES_PLANS_PLAN_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::plans {

inline constexpr std::string_view kDocTag = "Plans";

inline constexpr http::FieldDoc kSubjectQuery[] = {
    {"organizationId", http::FieldType::kString, false,
     "An organization the caller belongs to; default the caller"},
};
inline constexpr http::FieldDoc kAdminQuery[] = {
    {"userId", http::FieldType::kString, false, "The user (this or organizationId)"},
    {"organizationId", http::FieldType::kString, false, "The organization"},
};
inline constexpr http::FieldDoc kSwitchBody[] = {
    {"plan", http::FieldType::kString, true, "A plan the current one may switch to"},
    {"organizationId", http::FieldType::kString, false,
     "An organization the caller owns; default the caller"},
};
inline constexpr http::FieldDoc kCapBody[] = {
    {"spendCapCents", http::FieldType::kInteger, true,
     "The own monthly spend cap, at most the plan's; null clears it"},
    {"organizationId", http::FieldType::kString, false,
     "An organization the caller owns; default the caller"},
};
inline constexpr http::FieldDoc kUsageBody[] = {
    {"userId", http::FieldType::kString, false, "The user used it (this or organizationId)"},
    {"organizationId", http::FieldType::kString, false, "The organization used it"},
    {"meter", http::FieldType::kString, false, "`requests` or `spend_cents` (required alone)"},
    {"quantity", http::FieldType::kInteger, false, "A whole number from 1 (required alone)"},
    {"idempotencyKey", http::FieldType::kString, false,
     "1–128 characters; a retry with the same key is counted once and answered alike"},
    {"records", http::FieldType::kArray, false,
     "Instead of one record: 1–100 records (objects with the fields above), in one transaction"},
};
inline constexpr http::FieldDoc kAdminSetBody[] = {
    {"userId", http::FieldType::kString, false, "The user (this or organizationId)"},
    {"organizationId", http::FieldType::kString, false, "The organization"},
    {"plan", http::FieldType::kString, false, "Any configured plan"},
    {"spendCapCents", http::FieldType::kInteger, false,
     "The own monthly spend cap, at most the plan's; null clears it"},
};
inline constexpr http::SchemaDoc kSchemas[] = {
    {"PlanSubject",
     R"({"type":"object","required":["type","id"],
         "properties":{"type":{"type":"string","enum":["user","organization"]},"id":{"type":"string"}}})"},
    {"Plan",
     R"({"type":"object","required":["subject","plan","features","transitions"],
         "properties":{"subject":{"$ref":"#/components/schemas/PlanSubject"},"plan":{"type":"string"},
                       "features":{"type":"array","items":{"type":"string"}},
                       "transitions":{"type":"array","items":{"type":"string"}}}})"},
    {"PlanLimits",
     R"({"type":"object","required":["subject","plan","features","month","limits","usage","caps","ownSpendCapCents","cappedMeters","capped"],
         "properties":{"subject":{"$ref":"#/components/schemas/PlanSubject"},"plan":{"type":"string"},
                       "features":{"type":"array","items":{"type":"string"}},
                       "month":{"type":"string","description":"UTC, YYYY-MM"},
                       "limits":{"type":"object","additionalProperties":{"type":["integer","null"]}},
                       "usage":{"type":"object","additionalProperties":{"type":"integer"}},
                       "caps":{"type":"object","additionalProperties":{"type":["integer","null"]}},
                       "ownSpendCapCents":{"type":["integer","null"]},
                       "cappedMeters":{"type":"object","additionalProperties":{"type":"boolean"}},
                       "capped":{"type":"boolean"}}})"},
};
inline constexpr http::ResponseDoc kPlanResponses[] = {
    {200, "The subject's plan", R"({"$ref":"#/components/schemas/Plan"})"},
};
inline constexpr http::ResponseDoc kLimitsResponses[] = {
    {200, "The plan's limits, this month's usage and the caps",
     R"({"$ref":"#/components/schemas/PlanLimits"})"},
};
inline constexpr http::ResponseDoc kUsageResponses[] = {
    {200,
     "Counted (or, for a retry, counted before); a batch: {\"results\":[…]}, one answer per "
     "record, a refused one with recorded false and code SPEND_CAP_REACHED",
     R"({"type":"object",
         "properties":{"recorded":{"type":"boolean"},"month":{"type":"string"},
                       "used":{"type":"integer"},"cap":{"type":["integer","null"]},
                       "code":{"type":"string"},
                       "results":{"type":"array","items":{"type":"object"}}}})"},
};
inline constexpr http::ErrorDoc kGetErrors[] = {
    {ErrorKind::kNotFound, "PLAN_SUBJECT_NOT_FOUND", "no such organization, or not a member"},
};
inline constexpr http::ErrorDoc kSwitchErrors[] = {
    {ErrorKind::kInvalidArgument, "UNKNOWN_PLAN", "no such plan"},
    {ErrorKind::kPermissionDenied, "PLAN_CHANGE_NOT_ALLOWED", "not a transition of the plan"},
    {ErrorKind::kPermissionDenied, "NOT_ORGANIZATION_OWNER", "a member, not an owner"},
    {ErrorKind::kNotFound, "PLAN_SUBJECT_NOT_FOUND", "no such organization, or not a member"},
};
inline constexpr http::ErrorDoc kCapErrors[] = {
    {ErrorKind::kInvalidArgument, "SPEND_CAP_ABOVE_PLAN", "above the plan's monthly spend"},
    {ErrorKind::kPermissionDenied, "NOT_ORGANIZATION_OWNER", "a member, not an owner"},
    {ErrorKind::kNotFound, "PLAN_SUBJECT_NOT_FOUND", "no such organization, or not a member"},
};
inline constexpr http::ErrorDoc kUsageErrors[] = {
    {ErrorKind::kPaymentRequired, "SPEND_CAP_REACHED", "the meter is at its monthly cap"},
    {ErrorKind::kInvalidArgument, "UNKNOWN_METER", "no monthly limit measures the meter"},
    {ErrorKind::kNotFound, "PLAN_SUBJECT_NOT_FOUND", "no such user or organization"},
};
inline constexpr http::ErrorDoc kAdminGetErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED", "no billing:read"},
    {ErrorKind::kNotFound, "PLAN_SUBJECT_NOT_FOUND", "no such user or organization"},
};
inline constexpr http::ErrorDoc kAdminSetErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED", "no billing:update"},
    {ErrorKind::kInvalidArgument, "UNKNOWN_PLAN", "no such plan"},
    {ErrorKind::kInvalidArgument, "SPEND_CAP_ABOVE_PLAN", "above the plan's monthly spend"},
    {ErrorKind::kNotFound, "PLAN_SUBJECT_NOT_FOUND", "no such user or organization"},
};
inline constexpr http::RouteDoc kGetPlanDoc{.tag = kDocTag,
                                            .description =
                                                "The caller's (or an organization's) "
                                                "plan and the plans it may switch to.",
                                            .query = kSubjectQuery,
                                            .responses = kPlanResponses,
                                            .errors = kGetErrors,
                                            .schemas = kSchemas};
inline constexpr http::RouteDoc kSwitchPlanDoc{
    .tag = kDocTag,
    .description = "Switches plan along a configured transition; audited as plan.change.",
    .body = kSwitchBody,
    .responses = kPlanResponses,
    .errors = kSwitchErrors,
    .schemas = kSchemas};
inline constexpr http::RouteDoc kGetLimitsDoc{
    .tag = kDocTag,
    .description = "Limits, this month's (UTC) usage, caps and whether a meter is capped.",
    .query = kSubjectQuery,
    .responses = kLimitsResponses,
    .errors = kGetErrors,
    .schemas = kSchemas};
inline constexpr http::RouteDoc kSetCapDoc{
    .tag = kDocTag,
    .description =
        "Sets the owner's own monthly spend cap (never above the plan's); audited as "
        "plan.spend_cap_change.",
    .body = kCapBody,
    .responses = kLimitsResponses,
    .errors = kCapErrors,
    .schemas = kSchemas};
inline constexpr http::RouteDoc kUsageDoc{
    .tag = kDocTag,
    .description =
        "Records usage for a user or organization (API key with usage:record); "
        "counted exactly once per idempotency key; 402 at the cap.",
    .body = kUsageBody,
    .responses = kUsageResponses,
    .errors = kUsageErrors,
    .schemas = kSchemas};
inline constexpr http::RouteDoc kAdminGetDoc{
    .tag = kDocTag,
    .description = "Any account's plan, usage and caps (billing:read).",
    .query = kAdminQuery,
    .responses = kLimitsResponses,
    .errors = kAdminGetErrors,
    .schemas = kSchemas};
inline constexpr http::RouteDoc kAdminSetDoc{
    .tag = kDocTag,
    .description =
        "Sets any account's plan and own spend cap (billing:update), without the "
        "transition rule; audited as plan.admin_set.",
    .body = kAdminSetBody,
    .responses = kLimitsResponses,
    .errors = kAdminSetErrors,
    .schemas = kSchemas};

}  // namespace latchkey::plans

#endif  // LK_FEATURES_PLANS_PLAN_DOCS_H_

#include "features/plans/plan_routes.h"

#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/organizations/org_access.h"
#include "features/organizations/org_store.h"
#include "features/plans/plan_docs.h"
#include "features/plans/plans_errors.h"
#include "http/body.h"

namespace latchkey::plans {
namespace {

constexpr http::RouteSpec kGetPlanRoute{.method = http::Method::kGet,
                                        .path = "/api/auth/plan",
                                        .auth = http::Auth::kSession,
                                        .summary = "The caller's or an organization's plan",
                                        .doc = &kGetPlanDoc};
constexpr http::RouteSpec kSwitchPlanRoute{.method = http::Method::kPost,
                                           .path = "/api/auth/plan",
                                           .auth = http::Auth::kSensitiveSession,
                                           .summary = "Switches plan along a configured transition",
                                           .doc = &kSwitchPlanDoc};
constexpr http::RouteSpec kGetLimitsRoute{.method = http::Method::kGet,
                                          .path = "/api/auth/limits",
                                          .auth = http::Auth::kSession,
                                          .summary = "Limits, this month's usage and caps",
                                          .doc = &kGetLimitsDoc};
constexpr http::RouteSpec kSetCapRoute{.method = http::Method::kPost,
                                       .path = "/api/auth/limits",
                                       .auth = http::Auth::kSensitiveSession,
                                       .summary = "Lowers the owner's monthly spend cap",
                                       .doc = &kSetCapDoc};
constexpr http::RouteSpec kAdminGetRoute{.method = http::Method::kGet,
                                         .path = "/api/auth/admin/plan",
                                         .auth = http::Auth::kAdmin,
                                         .summary = "Any account's plan, usage and caps",
                                         .permission = "billing:read",
                                         .doc = &kAdminGetDoc};
constexpr http::RouteSpec kAdminSetRoute{.method = http::Method::kPost,
                                         .path = "/api/auth/admin/set-plan",
                                         .auth = http::Auth::kAdmin,
                                         .summary = "Sets any account's plan and spend cap",
                                         .permission = "billing:update",
                                         .doc = &kAdminSetDoc};

http::Response NoStore(std::string body) {
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  return response;
}

// The subject a caller names: an organization they belong to (owner when
// `owner`), else themselves. Not a member: PLAN_SUBJECT_NOT_FOUND, so the
// answer does not tell whether the organization exists.
Result<Subject> CallerSubject(store::Transaction& tx, const sessions::SessionWithUser& caller,
                              const std::optional<std::string>& organization_id, bool owner) {
  if (!organization_id) return Subject{"user", caller.user.id};
  LK_ASSIGN_OR_RETURN(auto member,
                      organizations::org_store::FindMember(tx, *organization_id, caller.user.id));
  if (!member) return Fail(MakeError(errors::kSubjectNotFound));
  if (owner && !organizations::HasRole(member->role, organizations::kOwnerRole)) {
    return Fail(MakeError(errors::kNotOwner));
  }
  return Subject{"organization", *organization_id};
}

// userId or organizationId, exactly one (the admin and usage routes).
Result<Subject> NamedSubject(const std::optional<std::string>& user_id,
                             const std::optional<std::string>& organization_id) {
  if (user_id.has_value() == organization_id.has_value()) {
    return Fail(http::ValidationError("userId", "Exactly one of userId and organizationId"));
  }
  if (user_id) return Subject{"user", *user_id};
  return Subject{"organization", *organization_id};
}

// spendCapCents: a whole number from 0, or null (clears).
Result<std::optional<std::int64_t>> ParseCap(const boost::json::object& body) {
  const boost::json::value* value = body.if_contains("spendCapCents");
  if (value == nullptr || value->is_null()) return std::optional<std::int64_t>();
  LK_ASSIGN_OR_RETURN(auto cap, http::OptionalInt(body, "spendCapCents"));
  if (*cap < 0) return Fail(http::ValidationError("spendCapCents", "A whole number from 0"));
  return cap;
}

// Errors: SPEND_CAP_ABOVE_PLAN.
Result<void> CheckCap(const Standing& standing, const std::optional<std::int64_t>& cap) {
  const std::int64_t plan_cap = standing.plan->Limit(std::string(kSpendMeter) + "_per_month");
  if (cap && plan_cap != kUnlimited && *cap > plan_cap) {
    return Fail(MakeError(errors::kCapAbovePlan));
  }
  return {};
}

std::string ChangeDetails(const Subject& subject, std::string_view from, std::string_view to,
                          const std::optional<std::int64_t>& cap) {
  std::string out;
  json::ObjectWriter w(out);
  w.String("subjectType", subject.type).String("subjectId", subject.id);
  if (!from.empty()) w.String("from", from).String("to", to);
  if (cap) {
    w.Int("spendCapCents", *cap);
  }
  w.Close();
  return out;
}

Result<void> Audit(store::Transaction& tx, const Services& services, const http::Request& request,
                   const sessions::SessionWithUser& caller, std::string_view type,
                   const Subject& subject, std::string details) {
  return audit::RecordInTransaction(
      tx, services.clock, request,
      {.type = type,
       .outcome = audit::kSuccess,
       .user_id = caller.user.id,
       .session_id = caller.session.id,
       .target_user_id = subject.type == "user" && subject.id != caller.user.id ? subject.id : "",
       .details_json = std::move(details)});
}

Result<http::Response> GetPlan(const http::Request& request, platform::Call& call,
                               const Services& services, const PlanService& plans, bool limits) {
  return store::InTransaction(
      services.store, [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(
            Subject subject,
            CallerSubject(tx, call.caller(), request.QueryParam("organizationId"), false));
        LK_ASSIGN_OR_RETURN(std::string body,
                            limits ? plans.LimitsJson(tx, subject) : plans.PlanJson(tx, subject));
        return NoStore(std::move(body));
      });
}

Result<http::Response> SwitchPlan(const http::Request& request, platform::Call& call,
                                  const Services& services, const PlanService& plans) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, false));
  LK_ASSIGN_OR_RETURN(std::string to, http::RequiredString(body, "plan"));
  LK_ASSIGN_OR_RETURN(auto org, http::OptionalString(body, "organizationId"));
  if (!plans.settings().parsed.contains(to)) return Fail(MakeError(errors::kUnknownPlan));
  return store::InTransaction(
      services.store, [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(Subject subject, CallerSubject(tx, call.caller(), org, true));
        LK_ASSIGN_OR_RETURN(Standing standing, plans.Load(tx, subject));
        const std::string from = standing.plan->id;
        if (from != to) {
          if (!standing.plan->MaySwitchTo(to))
            return Fail(MakeError(errors::kTransitionNotAllowed));
          // An own cap above the new plan's spend falls to it.
          std::optional<std::int64_t> cap = standing.own_spend_cap;
          const Plan& next = plans.settings().parsed.find(to)->second;
          const std::int64_t next_cap = next.Limit(std::string(kSpendMeter) + "_per_month");
          if (cap && next_cap != kUnlimited && *cap > next_cap) cap = next_cap;
          LK_TRY(plans.Save(tx, subject, {.plan = to, .spend_cap_cents = cap}));
          LK_TRY(Audit(tx, services, request, call.caller(), "plan.change", subject,
                       ChangeDetails(subject, from, to, std::nullopt)));
        }
        LK_ASSIGN_OR_RETURN(std::string out, plans.PlanJson(tx, subject));
        return NoStore(std::move(out));
      });
}

Result<http::Response> SetCap(const http::Request& request, platform::Call& call,
                              const Services& services, const PlanService& plans) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, false));
  if (!body.contains("spendCapCents")) {
    return Fail(http::ValidationError("spendCapCents",
                                      "Invalid input: expected int, received "
                                      "undefined"));
  }
  LK_ASSIGN_OR_RETURN(auto cap, ParseCap(body));
  LK_ASSIGN_OR_RETURN(auto org, http::OptionalString(body, "organizationId"));
  return store::InTransaction(
      services.store, [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(Subject subject, CallerSubject(tx, call.caller(), org, true));
        LK_ASSIGN_OR_RETURN(Standing standing, plans.Load(tx, subject));
        LK_TRY(CheckCap(standing, cap));
        LK_TRY(plans.Save(tx, subject, {.plan = standing.plan->id, .spend_cap_cents = cap}));
        LK_TRY(Audit(tx, services, request, call.caller(), "plan.spend_cap_change", subject,
                     ChangeDetails(subject, "", "", cap)));
        LK_ASSIGN_OR_RETURN(std::string out, plans.LimitsJson(tx, subject));
        return NoStore(std::move(out));
      });
}

Result<http::Response> AdminGet(const http::Request& request, const Services& services,
                                const PlanService& plans) {
  LK_ASSIGN_OR_RETURN(Subject subject, NamedSubject(request.QueryParam("userId"),
                                                    request.QueryParam("organizationId")));
  return store::InTransaction(services.store,
                              [&](store::Transaction& tx) -> Result<http::Response> {
                                LK_ASSIGN_OR_RETURN(bool exists, plans.Exists(tx, subject));
                                if (!exists) return Fail(MakeError(errors::kSubjectNotFound));
                                LK_ASSIGN_OR_RETURN(std::string out, plans.LimitsJson(tx, subject));
                                return NoStore(std::move(out));
                              });
}

Result<http::Response> AdminSet(const http::Request& request, platform::Call& call,
                                const Services& services, const PlanService& plans) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, false));
  LK_ASSIGN_OR_RETURN(auto user_id, http::OptionalString(body, "userId"));
  LK_ASSIGN_OR_RETURN(auto org_id, http::OptionalString(body, "organizationId"));
  LK_ASSIGN_OR_RETURN(Subject subject, NamedSubject(user_id, org_id));
  LK_ASSIGN_OR_RETURN(auto plan, http::OptionalString(body, "plan"));
  if (plan && !plans.settings().parsed.contains(*plan)) {
    return Fail(MakeError(errors::kUnknownPlan));
  }
  const bool cap_given = body.contains("spendCapCents");
  LK_ASSIGN_OR_RETURN(auto cap, ParseCap(body));
  return store::InTransaction(
      services.store, [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(bool exists, plans.Exists(tx, subject));
        if (!exists) return Fail(MakeError(errors::kSubjectNotFound));
        LK_ASSIGN_OR_RETURN(Standing standing, plans.Load(tx, subject));
        const std::string from = standing.plan->id;
        SubjectRow row{.plan = plan.value_or(from),
                       .spend_cap_cents = cap_given ? cap : standing.own_spend_cap};
        standing.plan = &plans.settings().parsed.find(row.plan)->second;
        LK_TRY(CheckCap(standing, row.spend_cap_cents));
        LK_TRY(plans.Save(tx, subject, row));
        LK_TRY(Audit(tx, services, request, call.caller(), "plan.admin_set", subject,
                     ChangeDetails(subject, from, row.plan, row.spend_cap_cents)));
        LK_ASSIGN_OR_RETURN(std::string out, plans.LimitsJson(tx, subject));
        return NoStore(std::move(out));
      });
}

}  // namespace

Result<void> AddPlanRoutes(platform::RouteTable& routes, const Services& services,
                           const PlanService& plans, bool admin) {
  const Services* s = &services;
  const PlanService* p = &plans;
  LK_TRY(routes.Add(kGetPlanRoute, [s, p](const http::Request& r, platform::Call& c) {
    return GetPlan(r, c, *s, *p, false);
  }));
  LK_TRY(routes.Add(kSwitchPlanRoute, [s, p](const http::Request& r, platform::Call& c) {
    return SwitchPlan(r, c, *s, *p);
  }));
  LK_TRY(routes.Add(kGetLimitsRoute, [s, p](const http::Request& r, platform::Call& c) {
    return GetPlan(r, c, *s, *p, true);
  }));
  LK_TRY(routes.Add(kSetCapRoute, [s, p](const http::Request& r, platform::Call& c) {
    return SetCap(r, c, *s, *p);
  }));
  LK_TRY(AddUsageRoute(routes, services, plans));
  if (!admin) return {};
  LK_TRY(routes.Add(kAdminGetRoute, [s, p](const http::Request& r, platform::Call&) {
    return AdminGet(r, *s, *p);
  }));
  return routes.Add(kAdminSetRoute, [s, p](const http::Request& r, platform::Call& c) {
    return AdminSet(r, c, *s, *p);
  });
}

}  // namespace latchkey::plans

// Better Auth's teams (docs/organizations.md "Teams"), with
// organization_teams on: create-team, update-team, remove-team, list-teams,
// add-team-member and remove-team-member are organization-scoped (the
// organization guard checked the caller); set-active-team, list-user-teams and
// list-team-members check the caller's team or membership themselves.
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/random.h"
#include "features/common/validation.h"
#include "features/organizations/org_json.h"
#include "features/organizations/organizations_errors.h"
#include "features/organizations/routes/org_routes.h"
#include "http/body.h"

namespace latchkey::organizations {
namespace {

constexpr std::size_t kMaxName = 256;
constexpr std::size_t kMaxId = 128;

Result<http::Response> Message(std::string_view text) {
  std::string out;
  json::ObjectWriter(out).String("message", text).Close();
  return Json(std::move(out));
}

// The team `id` of the call's organization; a team of another one answers
// like an unknown id. Errors: TEAM_NOT_FOUND.
Result<org_store::Team> TeamOf(store::Transaction& tx, const OrgCall& call, std::string_view id) {
  LK_ASSIGN_OR_RETURN(auto team, org_store::FindTeam(tx, id));
  if (!team || team->organization_id != call.organization.id) {
    return Fail(MakeError(errors::kTeamNotFound));
  }
  return std::move(*team);
}

Result<void> AuditTeam(store::Transaction& tx, const OrgService& service, const OrgCall& call,
                       std::string_view type, std::string_view team_id,
                       std::string_view target_user_id = {}) {
  std::string change;
  json::ObjectWriter(change).String("team_id", team_id).Close();
  return service.Audit(tx, call.request, call.caller, type, call.organization.id, target_user_id,
                       change);
}

// The body's userId must name a member of the call's organization.
// Errors: VALIDATION_ERROR, USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION.
Result<std::string> TargetMember(store::Transaction& tx, const OrgCall& call) {
  LK_ASSIGN_OR_RETURN(std::string user_id, validation::RequireString(call.body, "userId", kMaxId));
  LK_ASSIGN_OR_RETURN(auto member, org_store::FindMember(tx, call.organization.id, user_id));
  if (!member) return Fail(MakeError(errors::kNotMember400));
  return user_id;
}

}  // namespace

Result<org_store::TeamMember> JoinTeam(store::Transaction& tx, const OrgService& service,
                                       std::string_view team_id, std::string_view user_id) {
  LK_ASSIGN_OR_RETURN(auto existing, org_store::FindTeamMember(tx, team_id, user_id));
  if (existing) return std::move(*existing);
  const std::int64_t limit = service.settings().organization_team_member_limit;
  if (limit > 0) {
    LK_ASSIGN_OR_RETURN(std::int64_t count, org_store::CountTeamMembers(tx, team_id));
    if (count >= limit) return Fail(MakeError(errors::kTeamMemberLimit));
  }
  org_store::TeamMember member{.id = crypto::RandomAlnum(32),
                               .team_id = std::string(team_id),
                               .user_id = std::string(user_id),
                               .created_at = service.Now()};
  LK_TRY(org_store::CreateTeamMember(tx, member));
  return member;
}

Result<http::Response> CreateTeam(store::Transaction& tx, const OrgService& service,
                                  OrgCall& call) {
  LK_ASSIGN_OR_RETURN(std::string name, validation::RequireString(call.body, "name", kMaxName));
  const std::int64_t limit = service.settings().organization_team_limit;
  if (limit > 0) {
    LK_ASSIGN_OR_RETURN(std::int64_t count, org_store::CountTeams(tx, call.organization.id));
    if (count >= limit) return Fail(MakeError(errors::kTeamLimit));
  }
  const TimeMs now = service.Now();
  org_store::Team team{.id = crypto::RandomAlnum(32),
                       .organization_id = call.organization.id,
                       .name = std::move(name),
                       .created_at = now,
                       .updated_at = now};
  LK_TRY(org_store::CreateTeam(tx, team));
  LK_TRY(AuditTeam(tx, service, call, "organization.team_create", team.id));
  return Json(TeamJson(team));
}

Result<http::Response> UpdateTeam(store::Transaction& tx, const OrgService& service,
                                  OrgCall& call) {
  const auto* data_value = call.body.if_contains("data");
  if (data_value == nullptr || !data_value->is_object()) {
    return Fail(validation::FieldError("data", "Invalid input: expected object, received " +
                                                   std::string(http::JsonTypeName(data_value))));
  }
  LK_ASSIGN_OR_RETURN(auto name,
                      validation::OptionalString(data_value->as_object(), "name", kMaxName));
  LK_ASSIGN_OR_RETURN(org_store::Team team, TeamOf(tx, call, call.body.at("teamId").as_string()));
  if (name) team.name = *name;
  team.updated_at = service.Now();
  LK_TRY(org_store::UpdateTeam(tx, team));
  LK_TRY(AuditTeam(tx, service, call, "organization.team_update", team.id));
  return Json(TeamJson(team));
}

Result<http::Response> RemoveTeam(store::Transaction& tx, const OrgService& service,
                                  OrgCall& call) {
  const std::string team_id(call.body.at("teamId").as_string());
  // Better Auth: the caller's active team cannot be removed from under them.
  if (OrgService::ActiveTeamId(call.caller) == team_id) {
    return Fail(MakeError(errors::kNotAllowedDeleteTeam));
  }
  LK_ASSIGN_OR_RETURN(org_store::Team team, TeamOf(tx, call, team_id));
  if (!service.settings().organization_allow_removing_all_teams) {
    LK_ASSIGN_OR_RETURN(std::int64_t count, org_store::CountTeams(tx, call.organization.id));
    if (count <= 1) return Fail(MakeError(errors::kLastTeam));
  }
  // Every session that had it active shows null from now on, on every node.
  LK_ASSIGN_OR_RETURN(auto sessions, org_store::SessionsWithActiveTeam(tx, team.id));
  for (const std::string& session_id : sessions) {
    LK_TRY(service.deps().sessions.InvalidateSession(tx, session_id));
  }
  LK_TRY(org_store::DeleteTeam(tx, team));
  LK_TRY(AuditTeam(tx, service, call, "organization.team_remove", team.id));
  return Message("Team removed successfully.");
}

Result<http::Response> ListTeams(store::Transaction& tx, const OrgService&, OrgCall& call) {
  LK_ASSIGN_OR_RETURN(auto teams, org_store::ListTeams(tx, call.organization.id));
  return Json(JsonArray(teams, [](const auto& team) { return TeamJson(team); }));
}

Result<http::Response> AddTeamMember(store::Transaction& tx, const OrgService& service,
                                     OrgCall& call) {
  LK_ASSIGN_OR_RETURN(std::string user_id, TargetMember(tx, call));
  LK_ASSIGN_OR_RETURN(org_store::Team team, TeamOf(tx, call, call.body.at("teamId").as_string()));
  LK_ASSIGN_OR_RETURN(org_store::TeamMember member, JoinTeam(tx, service, team.id, user_id));
  LK_TRY(AuditTeam(tx, service, call, "organization.team_member_add", team.id, user_id));
  return Json(TeamMemberJson(member));
}

Result<http::Response> RemoveTeamMember(store::Transaction& tx, const OrgService& service,
                                        OrgCall& call) {
  LK_ASSIGN_OR_RETURN(std::string user_id, TargetMember(tx, call));
  LK_ASSIGN_OR_RETURN(org_store::Team team, TeamOf(tx, call, call.body.at("teamId").as_string()));
  LK_ASSIGN_OR_RETURN(auto member, org_store::FindTeamMember(tx, team.id, user_id));
  if (!member) return Fail(MakeError(errors::kNotTeamMember400));
  LK_TRY(org_store::DeleteTeamMember(tx, team.id, user_id));
  LK_TRY(AuditTeam(tx, service, call, "organization.team_member_remove", team.id, user_id));
  return Message("Team member removed successfully.");
}

Result<http::Response> SetActiveTeam(const http::Request& request, const OrgService& service,
                                     const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  const auto* value = body.if_contains("teamId");
  const bool clear = value != nullptr && value->is_null();
  std::optional<std::string> team_id;
  if (!clear) {
    LK_ASSIGN_OR_RETURN(team_id, validation::OptionalString(body, "teamId", kMaxId));
  }
  const auto active_team = OrgService::ActiveTeamId(caller);
  const auto active_org = OrgService::ActiveOrganizationId(caller);
  if (clear || (!team_id || team_id->empty())) {
    if (!clear && active_team) {
      team_id = active_team;  // Better Auth: no id re-checks the active one
    } else {
      return store::InTransaction(service.store(),
                                  [&](store::Transaction& tx) -> Result<http::Response> {
                                    if (active_team)
                                      LK_TRY(service.SetActiveTeam(tx, caller, std::nullopt));
                                    return Json("null");
                                  });
    }
  }
  if (!active_org) return Fail(MakeError(errors::kNoActive));
  return store::InTransaction(
      service.store(), [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto team, org_store::FindTeam(tx, *team_id));
        if (!team || team->organization_id != *active_org) {
          return Fail(MakeError(errors::kTeamNotFound));
        }
        LK_ASSIGN_OR_RETURN(auto member, org_store::FindTeamMember(tx, team->id, caller.user.id));
        if (!member) return Fail(MakeError(errors::kNotTeamMember403));
        if (active_team != team->id) {
          LK_TRY(service.SetActiveTeam(tx, caller, team->id));
          std::string change;
          json::ObjectWriter(change).String("team_id", team->id).Close();
          LK_TRY(service.Audit(tx, request, caller, "organization.set_active_team", *active_org, {},
                               change));
        }
        return Json(TeamJson(*team));
      });
}

Result<http::Response> ListUserTeams(const http::Request& request, const OrgService& service,
                                     const sessions::SessionWithUser& caller) {
  const auto asked_user = request.QueryParam("userId");
  const std::string target = asked_user && !asked_user->empty() ? *asked_user : caller.user.id;
  const auto asked_org = request.QueryParam("organizationId");
  const bool explicit_org = asked_org && !asked_org->empty();
  const auto org_id = explicit_org ? asked_org : OrgService::ActiveOrganizationId(caller);
  return store::InTransaction(
      service.store(), [&](store::Transaction& tx) -> Result<http::Response> {
        const bool self = target == caller.user.id;
        std::optional<std::string> only;  // the organization the answer is scoped to
        if (!self || explicit_org) {
          // Another member's teams want member:update in that organization
          // (Better Auth's rule); one's own, membership.
          if (!org_id) return Fail(MakeError(errors::kNoActive));
          LK_ASSIGN_OR_RETURN(auto mine, org_store::FindMember(tx, *org_id, caller.user.id));
          if (!mine) return Fail(MakeError(errors::kNotAMember));
          if (!self) {
            LK_ASSIGN_OR_RETURN(OrgAccess access, service.AccessIn(tx, *org_id));
            if (!access.Allows(mine->role, "member", "update")) {
              return Fail(MakeError(errors::kNotAllowedUpdateMember));
            }
            LK_ASSIGN_OR_RETURN(auto theirs, org_store::FindMember(tx, *org_id, target));
            if (!theirs) return Fail(MakeError(errors::kNotMember400));
          }
          only = org_id;
        }
        LK_ASSIGN_OR_RETURN(auto teams, org_store::ListUserTeams(tx, target));
        std::vector<org_store::Team> shown;
        for (auto& team : teams) {
          if (!only || team.organization_id == *only) shown.push_back(std::move(team));
        }
        return Json(JsonArray(shown, [](const auto& team) { return TeamJson(team); }));
      });
}

Result<http::Response> ListTeamMembers(const http::Request& request, const OrgService& service,
                                       const sessions::SessionWithUser& caller) {
  auto team_id = request.QueryParam("teamId");
  if (!team_id || team_id->empty()) team_id = OrgService::ActiveTeamId(caller);
  if (!team_id) return Fail(MakeError(errors::kNoActiveTeam));
  return store::InTransaction(
      service.store(), [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto team, org_store::FindTeam(tx, *team_id));
        if (!team) return Fail(MakeError(errors::kTeamNotFound));
        // Only the team's own members see it (Better Auth's rule), and they
        // must still be members of its organization.
        LK_ASSIGN_OR_RETURN(auto member,
                            org_store::FindMember(tx, team->organization_id, caller.user.id));
        if (!member) return Fail(MakeError(errors::kNotTeamMember400));
        LK_ASSIGN_OR_RETURN(auto in_team, org_store::FindTeamMember(tx, team->id, caller.user.id));
        if (!in_team) return Fail(MakeError(errors::kNotTeamMember400));
        LK_ASSIGN_OR_RETURN(auto members, org_store::ListTeamMembers(tx, team->id));
        return Json(JsonArray(members, [](const auto& m) { return TeamMemberJson(m); }));
      });
}

}  // namespace latchkey::organizations

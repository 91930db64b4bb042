#include "features/organizations/org_service.h"

#include <boost/json/parse.hpp>

#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/organizations/organizations_errors.h"
#include "features/organizations/role_store.h"
#include "http/body.h"

namespace latchkey::organizations {
namespace {

// The field `name` of a POST body or a GET query; absent → nullopt.
Result<std::optional<std::string>> Field(const http::Request& request,
                                         const boost::json::object& body, std::string_view name) {
  if (request.method == http::Method::kGet) return request.QueryParam(name);
  const auto* value = body.if_contains(name);
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) {
    return Fail(http::ValidationError(name, "Invalid input: expected string, received " +
                                                std::string(http::JsonTypeName(value))));
  }
  return std::optional<std::string>(std::string(value->as_string()));
}

// The session field `field`: raw JSON, null or a quoted id (ids are [A-Za-z0-9]).
std::optional<std::string> SessionField(const sessions::SessionWithUser& caller,
                                        std::string_view field) {
  for (const auto& [name, value] : caller.session.extra_fields) {
    if (name == field && value.size() > 2 && value.front() == '"') {
      return value.substr(1, value.size() - 2);
    }
  }
  return std::nullopt;
}

}  // namespace

Result<void> OrgService::Init(const platform::Hooks& hooks) {
  hooks_ = &hooks;
  LK_ASSIGN_OR_RETURN(OrgAccess access, OrgAccess::Build(deps_.settings.organization_roles));
  access_ = std::move(access);
  return {};
}

Result<void> OrgService::CheckLimit(store::Transaction& tx, const http::Request& request,
                                    std::string_view subject_type, std::string_view subject_id,
                                    std::string_view limit, std::int64_t current) const {
  if (hooks_ == nullptr) return {};
  return hooks_->RunBeforeLimitedCreate(tx, {.request = request,
                                             .subject_type = subject_type,
                                             .subject_id = subject_id,
                                             .limit = limit,
                                             .current = current});
}

Result<OrgAccess> OrgService::AccessIn(store::Transaction& tx,
                                       std::string_view organization_id) const {
  if (!deps_.settings.organization_dynamic_roles) return *access_;
  LK_ASSIGN_OR_RETURN(auto roles, org_store::ListRoles(tx, organization_id));
  std::map<std::string, Statements, std::less<>> extra;
  for (const org_store::OrgRole& role : roles) {
    boost::system::error_code ec;
    const boost::json::value parsed = boost::json::parse(role.permission, ec);
    auto statements = ec ? std::nullopt : StatementsFromJson(parsed);
    if (!statements) {
      return Fail(InternalError("role " + role.id + " has a malformed permission"));
    }
    extra[role.role] = std::move(*statements);
  }
  return access_->With(extra);
}

std::optional<std::string> OrgService::ActiveOrganizationId(
    const sessions::SessionWithUser& caller) {
  return SessionField(caller, "activeOrganizationId");
}

std::optional<std::string> OrgService::ActiveTeamId(const sessions::SessionWithUser& caller) {
  return SessionField(caller, "activeTeamId");
}

Result<Authorized> OrgService::Authorize(store::Transaction& tx, const OrgRule& rule,
                                         const Statements& permission, const http::Request& request,
                                         const boost::json::object& body,
                                         const sessions::SessionWithUser& caller) const {
  static const boost::json::object kNone;
  const boost::json::object* scope = &body;
  if (rule.id_in_data) {
    const auto* data = body.if_contains("data");
    scope = data != nullptr && data->is_object() ? &data->as_object() : &kNone;
  }
  LK_ASSIGN_OR_RETURN(auto id, Field(request, *scope, "organizationId"));
  std::optional<org_store::Invitation> invitation;
  if (rule.from_invitation) {
    LK_ASSIGN_OR_RETURN(auto invitation_id, Field(request, body, "invitationId"));
    if (invitation_id) {
      LK_ASSIGN_OR_RETURN(invitation, org_store::FindInvitation(tx, *invitation_id));
    }
    if (!invitation) return Fail(MakeError(errors::kInvitationNotFound));
    id = invitation->organization_id;
  }
  std::optional<org_store::Organization> org;
  if (!id && rule.slug_allowed) {
    LK_ASSIGN_OR_RETURN(auto slug, Field(request, body, "organizationSlug"));
    if (slug) {
      LK_ASSIGN_OR_RETURN(org, org_store::FindOrganizationBySlug(tx, *slug));
      if (!org) return Fail(MakeError(errors::kNotFound));
    }
  }
  if (!org) {
    if ((!id || id->empty()) && rule.active_fallback) id = ActiveOrganizationId(caller);
    if (!id || id->empty()) return Fail(MakeError(*rule.no_organization));
    LK_ASSIGN_OR_RETURN(org, org_store::FindOrganization(tx, *id));
  }
  if (!org && rule.not_found != nullptr) return Fail(MakeError(*rule.not_found));
  // Otherwise an organization that does not exist and one the caller is not
  // in answer alike (docs/organizations.md "Authorization").
  std::optional<org_store::Member> member;
  if (org) {
    LK_ASSIGN_OR_RETURN(member, org_store::FindMember(tx, org->id, caller.user.id));
  }
  if (!member) return Fail(MakeError(*rule.not_member));
  if (!permission.empty()) {
    LK_ASSIGN_OR_RETURN(OrgAccess access, AccessIn(tx, org->id));
    if (!access.Allows(member->role, permission)) return Fail(MakeError(*rule.denied));
  }
  return Authorized{std::move(*org), std::move(*member), std::move(invitation)};
}

Result<void> OrgService::SetActive(store::Transaction& tx, const sessions::SessionWithUser& caller,
                                   const std::optional<std::string>& organization_id) const {
  LK_TRY(org_store::SetActiveOrganization(tx, caller.session.id, organization_id, Now()));
  return deps_.sessions.InvalidateSession(tx, caller.session.id, caller.user.id);
}

Result<void> OrgService::SetActiveTeam(store::Transaction& tx,
                                       const sessions::SessionWithUser& caller,
                                       const std::optional<std::string>& team_id) const {
  LK_TRY(org_store::SetActiveTeam(tx, caller.session.id, team_id, Now()));
  return deps_.sessions.InvalidateSession(tx, caller.session.id, caller.user.id);
}

Result<void> OrgService::Audit(store::Transaction& tx, const http::Request& request,
                               const sessions::SessionWithUser& caller, std::string_view type,
                               std::string_view organization_id, std::string_view target_user_id,
                               std::string_view extra_json) const {
  std::string details;
  json::ObjectWriter writer(details);
  writer.String("organization_id", organization_id);
  if (!extra_json.empty()) writer.Raw("change", extra_json);
  writer.Close();
  return audit::RecordInTransaction(tx, deps_.services.clock, request,
                                    {.type = type,
                                     .outcome = audit::kSuccess,
                                     .user_id = caller.user.id,
                                     .session_id = caller.session.id,
                                     .target_user_id = std::string(target_user_id),
                                     .details_json = details});
}

}  // namespace latchkey::organizations

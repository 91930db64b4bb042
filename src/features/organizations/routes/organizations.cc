// create, check-slug, list, set-active, get-full-organization,
// get-organization, update and delete (docs/organizations.md). Each change
// is one transaction with its audit event.
#include <boost/json.hpp>

#include "crypto/random.h"
#include "features/common/validation.h"
#include "features/organizations/org_json.h"
#include "features/organizations/organizations_errors.h"
#include "features/organizations/routes/org_routes.h"
#include "http/body.h"

namespace latchkey::organizations {
namespace {

constexpr std::size_t kMaxName = 256;
constexpr std::size_t kMaxSlug = 128;
constexpr std::size_t kMaxLogo = 2048;
constexpr std::size_t kMaxMetadata = 8192;

// Lower-case letters, digits and dashes (latchkey's rule: Better Auth takes
// any string; docs/compatibility.md). Errors: VALIDATION_ERROR.
Result<void> CheckSlug(std::string_view slug) {
  for (char c : slug) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) {
      return Fail(validation::FieldError("slug", "Use lower-case letters, digits and dashes"));
    }
  }
  return {};
}

// name/slug: at least one character (zod's min(1)).
Result<std::optional<std::string>> NonEmpty(const boost::json::object& body, std::string_view key,
                                            std::size_t max) {
  LK_ASSIGN_OR_RETURN(auto value, validation::OptionalString(body, key, max));
  if (value && value->empty()) {
    return Fail(validation::FieldError(key, "Too small: expected string to have >=1 characters"));
  }
  return value;
}

// logo: a string or null (nullish). nullopt = not given; an engaged empty
// optional = cleared.
Result<std::optional<std::optional<std::string>>> Logo(const boost::json::object& body) {
  const auto* value = body.if_contains("logo");
  if (value == nullptr) return std::optional<std::optional<std::string>>();
  if (value->is_null()) return std::optional<std::optional<std::string>>(std::nullopt);
  LK_ASSIGN_OR_RETURN(auto logo, validation::OptionalString(body, "logo", kMaxLogo));
  return std::optional<std::optional<std::string>>(logo);
}

// metadata: an object, stored as its JSON text.
Result<std::optional<std::string>> ParseMetadata(const boost::json::object& body) {
  const auto* value = body.if_contains("metadata");
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_object()) {
    return Fail(validation::FieldError("metadata", "Invalid input: expected record, received " +
                                                       std::string(http::JsonTypeName(value))));
  }
  std::string text = boost::json::serialize(*value);
  if (text.size() > kMaxMetadata) return Fail(validation::FieldError("metadata", "Too big"));
  return std::optional<std::string>(std::move(text));
}

}  // namespace

Result<http::Response> CreateOrganization(const http::Request& request, const OrgService& service,
                                          const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(auto name, NonEmpty(body, "name", kMaxName));
  if (!name) LK_TRY(validation::RequireString(body, "name", kMaxName));
  LK_ASSIGN_OR_RETURN(auto slug, NonEmpty(body, "slug", kMaxSlug));
  if (!slug) LK_TRY(validation::RequireString(body, "slug", kMaxSlug));
  LK_ASSIGN_OR_RETURN(auto logo, Logo(body));
  LK_ASSIGN_OR_RETURN(auto metadata, ParseMetadata(body));
  LK_ASSIGN_OR_RETURN(auto keep, validation::OptionalBool(body, "keepCurrentActiveOrganization"));
  if (body.contains("userId")) {
    // Better Auth's server-only field: refused from a client.
    return Fail(validation::FieldError("userId", "Not allowed from a client"));
  }
  LK_TRY(CheckSlug(*slug));
  const TimeMs now = service.Now();
  return store::InTransaction(
      service.store(), [&](store::Transaction& tx) -> Result<http::Response> {
        const std::int64_t limit = service.settings().organization_limit;
        LK_ASSIGN_OR_RETURN(auto mine, org_store::ListUserOrganizations(tx, caller.user.id));
        const auto count = static_cast<std::int64_t>(mine.size());
        if (limit > 0 && count >= limit) return Fail(MakeError(errors::kOrganizationLimit));
        LK_TRY(service.CheckLimit(tx, request, "user", caller.user.id, "organizations", count));
        LK_ASSIGN_OR_RETURN(auto taken, org_store::FindOrganizationBySlug(tx, *slug));
        if (taken) return Fail(MakeError(errors::kAlreadyExists));
        org_store::Organization org{.id = crypto::RandomAlnum(32),
                                    .name = *name,
                                    .slug = *slug,
                                    .logo = logo.value_or(std::nullopt),
                                    .metadata = metadata,
                                    .created_at = now};
        LK_TRY(org_store::CreateOrganization(tx, org));
        org_store::Member owner{.id = crypto::RandomAlnum(32),
                                .organization_id = org.id,
                                .user_id = caller.user.id,
                                .role = std::string(kOwnerRole),
                                .created_at = now};
        LK_TRY(org_store::CreateMember(tx, owner));
        if (!keep.value_or(false)) LK_TRY(service.SetActive(tx, caller, org.id));
        const OrganizationSettings& settings = service.settings();
        if (settings.organization_teams && settings.organization_default_team) {
          // Better Auth's default team: named after the organization, with
          // its creator, and active with it.
          org_store::Team team{.id = crypto::RandomAlnum(32),
                               .organization_id = org.id,
                               .name = org.name,
                               .created_at = now};
          LK_TRY(org_store::CreateTeam(tx, team));
          LK_TRY(JoinTeam(tx, service, team.id, caller.user.id));
          if (!keep.value_or(false)) LK_TRY(service.SetActiveTeam(tx, caller, team.id));
        }
        LK_TRY(service.Audit(tx, request, caller, "organization.create", org.id));
        return Json(
            OrganizationJson(org, Metadata::kParsed, "\"members\":[" + MemberJson(owner) + "]"));
      });
}

Result<http::Response> CheckSlug(const http::Request& request, const OrgService& service,
                                 const sessions::SessionWithUser&) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string slug, validation::RequireString(body, "slug", kMaxSlug));
  return store::InTransaction(
      service.store(), [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto taken, org_store::FindOrganizationBySlug(tx, slug));
        if (taken) return Fail(MakeError(errors::kSlugTaken));
        return Json(R"({"status":true})");
      });
}

Result<http::Response> ListOrganizations(const http::Request&, const OrgService& service,
                                         const sessions::SessionWithUser& caller) {
  return store::InTransaction(
      service.store(), [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto orgs, org_store::ListUserOrganizations(tx, caller.user.id));
        return Json(JsonArray(orgs, [](const org_store::Organization& org) {
          return OrganizationJson(org, Metadata::kText);
        }));
      });
}

Result<http::Response> SetActiveOrganization(const http::Request& request,
                                             const OrgService& service,
                                             const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  const auto* id_value = body.if_contains("organizationId");
  const bool clear = id_value != nullptr && id_value->is_null();
  std::optional<std::string> id;
  if (!clear) {
    LK_ASSIGN_OR_RETURN(id, validation::OptionalString(body, "organizationId", 128));
  }
  LK_ASSIGN_OR_RETURN(auto slug, validation::OptionalString(body, "organizationSlug", kMaxSlug));
  const auto active = OrgService::ActiveOrganizationId(caller);
  return store::InTransaction(
      service.store(), [&](store::Transaction& tx) -> Result<http::Response> {
        if (clear || (!id && !slug && !active)) {
          if (active) {
            LK_TRY(service.SetActive(tx, caller, std::nullopt));
            LK_TRY(service.Audit(tx, request, caller, "organization.set_active", *active, {},
                                 R"({"active":null})"));
          }
          return Json("null");
        }
        std::optional<org_store::Organization> org;
        if (id) {
          LK_ASSIGN_OR_RETURN(org, org_store::FindOrganization(tx, *id));
        } else if (slug) {
          LK_ASSIGN_OR_RETURN(org, org_store::FindOrganizationBySlug(tx, *slug));
          if (!org) return Fail(MakeError(errors::kNotFound));
        } else {
          LK_ASSIGN_OR_RETURN(org, org_store::FindOrganization(tx, *active));
        }
        std::optional<org_store::Member> member;
        if (org) {
          LK_ASSIGN_OR_RETURN(member, org_store::FindMember(tx, org->id, caller.user.id));
        }
        if (!member) return Fail(MakeError(errors::kNotMember403));
        LK_TRY(service.SetActive(tx, caller, org->id));
        LK_TRY(service.Audit(tx, request, caller, "organization.set_active", org->id));
        return Json(OrganizationJson(*org, Metadata::kText));
      });
}

Result<http::Response> GetFullOrganization(const http::Request& request, const OrgService& service,
                                           const sessions::SessionWithUser& caller) {
  static const OrgRule kRule{.slug_allowed = true,
                             .not_found = &errors::kNotFound,
                             .no_organization = &errors::kNoActive,
                             .not_member = &errors::kNotMember403};
  if (!request.QueryParam("organizationId") && !request.QueryParam("organizationSlug") &&
      !OrgService::ActiveOrganizationId(caller)) {
    return Json("null");
  }
  std::int64_t members_limit = service.settings().organization_member_limit;
  if (auto text = request.QueryParam("membersLimit"); text && !text->empty()) {
    char* end = nullptr;
    const long long parsed = std::strtoll(text->c_str(), &end, 10);
    if (end == nullptr || *end != '\0' || parsed < 0) {
      return Fail(validation::FieldError("membersLimit", "Invalid input: expected number"));
    }
    members_limit = std::min<std::int64_t>(parsed, members_limit);
  }
  const boost::json::object none;
  return store::InTransaction(
      service.store(), [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(Authorized found,
                            service.Authorize(tx, kRule, {}, request, none, caller));
        LK_ASSIGN_OR_RETURN(auto members, org_store::ListMembers(tx, found.organization.id,
                                                                 {.limit = members_limit}));
        std::vector<org_store::Invitation> invitations;
        // Invitation ids are links: only who may invite sees them, and only an
        // owner sees invitations to the owner role (Better Auth's rule).
        LK_ASSIGN_OR_RETURN(OrgAccess access, service.AccessIn(tx, found.organization.id));
        if (access.Allows(found.member.role, "invitation", "create")) {
          LK_ASSIGN_OR_RETURN(auto all, org_store::ListInvitations(tx, found.organization.id));
          const bool owner = HasRole(found.member.role, kOwnerRole);
          for (auto& inv : all) {
            if (owner || !HasRole(inv.role, kOwnerRole)) invitations.push_back(std::move(inv));
          }
        }
        std::string extra = "\"invitations\":" + JsonArray(invitations, [](const auto& inv) {
                              return InvitationJson(inv);
                            });
        extra += ",\"members\":" +
                 JsonArray(members, [](const auto& m) { return MemberWithUserJson(m); });
        if (service.settings().organization_teams) {
          LK_ASSIGN_OR_RETURN(auto teams, org_store::ListTeams(tx, found.organization.id));
          extra += ",\"teams\":" + JsonArray(teams, [](const auto& t) { return TeamJson(t); });
        }
        return Json(OrganizationJson(found.organization, Metadata::kText, extra));
      });
}

Result<http::Response> GetOrganization(store::Transaction&, const OrgService&, OrgCall& call) {
  return Json(OrganizationJson(call.organization, Metadata::kText));
}

Result<http::Response> UpdateOrganization(store::Transaction& tx, const OrgService& service,
                                          OrgCall& call) {
  const auto* data_value = call.body.if_contains("data");
  if (data_value == nullptr || !data_value->is_object()) {
    return Fail(validation::FieldError("data", "Invalid input: expected object, received " +
                                                   std::string(http::JsonTypeName(data_value))));
  }
  const boost::json::object& data = data_value->as_object();
  LK_ASSIGN_OR_RETURN(auto name, NonEmpty(data, "name", kMaxName));
  LK_ASSIGN_OR_RETURN(auto slug, NonEmpty(data, "slug", kMaxSlug));
  LK_ASSIGN_OR_RETURN(auto logo, Logo(data));
  LK_ASSIGN_OR_RETURN(auto metadata, ParseMetadata(data));
  org_store::Organization org = call.organization;
  if (slug) {
    LK_TRY(CheckSlug(*slug));
    LK_ASSIGN_OR_RETURN(auto taken, org_store::FindOrganizationBySlug(tx, *slug));
    if (taken && taken->id != org.id) return Fail(MakeError(errors::kSlugTaken));
    org.slug = *slug;
  }
  if (name) org.name = *name;
  if (logo) org.logo = *logo;
  if (metadata) org.metadata = *metadata;
  LK_TRY(org_store::UpdateOrganization(tx, org));
  LK_TRY(service.Audit(tx, call.request, call.caller, "organization.update", org.id));
  return Json(OrganizationJson(org, Metadata::kParsed));
}

Result<http::Response> DeleteOrganization(store::Transaction& tx, const OrgService& service,
                                          OrgCall& call) {
  const std::string& id = call.organization.id;
  // Every session that had it active shows null from now on, on every node.
  LK_ASSIGN_OR_RETURN(auto sessions, org_store::SessionsActiveIn(tx, id));
  for (const std::string& session_id : sessions) {
    LK_TRY(service.deps().sessions.InvalidateSession(tx, session_id));
  }
  LK_TRY(org_store::DeleteOrganization(tx, id));
  LK_TRY(service.Audit(tx, call.request, call.caller, "organization.delete", id));
  return Json(OrganizationJson(call.organization, Metadata::kText));
}

}  // namespace latchkey::organizations

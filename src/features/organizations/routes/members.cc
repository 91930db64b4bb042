// get-active-member, get-active-member-role, list-members, remove-member,
// update-member-role, leave and has-permission (docs/organizations.md). The
// organization, the caller's membership and the permission were checked by
// the organization guard; what is left here is about the member acted on.
// An organization keeps one owner at least: the last one cannot leave, be
// removed or be demoted.
#include <algorithm>
#include <boost/json.hpp>
#include <charconv>

#include "core/json_writer.h"
#include "features/common/validation.h"
#include "features/organizations/org_json.h"
#include "features/organizations/organizations_errors.h"
#include "features/organizations/routes/org_routes.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::organizations {
namespace {

Error QueryError(std::string_view field, std::string_view what) {
  Error error = validation::FieldError(field, what);
  error.wire_message = "[query." + std::string(field) + "] " + std::string(what);
  return error;
}

Result<std::int64_t> QueryInt(const http::Request& request, std::string_view name,
                              std::int64_t fallback, std::int64_t max) {
  auto text = request.QueryParam(name);
  if (!text || text->empty()) return fallback;
  std::int64_t value = 0;
  for (char c : *text) {
    if (c < '0' || c > '9' || value > max) {
      return Fail(QueryError(name, "Invalid input: expected number"));
    }
    value = value * 10 + (c - '0');
  }
  return std::min(value, max);
}

Result<std::string_view> SortColumn(const http::Request& request) {
  const std::string field = request.QueryParam("sortBy").value_or("createdAt");
  if (field == "createdAt") return std::string_view("m.created_at");
  if (field == "role") return std::string_view("m.role");
  if (field == "userId") return std::string_view("m.user_id");
  if (field == "id") return std::string_view("m.id");
  return Fail(QueryError("sortBy", "createdAt, role, userId or id"));
}

// filterField / filterOperator / filterValue (docs/organizations.md
// "Listing members"): a member field, one of Better Auth's where-operators
// (default eq), and a value (a comma list for in / not_in; createdAt in
// milliseconds). No filterField: no filter, as Better Auth.
Result<std::optional<org_store::MemberFilter>> MemberFilterOf(const http::Request& request) {
  using Op = org_store::MemberFilter::Op;
  const auto field = request.QueryParam("filterField");
  if (!field || field->empty()) return std::optional<org_store::MemberFilter>();
  org_store::MemberFilter filter;
  bool numeric = false;
  if (*field == "id") {
    filter.column = "m.id";
  } else if (*field == "userId") {
    filter.column = "m.user_id";
  } else if (*field == "role") {
    filter.column = "m.role";
  } else if (*field == "organizationId") {
    filter.column = "m.organization_id";
  } else if (*field == "createdAt") {
    filter.column = "m.created_at";
    numeric = true;
  } else {
    return Fail(QueryError("filterField", "id, userId, role, organizationId or createdAt"));
  }
  static constexpr std::pair<std::string_view, Op> kOps[] = {
      {"eq", Op::kEq},
      {"ne", Op::kNe},
      {"lt", Op::kLt},
      {"lte", Op::kLte},
      {"gt", Op::kGt},
      {"gte", Op::kGte},
      {"in", Op::kIn},
      {"not_in", Op::kNotIn},
      {"contains", Op::kContains},
      {"starts_with", Op::kStartsWith},
      {"ends_with", Op::kEndsWith},
  };
  const std::string op = request.QueryParam("filterOperator").value_or("eq");
  const auto* found = std::find_if(std::begin(kOps), std::end(kOps),
                                   [&](const auto& entry) { return entry.first == op; });
  if (found == std::end(kOps)) {
    return Fail(QueryError("filterOperator",
                           "Invalid option: expected one of \"eq\"|\"ne\"|\"lt\"|\"lte\"|"
                           "\"gt\"|\"gte\"|\"in\"|\"not_in\"|\"contains\"|"
                           "\"starts_with\"|\"ends_with\""));
  }
  filter.op = found->second;
  const auto value = request.QueryParam("filterValue");
  if (!value) return Fail(QueryError("filterValue", "Invalid input: expected string"));
  const bool text_op =
      filter.op == Op::kContains || filter.op == Op::kStartsWith || filter.op == Op::kEndsWith;
  if (numeric && text_op) return Fail(QueryError("filterOperator", "not for createdAt"));
  std::vector<std::string> parts;
  if (filter.op == Op::kIn || filter.op == Op::kNotIn) {
    for (std::size_t start = 0; start <= value->size();) {
      const std::size_t comma = std::min(value->find(',', start), value->size());
      parts.push_back(value->substr(start, comma - start));
      start = comma + 1;
    }
  } else {
    parts.push_back(*value);
  }
  for (const std::string& part : parts) {
    if (!numeric) {
      filter.values.emplace_back(part);
      continue;
    }
    std::int64_t ms = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), ms);
    if (ec != std::errc() || end != part.data() + part.size() || part.empty()) {
      return Fail(QueryError("filterValue", "Invalid input: expected number"));
    }
    filter.values.emplace_back(ms);
  }
  return std::optional<org_store::MemberFilter>(std::move(filter));
}

Result<std::string> MemberAnswer(store::Transaction& tx, const org_store::Member& member) {
  LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, member.user_id));
  if (!user) return MemberJson(member);
  return MemberWithUserJson({member, *user});
}

// Whether removing `roles` from the organization would leave it without owner.
Result<bool> IsLastOwner(store::Transaction& tx, const org_store::Member& member) {
  if (!HasRole(member.role, kOwnerRole)) return false;
  LK_ASSIGN_OR_RETURN(std::int64_t owners, org_store::CountOwners(tx, member.organization_id));
  return owners <= 1;
}

Result<void> AuditMember(store::Transaction& tx, const OrgService& service, const OrgCall& call,
                         std::string_view type, const org_store::Member& target,
                         std::string_view change = {}) {
  return service.Audit(tx, call.request, call.caller, type, target.organization_id, target.user_id,
                       change);
}

}  // namespace

Result<std::string> ParseRoleField(const boost::json::object& body, const OrgAccess& access) {
  const auto* value = body.if_contains("role");
  std::vector<std::string> roles;
  if (value != nullptr && value->is_string()) {
    roles = SplitRoles(value->as_string());
  } else if (value != nullptr && value->is_array()) {
    for (const auto& item : value->as_array()) {
      if (!item.is_string()) return Fail(validation::FieldError("role", "Invalid input"));
      for (std::string& role : SplitRoles(item.as_string())) roles.push_back(std::move(role));
    }
  } else {
    return Fail(validation::FieldError("role", "Invalid input: expected string, received " +
                                                   std::string(http::JsonTypeName(value))));
  }
  if (roles.empty()) return Fail(MakeError(errors::kRoleNotFound));
  std::string unknown;
  for (const std::string& role : roles) {
    if (access.IsRole(role)) continue;
    if (!unknown.empty()) unknown += ", ";
    unknown += role;
  }
  if (!unknown.empty()) {
    Error error = MakeError(errors::kRoleNotFound);
    error.wire_message = "ROLE_NOT_FOUND: " + unknown;
    return Fail(std::move(error));
  }
  return JoinRoles(roles);
}

Result<http::Response> GetActiveMember(store::Transaction& tx, const OrgService&, OrgCall& call) {
  LK_ASSIGN_OR_RETURN(std::string answer, MemberAnswer(tx, call.member));
  return Json(std::move(answer));
}

Result<http::Response> GetActiveMemberRole(store::Transaction& tx, const OrgService&,
                                           OrgCall& call) {
  std::string role = call.member.role;
  if (auto user_id = call.request.QueryParam("userId"); user_id && !user_id->empty()) {
    LK_ASSIGN_OR_RETURN(auto other, org_store::FindMember(tx, call.organization.id, *user_id));
    if (!other) return Fail(MakeError(errors::kNotAMember));
    role = other->role;
  }
  std::string out;
  json::ObjectWriter(out).String("role", role).Close();
  return Json(std::move(out));
}

Result<http::Response> ListMembers(store::Transaction& tx, const OrgService& service,
                                   OrgCall& call) {
  org_store::MemberPage page;
  const std::int64_t cap = service.settings().organization_member_limit;
  LK_ASSIGN_OR_RETURN(page.limit, QueryInt(call.request, "limit", cap, cap));
  LK_ASSIGN_OR_RETURN(page.offset, QueryInt(call.request, "offset", 0, 1'000'000'000));
  LK_ASSIGN_OR_RETURN(page.sort_column, SortColumn(call.request));
  const std::string direction = call.request.QueryParam("sortDirection").value_or("asc");
  if (direction != "asc" && direction != "desc") {
    return Fail(QueryError("sortDirection", "asc or desc"));
  }
  page.descending = direction == "desc";
  LK_ASSIGN_OR_RETURN(page.filter, MemberFilterOf(call.request));
  LK_ASSIGN_OR_RETURN(auto members, org_store::ListMembers(tx, call.organization.id, page));
  LK_ASSIGN_OR_RETURN(std::int64_t total,
                      org_store::CountMembers(tx, call.organization.id, page.filter));
  std::string out;
  json::ObjectWriter(out)
      .Raw("members", JsonArray(members, [](const auto& m) { return MemberWithUserJson(m); }))
      .Int("total", total)
      .Close();
  return Json(std::move(out));
}

Result<http::Response> RemoveMember(store::Transaction& tx, const OrgService& service,
                                    OrgCall& call) {
  LK_ASSIGN_OR_RETURN(std::string who,
                      validation::RequireString(call.body, "memberIdOrEmail", 320));
  std::optional<org_store::Member> target;
  if (who.find('@') != std::string::npos) {
    LK_ASSIGN_OR_RETURN(auto user, users::FindUserByEmail(tx, validation::LowerAscii(who)));
    if (user) {
      LK_ASSIGN_OR_RETURN(target, org_store::FindMember(tx, call.organization.id, user->id));
    }
  } else {
    LK_ASSIGN_OR_RETURN(target, org_store::FindMemberById(tx, who));
  }
  // A member of another organization answers as no member at all (IDOR).
  if (!target || target->organization_id != call.organization.id) {
    return Fail(MakeError(errors::kMemberNotFound));
  }
  if (HasRole(target->role, kOwnerRole)) {
    if (!HasRole(call.member.role, kOwnerRole)) return Fail(MakeError(errors::kOnlyOwner));
    LK_ASSIGN_OR_RETURN(bool last, IsLastOwner(tx, *target));
    if (last) return Fail(MakeError(errors::kOnlyOwner));
  }
  LK_TRY(org_store::DeleteMember(tx, target->id));
  if (target->user_id == call.caller.user.id &&
      OrgService::ActiveOrganizationId(call.caller) == call.organization.id) {
    LK_TRY(service.SetActive(tx, call.caller, std::nullopt));
  }
  LK_TRY(AuditMember(tx, service, call, "organization.member_remove", *target));
  std::string out;
  json::ObjectWriter(out).Raw("member", MemberJson(*target)).Close();
  return Json(std::move(out));
}

Result<http::Response> UpdateMemberRole(store::Transaction& tx, const OrgService& service,
                                        OrgCall& call) {
  LK_ASSIGN_OR_RETURN(std::string member_id, validation::RequireString(call.body, "memberId", 128));
  LK_ASSIGN_OR_RETURN(OrgAccess access, service.AccessIn(tx, call.organization.id));
  LK_ASSIGN_OR_RETURN(std::string roles, ParseRoleField(call.body, access));
  LK_ASSIGN_OR_RETURN(auto target, org_store::FindMemberById(tx, member_id));
  if (!target) return Fail(MakeError(errors::kMemberNotFound));
  if (target->organization_id != call.organization.id) {
    return Fail(MakeError(errors::kNotAllowedUpdateMember));
  }
  // Only an owner grants or changes the owner role (Better Auth's rule).
  const bool caller_owner = HasRole(call.member.role, kOwnerRole);
  if (!caller_owner && (HasRole(target->role, kOwnerRole) || HasRole(roles, kOwnerRole))) {
    return Fail(MakeError(errors::kNotAllowedUpdateMember));
  }
  if (!HasRole(roles, kOwnerRole)) {
    LK_ASSIGN_OR_RETURN(bool last, IsLastOwner(tx, *target));
    if (last) return Fail(MakeError(errors::kWithoutOwner));
  }
  const std::string before = target->role;
  LK_TRY(org_store::SetMemberRole(tx, target->id, roles));
  target->role = roles;
  std::string change;
  json::ObjectWriter(change).String("from", before).String("to", roles).Close();
  LK_TRY(AuditMember(tx, service, call, "organization.member_role", *target, change));
  LK_ASSIGN_OR_RETURN(std::string answer, MemberAnswer(tx, *target));
  return Json(std::move(answer));
}

Result<http::Response> Leave(store::Transaction& tx, const OrgService& service, OrgCall& call) {
  LK_ASSIGN_OR_RETURN(bool last, IsLastOwner(tx, call.member));
  if (last) return Fail(MakeError(errors::kOnlyOwner));
  LK_TRY(org_store::DeleteMember(tx, call.member.id));
  if (OrgService::ActiveOrganizationId(call.caller) == call.organization.id) {
    LK_TRY(service.SetActive(tx, call.caller, std::nullopt));
  }
  LK_TRY(AuditMember(tx, service, call, "organization.member_leave", call.member));
  LK_ASSIGN_OR_RETURN(std::string answer, MemberAnswer(tx, call.member));
  return Json(std::move(answer));
}

Result<http::Response> HasPermission(store::Transaction& tx, const OrgService& service,
                                     OrgCall& call) {
  const auto* value = call.body.if_contains("permissions");
  if (value == nullptr) value = call.body.if_contains("permission");  // deprecated name
  if (value == nullptr || !value->is_object()) {
    return Fail(validation::FieldError("permissions", "Invalid input: expected record"));
  }
  Statements wanted;
  for (const auto& [resource, actions] : value->as_object()) {
    if (!actions.is_array()) {
      return Fail(validation::FieldError("permissions", "Invalid input: expected array"));
    }
    auto& into = wanted[std::string(resource)];
    for (const auto& action : actions.as_array()) {
      if (!action.is_string()) {
        return Fail(validation::FieldError("permissions", "Invalid input: expected string"));
      }
      into.insert(std::string(action.as_string()));
    }
  }
  LK_ASSIGN_OR_RETURN(OrgAccess access, service.AccessIn(tx, call.organization.id));
  const bool success = access.Allows(call.member.role, wanted);
  return Json(success ? R"({"error":null,"success":true})" : R"({"error":null,"success":false})");
}

}  // namespace latchkey::organizations

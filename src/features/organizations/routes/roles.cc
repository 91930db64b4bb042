// Better Auth's dynamic access control (docs/organizations.md "Dynamic
// roles"), with organization_dynamic_roles on: create-role, update-role,
// delete-role, list-roles and get-role, each organization-scoped (the
// organization guard checked the caller's `ac` permission). A role can grant
// only what its author holds, and names stay apart from the configured roles.
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/random.h"
#include "features/common/validation.h"
#include "features/organizations/org_json.h"
#include "features/organizations/organizations_errors.h"
#include "features/organizations/role_store.h"
#include "features/organizations/routes/org_routes.h"
#include "http/body.h"

namespace latchkey::organizations {
namespace {

constexpr std::size_t kMaxRoleName = 64;

// Better Auth lower-cases role names; a comma would split the stored role
// lists. Errors: VALIDATION_ERROR.
Result<std::string> RoleName(std::string_view key, std::string_view raw) {
  std::string name = validation::LowerAscii(raw);
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  if (name.empty() || name.find(',') != std::string::npos || blank(name.front()) ||
      blank(name.back())) {
    return Fail(validation::FieldError(key, "Use a non-empty name without commas"));
  }
  return name;
}

// The body's `permission`: {"resource":["action",…]}, every pair a known
// statement the caller's roles grant; answered as the JSON text given (its
// order kept, as Better Auth stores it). Errors: VALIDATION_ERROR,
// INVALID_RESOURCE, `denied`.
Result<std::string> Permission(store::Transaction& tx, const OrgService& service,
                               const OrgCall& call, const boost::json::object& body,
                               const ErrorInfo& denied) {
  const auto* value = body.if_contains("permission");
  std::optional<Statements> statements;
  if (value != nullptr) statements = StatementsFromJson(*value);
  if (!statements)
    return Fail(validation::FieldError("permission", "Invalid input: expected record"));
  if (!UnknownStatement(*statements).empty()) return Fail(MakeError(errors::kInvalidResource));
  LK_ASSIGN_OR_RETURN(OrgAccess access, service.AccessIn(tx, call.organization.id));
  for (const auto& [resource, actions] : *statements) {
    for (const std::string& action : actions) {
      if (!access.Allows(call.member.role, resource, action)) return Fail(MakeError(denied));
    }
  }
  return boost::json::serialize(*value);
}

// The name must be neither a configured role nor another of the
// organization's. Errors: ROLE_NAME_IS_ALREADY_TAKEN.
Result<void> NameFree(store::Transaction& tx, const OrgService& service, const OrgCall& call,
                      std::string_view name) {
  if (service.access().IsRole(name)) return Fail(MakeError(errors::kRoleNameTaken));
  LK_ASSIGN_OR_RETURN(auto taken, org_store::FindRole(tx, call.organization.id, name, false));
  if (taken) return Fail(MakeError(errors::kRoleNameTaken));
  return {};
}

// The role `roleName` or `roleId` (body of a POST, query of a GET) names,
// in the call's organization. Errors: VALIDATION_ERROR (naming neither),
// ROLE_NOT_FOUND.
Result<org_store::OrgRole> NamedRole(store::Transaction& tx, const OrgCall& call) {
  std::string name;
  std::string id;
  if (call.request.method == http::Method::kGet) {
    name = call.request.QueryParam("roleName").value_or("");
    id = call.request.QueryParam("roleId").value_or("");
  } else {
    LK_ASSIGN_OR_RETURN(auto body_name,
                        validation::OptionalString(call.body, "roleName", kMaxRoleName));
    LK_ASSIGN_OR_RETURN(auto body_id, validation::OptionalString(call.body, "roleId", 128));
    name = body_name.value_or("");
    id = body_id.value_or("");
  }
  // Better Auth's schema wants one of them, non-empty.
  if (name.empty() && id.empty()) {
    return Fail(validation::FieldError("roleName", "Invalid input: expected roleName or roleId"));
  }
  const bool by_id = name.empty();
  LK_ASSIGN_OR_RETURN(auto role,
                      org_store::FindRole(tx, call.organization.id, by_id ? id : name, by_id));
  if (!role) return Fail(MakeError(errors::kRoleNotFound));
  return std::move(*role);
}

std::string RoleJson(const org_store::OrgRole& role) {
  std::string out;
  json::ObjectWriter writer(out);
  writer.String("id", role.id)
      .String("organizationId", role.organization_id)
      .String("role", role.role)
      .Raw("permission", role.permission)
      .String("createdAt", FormatIsoTime(role.created_at));
  if (role.updated_at) {
    writer.String("updatedAt", FormatIsoTime(*role.updated_at));
  } else {
    writer.Raw("updatedAt", "null");
  }
  writer.Close();
  return out;
}

Result<void> AuditRole(store::Transaction& tx, const OrgService& service, const OrgCall& call,
                       std::string_view type, const org_store::OrgRole& role) {
  std::string change;
  json::ObjectWriter(change).String("role_id", role.id).String("role", role.role).Close();
  return service.Audit(tx, call.request, call.caller, type, call.organization.id, {}, change);
}

}  // namespace

Result<http::Response> CreateRole(store::Transaction& tx, const OrgService& service,
                                  OrgCall& call) {
  LK_ASSIGN_OR_RETURN(std::string raw, validation::RequireString(call.body, "role", kMaxRoleName));
  LK_ASSIGN_OR_RETURN(std::string name, RoleName("role", raw));
  if (service.access().IsRole(name)) return Fail(MakeError(errors::kRoleNameTaken));
  const std::int64_t limit = service.settings().organization_role_limit;
  if (limit > 0) {
    LK_ASSIGN_OR_RETURN(auto roles, org_store::ListRoles(tx, call.organization.id));
    if (static_cast<std::int64_t>(roles.size()) >= limit) {
      return Fail(MakeError(errors::kTooManyRoles));
    }
  }
  LK_ASSIGN_OR_RETURN(std::string permission,
                      Permission(tx, service, call, call.body, errors::kNotAllowedCreateRole));
  LK_TRY(NameFree(tx, service, call, name));
  org_store::OrgRole role{.id = crypto::RandomAlnum(32),
                          .organization_id = call.organization.id,
                          .role = name,
                          .permission = std::move(permission),
                          .created_at = service.Now()};
  LK_TRY(org_store::CreateRole(tx, role));
  LK_TRY(AuditRole(tx, service, call, "organization.role_create", role));
  std::string out;
  json::ObjectWriter(out)
      .Bool("success", true)
      .Raw("roleData", RoleJson(role))
      .Raw("statements", role.permission)
      .Close();
  return Json(std::move(out));
}

Result<http::Response> UpdateRole(store::Transaction& tx, const OrgService& service,
                                  OrgCall& call) {
  const auto* data_value = call.body.if_contains("data");
  if (data_value == nullptr || !data_value->is_object()) {
    return Fail(validation::FieldError("data", "Invalid input: expected object, received " +
                                                   std::string(http::JsonTypeName(data_value))));
  }
  const boost::json::object& data = data_value->as_object();
  LK_ASSIGN_OR_RETURN(org_store::OrgRole role, NamedRole(tx, call));
  if (data.contains("permission")) {
    LK_ASSIGN_OR_RETURN(role.permission,
                        Permission(tx, service, call, data, errors::kNotAllowedUpdateRole));
  }
  LK_ASSIGN_OR_RETURN(auto renamed, validation::OptionalString(data, "roleName", kMaxRoleName));
  if (renamed) {
    LK_ASSIGN_OR_RETURN(std::string name, RoleName("roleName", *renamed));
    if (name != role.role) {
      LK_TRY(NameFree(tx, service, call, name));
      role.role = name;
    }
  }
  role.updated_at = service.Now();
  LK_TRY(org_store::UpdateRole(tx, role));
  LK_TRY(AuditRole(tx, service, call, "organization.role_update", role));
  std::string out;
  json::ObjectWriter(out).Bool("success", true).Raw("roleData", RoleJson(role)).Close();
  return Json(std::move(out));
}

Result<http::Response> DeleteRole(store::Transaction& tx, const OrgService& service,
                                  OrgCall& call) {
  LK_ASSIGN_OR_RETURN(auto name, validation::OptionalString(call.body, "roleName", kMaxRoleName));
  if (name && service.access().IsRole(*name)) {
    return Fail(MakeError(errors::kCannotDeletePredefined));
  }
  LK_ASSIGN_OR_RETURN(org_store::OrgRole role, NamedRole(tx, call));
  LK_ASSIGN_OR_RETURN(bool assigned, org_store::RoleAssigned(tx, call.organization.id, role.role));
  if (assigned) return Fail(MakeError(errors::kRoleAssigned));
  LK_TRY(org_store::DeleteRole(tx, role.id));
  LK_TRY(AuditRole(tx, service, call, "organization.role_delete", role));
  return Json(R"({"success":true})");
}

Result<http::Response> ListRoles(store::Transaction& tx, const OrgService&, OrgCall& call) {
  LK_ASSIGN_OR_RETURN(auto roles, org_store::ListRoles(tx, call.organization.id));
  return Json(JsonArray(roles, [](const auto& role) { return RoleJson(role); }));
}

Result<http::Response> GetRole(store::Transaction& tx, const OrgService&, OrgCall& call) {
  LK_ASSIGN_OR_RETURN(org_store::OrgRole role, NamedRole(tx, call));
  return Json(RoleJson(role));
}

}  // namespace latchkey::organizations

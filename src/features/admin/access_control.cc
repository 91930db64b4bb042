#include "features/admin/access_control.h"

#include "features/admin/admin_errors.h"
#include "features/common/access_statements.h"

namespace latchkey::admin {
namespace {

Error RolesError(const std::string& detail) {
  Error error = MakeError(errors::kInvalidAdminRoles, detail);
  error.wire_message = "admin_roles: " + detail;
  return error;
}

}  // namespace

const Statements& KnownStatements() {
  static const Statements kKnown = {
      {"user",
       {"create", "list", "get", "update", "set-role", "ban", "impersonate", "impersonate-admins",
        "delete", "set-password", "set-email", "set-phone", "reset-two-factor",
        "resend-verification", "unlock"}},
      {"session", {"list", "revoke", "delete"}},
      {"audit", {"read", "export"}},
      {"billing", {"read", "update"}},
      {"metrics", {"read"}},
      {"oauth_clients", {"create", "list", "update", "delete", "rotate-secret"}},
      {"webhooks", {"read", "replay"}},
  };
  return kKnown;
}

Result<AccessControl> AccessControl::Build(const std::vector<std::string>& custom) {
  AccessControl control;
  Statements everything = KnownStatements();
  // Better Auth's admin role: all but impersonating other admins.
  everything["user"].erase("impersonate-admins");
  control.roles_["admin"] = std::move(everything);
  control.roles_["user"] = {};
  control.roles_["support"] = {{"user", {"list", "get", "resend-verification", "unlock"}},
                               {"session", {"list", "revoke"}},
                               {"audit", {"read"}}};
  control.roles_["billing_admin"] = {{"user", {"list", "get"}}, {"billing", {"read", "update"}}};
  for (const std::string& definition : custom) {
    auto role = access::ParseRoleDefinition(definition, KnownStatements());
    if (!role) return Fail(RolesError(role.error().detail));
    control.roles_[role->first] = std::move(role->second);
  }
  return control;
}

bool AccessControl::Allows(std::string_view roles, std::string_view resource,
                           std::string_view action) const {
  for (const std::string& role : SplitRoles(roles)) {
    auto found = roles_.find(role);
    if (found == roles_.end()) continue;
    auto actions = found->second.find(resource);
    if (actions != found->second.end() && actions->second.contains(std::string(action))) {
      return true;
    }
  }
  return false;
}

bool AccessControl::AllowsPermission(std::string_view roles, std::string_view permission) const {
  const auto colon = permission.find(':');
  if (colon == std::string_view::npos) return false;
  return Allows(roles, permission.substr(0, colon), permission.substr(colon + 1));
}

std::vector<std::string> AccessControl::RoleNames() const {
  std::vector<std::string> names;
  for (const auto& [name, statements] : roles_) names.push_back(name);
  return names;
}

const Statements* AccessControl::Role(std::string_view name) const {
  auto found = roles_.find(name);
  return found == roles_.end() ? nullptr : &found->second;
}

std::vector<std::string> SplitRoles(std::string_view roles) { return access::SplitRoles(roles); }

}  // namespace latchkey::admin

#include "features/admin/access_control.h"

#include "features/admin/admin_errors.h"

namespace latchkey::admin {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const auto at = s.find(separator);
    parts.push_back(Trim(s.substr(0, at)));
    if (at == std::string_view::npos) break;
    s.remove_prefix(at + 1);
  }
  return parts;
}

Error RolesError(const std::string& detail) {
  Error error = MakeError(errors::kInvalidAdminRoles, detail);
  error.wire_message = "admin_roles: " + detail;
  return error;
}

// "resource:action|action;resource:action" → statements, every one known.
Result<Statements> ParseStatements(std::string_view text) {
  Statements out;
  for (std::string_view statement : Split(text, ';')) {
    if (statement.empty()) continue;
    const auto colon = statement.find(':');
    if (colon == std::string_view::npos) {
      return Fail(RolesError("'" + std::string(statement) + "' is not resource:actions"));
    }
    const std::string_view resource = Trim(statement.substr(0, colon));
    auto known = KnownStatements().find(resource);
    if (known == KnownStatements().end()) {
      return Fail(RolesError("unknown resource '" + std::string(resource) + "'"));
    }
    for (std::string_view action : Split(statement.substr(colon + 1), '|')) {
      if (!known->second.contains(std::string(action))) {
        return Fail(RolesError("unknown action '" + std::string(resource) + ":" +
                               std::string(action) + "'"));
      }
      out[std::string(resource)].insert(std::string(action));
    }
  }
  return out;
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
    const auto equals = definition.find('=');
    const std::string_view name = Trim(std::string_view(definition).substr(0, equals));
    if (equals == std::string::npos || name.empty() ||
        name.find_first_of(", ") != std::string_view::npos) {
      return Fail(RolesError("'" + definition + "' is not name=resource:actions"));
    }
    LK_ASSIGN_OR_RETURN(Statements statements,
                        ParseStatements(std::string_view(definition).substr(equals + 1)));
    control.roles_[std::string(name)] = std::move(statements);
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

std::vector<std::string> SplitRoles(std::string_view roles) {
  std::vector<std::string> out;
  for (std::string_view role : Split(roles, ',')) {
    if (!role.empty()) out.emplace_back(role);
  }
  return out;
}

}  // namespace latchkey::admin

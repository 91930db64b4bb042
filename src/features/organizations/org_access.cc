#include "features/organizations/org_access.h"

#include <boost/json.hpp>

#include "features/common/access_statements.h"
#include "features/organizations/organizations_errors.h"

namespace latchkey::organizations {
namespace {

Error RolesError(const std::string& detail) {
  Error error = MakeError(errors::kInvalidRoles, detail);
  error.wire_message = "organization_roles: " + detail;
  return error;
}

bool Grants(const Statements& role, const Statements& wanted) {
  for (const auto& [resource, actions] : wanted) {
    auto it = role.find(resource);
    if (it == role.end()) return false;
    for (const std::string& action : actions) {
      if (!it->second.contains(action)) return false;
    }
  }
  return true;
}

}  // namespace

const Statements& KnownStatements() {
  static const Statements kKnown = {
      {"organization", {"update", "delete"}},         {"member", {"create", "update", "delete"}},
      {"invitation", {"create", "cancel"}},           {"team", {"create", "update", "delete"}},
      {"ac", {"create", "read", "update", "delete"}},
  };
  return kKnown;
}

Result<OrgAccess> OrgAccess::Build(const std::vector<std::string>& custom) {
  OrgAccess access;
  Statements owner = KnownStatements();
  Statements admin = owner;
  admin["organization"] = {"update"};
  access.roles_["owner"] = std::move(owner);
  access.roles_["admin"] = std::move(admin);
  access.roles_["member"] = Statements{{"ac", {"read"}}};
  for (const std::string& definition : custom) {
    auto role = access::ParseRoleDefinition(definition, KnownStatements());
    if (!role) return Fail(RolesError(role.error().detail));
    access.roles_[role->first] = std::move(role->second);
  }
  return access;
}

OrgAccess OrgAccess::With(const std::map<std::string, Statements, std::less<>>& extra) const {
  OrgAccess out = *this;
  for (const auto& [name, statements] : extra) {
    Statements& into = out.roles_[name];
    for (const auto& [resource, actions] : statements)
      into[resource].insert(actions.begin(), actions.end());
  }
  return out;
}

bool OrgAccess::Allows(std::string_view roles, const Statements& wanted) const {
  if (wanted.empty()) return false;
  for (const std::string& role : SplitRoles(roles)) {
    auto it = roles_.find(role);
    if (it != roles_.end() && Grants(it->second, wanted)) return true;
  }
  return false;
}

std::optional<Statements> StatementsFromJson(const boost::json::value& value) {
  if (!value.is_object()) return std::nullopt;
  Statements out;
  for (const auto& [resource, actions] : value.as_object()) {
    if (!actions.is_array()) return std::nullopt;
    auto& into = out[std::string(resource)];
    for (const auto& action : actions.as_array()) {
      if (!action.is_string()) return std::nullopt;
      into.insert(std::string(action.as_string()));
    }
  }
  return out;
}

std::string UnknownStatement(const Statements& statements) {
  const Statements& known = KnownStatements();
  for (const auto& [resource, actions] : statements) {
    auto it = known.find(resource);
    for (const std::string& action : actions) {
      if (it == known.end() || !it->second.contains(action)) return resource + ":" + action;
    }
    if (it == known.end()) return resource;
  }
  return {};
}

std::vector<std::string> SplitRoles(std::string_view roles) { return access::SplitRoles(roles); }

std::string JoinRoles(const std::vector<std::string>& roles) {
  std::string out;
  for (const std::string& role : roles) {
    if (!out.empty()) out += ',';
    out += role;
  }
  return out;
}

bool HasRole(std::string_view roles, std::string_view role) {
  for (const std::string& item : SplitRoles(roles)) {
    if (item == role) return true;
  }
  return false;
}

}  // namespace latchkey::organizations

#include "features/organizations/org_access.h"

#include <boost/json.hpp>

#include "features/organizations/organizations_errors.h"

namespace latchkey::organizations {
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
  Error error = MakeError(errors::kInvalidRoles, detail);
  error.wire_message = "organization_roles: " + detail;
  return error;
}

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
      if (!known->second.contains(action)) {
        return Fail(RolesError("unknown action '" + std::string(resource) + ":" +
                               std::string(action) + "'"));
      }
      out[std::string(resource)].insert(std::string(action));
    }
  }
  return out;
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
    const auto equals = definition.find('=');
    if (equals == std::string::npos) {
      return Fail(RolesError("'" + definition + "' is not name=statements"));
    }
    const std::string name(Trim(std::string_view(definition).substr(0, equals)));
    if (name.empty() || name.find(',') != std::string::npos) {
      return Fail(RolesError("bad role name in '" + definition + "'"));
    }
    LK_ASSIGN_OR_RETURN(Statements statements,
                        ParseStatements(std::string_view(definition).substr(equals + 1)));
    access.roles_[name] = std::move(statements);
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

std::vector<std::string> SplitRoles(std::string_view roles) {
  std::vector<std::string> out;
  for (std::string_view part : Split(roles, ',')) {
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

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

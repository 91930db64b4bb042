#include "features/common/access_statements.h"

namespace latchkey::access {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Trimmed parts, empty ones kept (a caller decides what an empty part means).
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

Error Invalid(std::string detail) {
  return Error{.kind = ErrorKind::kInvalidArgument, .detail = std::move(detail)};
}

}  // namespace

std::vector<std::string> SplitRoles(std::string_view roles) {
  std::vector<std::string> out;
  for (std::string_view role : Split(roles, ',')) {
    if (!role.empty()) out.emplace_back(role);
  }
  return out;
}

Result<std::pair<std::string, Statements>> ParseRoleDefinition(std::string_view definition,
                                                               const Statements& known) {
  const auto equals = definition.find('=');
  const std::string_view name = Trim(definition.substr(0, equals));
  if (equals == std::string_view::npos || name.empty() ||
      name.find_first_of(", ") != std::string_view::npos) {
    return Fail(Invalid("'" + std::string(definition) + "' is not name=resource:actions"));
  }
  Statements out;
  for (std::string_view statement : Split(definition.substr(equals + 1), ';')) {
    if (statement.empty()) continue;
    const auto colon = statement.find(':');
    if (colon == std::string_view::npos) {
      return Fail(Invalid("'" + std::string(statement) + "' is not resource:actions"));
    }
    const std::string_view resource = Trim(statement.substr(0, colon));
    const auto actions = known.find(resource);
    if (actions == known.end()) {
      return Fail(Invalid("unknown resource '" + std::string(resource) + "'"));
    }
    for (std::string_view action : Split(statement.substr(colon + 1), '|')) {
      if (!actions->second.contains(action)) {
        return Fail(
            Invalid("unknown action '" + std::string(resource) + ":" + std::string(action) + "'"));
      }
      out[std::string(resource)].insert(std::string(action));
    }
  }
  return std::pair<std::string, Statements>(std::string(name), std::move(out));
}

}  // namespace latchkey::access

#include "features/admin/routes/admin_common.h"

#include <boost/json.hpp>

#include "core/json_writer.h"
#include "features/admin/admin_errors.h"
#include "features/admin/routes/admin_routes.h"
#include "features/audit/audit.h"
#include "features/common/validation.h"

namespace latchkey::admin {

Result<void> Audit(store::Transaction& tx, const AdminService& service,
                   const http::Request& request, const sessions::SessionWithUser& caller,
                   std::string_view type, std::string_view target, std::string_view details) {
  std::string wrapped;
  json::ObjectWriter(wrapped).String("target_user_id", target).Raw("change", details).Close();
  return audit::RecordInTransaction(tx, service.deps().services.clock, request,
                                    {.type = type,
                                     .outcome = audit::kSuccess,
                                     .user_id = caller.user.id,
                                     .session_id = caller.session.id,
                                     .target_user_id = std::string(target),
                                     .details_json = wrapped});
}

Result<http::Response> UserAnswer(store::Transaction& tx, const AdminService& service,
                                  std::string_view user_id) {
  LK_ASSIGN_OR_RETURN(std::string user, UserJsonById(tx, service, user_id));
  std::string body;
  json::ObjectWriter(body).Raw("user", user).Close();
  return http::Response::Json(std::move(body));
}

Result<std::string> RequireUserId(const boost::json::object& body) {
  return validation::RequireString(body, "userId", 128);
}

// role: "a" or ["a","b"] → "a,b", every one a known role.
Result<std::string> ParseRoles(const boost::json::value* value, const AccessControl& access) {
  std::vector<std::string> roles;
  if (value != nullptr && value->is_string()) {
    roles = SplitRoles(value->as_string());
  } else if (value != nullptr && value->is_array()) {
    for (const auto& item : value->as_array()) {
      if (!item.is_string()) return Fail(MakeError(errors::kInvalidRoleType));
      for (std::string& role : SplitRoles(item.as_string())) roles.push_back(std::move(role));
    }
  } else if (value == nullptr) {
    return Fail(validation::FieldError("role", "Invalid input: expected string"));
  } else {
    return Fail(MakeError(errors::kInvalidRoleType));
  }
  if (roles.empty()) return Fail(MakeError(errors::kInvalidRoleType));
  std::string joined;
  for (const std::string& role : roles) {
    if (!access.IsRole(role)) return Fail(MakeError(errors::kNonExistentRole, role));
    if (!joined.empty()) joined += ',';
    joined += role;
  }
  return joined;
}

bool HoldsAdmin(std::string_view roles) {
  for (const std::string& role : SplitRoles(roles)) {
    if (role == "admin") return true;
  }
  return false;
}

}  // namespace latchkey::admin

// What the admin route handlers share (docs/api.md "Administration"): the
// one audit event every change records, the wrapped user answer, userId.
#ifndef LK_FEATURES_ADMIN_ROUTES_ADMIN_COMMON_H_
#define LK_FEATURES_ADMIN_ROUTES_ADMIN_COMMON_H_

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "features/admin/admin_service.h"
#include "http/request.h"
#include "http/response.h"
#include "store/store.h"

namespace latchkey::admin {

// The change's audit event, in its transaction: the caller is the actor,
// `target` whom it was done to, `details` a JSON object (never a secret).
Result<void> Audit(store::Transaction& tx, const AdminService& service,
                   const http::Request& request, const sessions::SessionWithUser& caller,
                   std::string_view type, std::string_view target, std::string_view details);

// 200 {"user":{…}} with the fields features add. Errors: USER_NOT_FOUND.
Result<http::Response> UserAnswer(store::Transaction& tx, const AdminService& service,
                                  std::string_view user_id);

// Errors: VALIDATION_ERROR when `userId` is missing, not a string or too long.
Result<std::string> RequireUserId(const boost::json::object& body);

// A `role` value: "a", "a,b" or ["a","b"] → "a,b", every one a known role
// (null `value`: absent). Errors: VALIDATION_ERROR when absent,
// INVALID_ROLE_TYPE, YOU_ARE_NOT_ALLOWED_TO_SET_NON_EXISTENT_VALUE.
Result<std::string> ParseRoles(const boost::json::value* value, const AccessControl& access);
// Whether the comma list holds `admin`.
bool HoldsAdmin(std::string_view roles);

}  // namespace latchkey::admin

#endif  // LK_FEATURES_ADMIN_ROUTES_ADMIN_COMMON_H_

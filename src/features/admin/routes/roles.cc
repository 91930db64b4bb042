// set-role, ban-user, unban-user and has-permission (docs/api.md
// "Administration"). Every change is one transaction with its audit event;
// a ban ends every session of the user at once (their WebSockets close with
// them: the sessions feature announces the deletions).
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "features/admin/admin_errors.h"
#include "features/admin/routes/admin_common.h"
#include "features/admin/routes/admin_routes.h"
#include "features/audit/audit.h"
#include "features/common/validation.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::admin {

Result<http::Response> SetRole(const http::Request& request, const AdminService& service,
                               const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string user_id, RequireUserId(body));
  LK_ASSIGN_OR_RETURN(std::string roles, ParseRoles(body.if_contains("role"), service.access()));
  const TimeMs now = service.Now();
  return store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, user_id));
        if (!user) return Fail(MakeError(errors::kUserNotFound));
        LK_ASSIGN_OR_RETURN(AdminState before,
                            admin_store::Load(tx, user_id, service.default_role()));
        // The platform keeps one admin at least (the check counts inside
        // the transaction that would remove the last one).
        if (HoldsAdmin(before.role) && !HoldsAdmin(roles)) {
          LK_ASSIGN_OR_RETURN(std::int64_t admins, admin_store::CountAdmins(tx));
          if (admins <= 1) return Fail(MakeError(errors::kLastAdmin));
        }
        LK_TRY(admin_store::SetRole(tx, user_id, roles, service.default_role(), now));
        LK_TRY(service.deps().sessions.InvalidateUser(tx, user_id));
        std::string details;
        json::ObjectWriter(details).String("from", before.role).String("to", roles).Close();
        LK_TRY(Audit(tx, service, request, caller, "admin.set_role", user_id, details));
        return UserAnswer(tx, service, user_id);
      });
}

Result<http::Response> BanUser(const http::Request& request, const AdminService& service,
                               const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string user_id, RequireUserId(body));
  LK_ASSIGN_OR_RETURN(auto reason, validation::OptionalString(body, "banReason", 1024));
  std::optional<TimeMs> expires;
  if (const auto* in = body.if_contains("banExpiresIn"); in != nullptr && !in->is_null()) {
    if (!in->is_number() || in->to_number<double>() <= 0 || in->to_number<double>() > 3.2e9) {
      return Fail(validation::FieldError("banExpiresIn", "Invalid input: expected number"));
    }
    expires = service.Now() + static_cast<TimeMs>(in->to_number<double>() * 1000);
  }
  if (user_id == caller.user.id) return Fail(MakeError(errors::kCannotBanYourself));
  const TimeMs now = service.Now();
  return store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, user_id));
        if (!user) return Fail(MakeError(errors::kUserNotFound));
        const std::string why = reason.value_or("No reason");
        LK_TRY(admin_store::Ban(tx, user_id, why, expires, service.default_role(), now));
        // Every session ends now, on every node (and the WebSockets on them).
        LK_ASSIGN_OR_RETURN(std::int64_t ended,
                            service.deps().sessions.DeleteUserSessions(tx, user_id, ""));
        LK_TRY(service.deps().hooks.RunSessionsRevoked(tx, user_id));
        LK_TRY(service.deps().sessions.InvalidateUser(tx, user_id));
        std::string details;
        json::ObjectWriter writer(details);
        writer.String("reason", why).Int("sessions_ended", ended);
        if (expires) writer.String("expires", FormatIsoTime(*expires));
        writer.Close();
        LK_TRY(Audit(tx, service, request, caller, "admin.ban", user_id, details));
        return UserAnswer(tx, service, user_id);
      });
}

Result<http::Response> UnbanUser(const http::Request& request, const AdminService& service,
                                 const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string user_id, RequireUserId(body));
  return store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, user_id));
        if (!user) return Fail(MakeError(errors::kUserNotFound));
        LK_TRY(admin_store::Unban(tx, user_id, service.Now()));
        LK_TRY(service.deps().sessions.InvalidateUser(tx, user_id));
        LK_TRY(Audit(tx, service, request, caller, "admin.unban", user_id, "{}"));
        return UserAnswer(tx, service, user_id);
      });
}

Result<http::Response> HasPermission(const http::Request& request, const AdminService& service,
                                     const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  const auto* permissions = body.if_contains("permissions");
  if (permissions == nullptr) permissions = body.if_contains("permission");
  if (permissions == nullptr || !permissions->is_object()) {
    return Fail(validation::FieldError("permissions", "Invalid input: expected object"));
  }
  // Whose permissions: a role asked for, else the caller's roles.
  std::string roles;
  if (const auto* role = body.if_contains("role"); role != nullptr && role->is_string()) {
    roles = role->as_string();
  } else {
    LK_ASSIGN_OR_RETURN(AdminState state, service.StateOf(caller.user.id));
    roles = state.role;
  }
  bool allowed = true;
  for (const auto& [resource, actions] : permissions->as_object()) {
    if (!actions.is_array()) {
      return Fail(validation::FieldError("permissions", "Invalid input: expected array"));
    }
    for (const auto& action : actions.as_array()) {
      if (!action.is_string() ||
          !service.access().Allows(roles, resource, std::string_view(action.as_string()))) {
        allowed = false;
      }
    }
  }
  return http::Response::Json(allowed ? R"({"error":null,"success":true})"
                                      : R"({"error":null,"success":false})");
}

}  // namespace latchkey::admin

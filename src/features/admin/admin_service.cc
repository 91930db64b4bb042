#include "features/admin/admin_service.h"

#include <algorithm>

#include "core/json_writer.h"
#include "features/admin/admin_errors.h"
#include "features/admin/impersonation_store.h"
#include "features/audit/audit.h"

namespace latchkey::admin {

Error BannedError() {
  Error error = MakeError(errors::kBannedUser);
  error.wire_message =
      "You have been banned from this application. Please contact support if you believe this "
      "is an error.";
  return error;
}

Result<void> AdminService::Init() {
  LK_ASSIGN_OR_RETURN(AccessControl access, AccessControl::Build(deps_.settings.admin_roles));
  if (!access.IsRole(deps_.settings.admin_default_role)) {
    return Fail(MakeError(errors::kInvalidAdminRoles, "admin_default_role names no role: " +
                                                          deps_.settings.admin_default_role));
  }
  access_ = std::move(access);
  return {};
}

Result<AdminState> AdminService::StateOf(std::string_view user_id) const {
  return store::InReadTransaction(deps_.services.store, [&](store::Transaction& tx) {
    return admin_store::Load(tx, user_id, default_role());
  });
}

Result<void> AdminService::Authorize(const platform::Principal& principal,
                                     std::string_view permission) const {
  // In an impersonation session the impersonated user acts, not the admin:
  // no administration from there, whatever the user's role (Better Auth
  // would check the impersonated user's role instead).
  if (ImpersonatorOf(principal.session())) {
    return Fail(MakeError(errors::kImpersonating, "impersonation session"));
  }
  LK_ASSIGN_OR_RETURN(AdminState state, StateOf(principal.user().id));
  if (!access_->AllowsPermission(state.role, permission)) {
    return Fail(MakeError(errors::ForbiddenFor(permission), "role " + state.role));
  }
  // An admin who turned two-factor on administers only from a session that
  // passed a second factor (a code, or a passkey with user verification):
  // a stolen password, or a trusted-device cookie, is not enough.
  const auto& fields = principal.user().extra_fields;
  const bool two_factor_on =
      std::find(fields.begin(), fields.end(),
                std::pair<std::string, std::string>("twoFactorEnabled", "true")) != fields.end();
  if (two_factor_on && !sessions::HasAmr(principal.session(), "mfa")) {
    return Fail(MakeError(errors::kSecondFactorRequired, "session amr lacks mfa"));
  }
  return {};
}

std::optional<std::string> AdminService::ImpersonatorOf(const sessions::Session& session) {
  for (const auto& [name, value] : session.extra_fields) {
    // The value is a JSON string of an id (alphanumeric): strip the quotes.
    if (name == "impersonatedBy" && value.size() > 2 && value.front() == '"') {
      return value.substr(1, value.size() - 2);
    }
  }
  return std::nullopt;
}

Result<void> AdminService::AddSessionFields(store::Transaction& tx,
                                            sessions::SessionWithUser& found) const {
  if (found.session.from_api_key) return {};
  LK_ASSIGN_OR_RETURN(auto impersonation, impersonation_store::Find(tx, found.session.id));
  if (!impersonation) return {};
  std::string by;
  json::AppendString(by, impersonation->admin_user_id);
  found.session.extra_fields.emplace_back("impersonatedBy", std::move(by));
  return {};
}

Result<void> AdminService::EndImpersonationsBy(store::Transaction& tx,
                                               const std::string& admin_user_id) const {
  LK_ASSIGN_OR_RETURN(auto started, impersonation_store::SessionsStartedBy(tx, admin_user_id));
  for (const std::string& session_id : started) {
    LK_TRY(deps_.sessions.DeleteSession(tx, session_id));
    LK_TRY(deps_.sessions.InvalidateSession(tx, session_id));
  }
  return {};
}

Result<void> AdminService::Require(const sessions::SessionWithUser& caller,
                                   std::string_view permission) const {
  LK_ASSIGN_OR_RETURN(AdminState state, StateOf(caller.user.id));
  if (access_->AllowsPermission(state.role, permission)) return {};
  return Fail(MakeError(errors::ForbiddenFor(permission), "role " + state.role));
}

Result<std::optional<http::Response>> AdminService::RefuseBanned(
    const platform::SignInEvent& event) const {
  LK_ASSIGN_OR_RETURN(AdminState state, StateOf(event.user.id));
  if (!state.banned) return std::optional<http::Response>();
  const TimeMs now = Now();
  if (state.ban_expires && *state.ban_expires <= now) {
    // An expired ban lifts itself at the next sign-in (Better Auth's rule).
    LK_TRY(store::InTransaction(deps_.services.store, [&](store::Transaction& tx) -> Result<void> {
      LK_TRY(admin_store::Unban(tx, event.user.id, now));
      LK_TRY(deps_.sessions.InvalidateUser(tx, event.user.id));
      return audit::RecordInTransaction(
          tx, deps_.services.clock, event.request,
          {.type = "admin.ban_expired", .outcome = audit::kSuccess, .user_id = event.user.id});
    }));
    return std::optional<http::Response>();
  }
  std::string details;
  json::ObjectWriter(details).String("method", event.method).String("reason", "banned").Close();
  LK_TRY(audit::RecordStandalone(deps_.services.store, deps_.services.clock, event.request,
                                 {.type = "user.sign_in",
                                  .outcome = audit::kFailure,
                                  .user_id = event.user.id,
                                  .details_json = details}));
  return Fail(BannedError());
}

Result<void> AdminService::RefuseAdminFields(const platform::SignUpEvent& event) const {
  for (std::string_view field : {"role", "banned", "banReason", "banExpires"}) {
    if (event.body.contains(field)) {
      return Fail(MakeError(errors::kFieldNotAllowed, std::string(field)));
    }
  }
  return {};
}

Result<void> AdminService::RefuseAdminFieldsOnUpdate(const platform::UserUpdateEvent& event) const {
  // Better Auth refuses a truthy value only (its input: false fields).
  for (std::string_view field : {"role", "banned", "banReason", "banExpires"}) {
    const auto* value = event.body.if_contains(field);
    if (value == nullptr || value->is_null() || (value->is_bool() && !value->as_bool()) ||
        (value->is_string() && value->as_string().empty()) ||
        (value->is_number() && value->to_number<double>() == 0)) {
      continue;
    }
    Error error = MakeError(errors::kFieldNotAllowed, std::string(field));
    error.wire_message = std::string(field) + " is not allowed to be set";
    return Fail(std::move(error));
  }
  return {};
}

Result<void> AdminService::AddUserFields(store::Transaction& tx, users::User& user) const {
  LK_ASSIGN_OR_RETURN(AdminState state, admin_store::Load(tx, user.id, default_role()));
  std::string role;
  json::AppendString(role, state.role);
  user.extra_fields.emplace_back("role", std::move(role));
  user.extra_fields.emplace_back("banned", state.banned ? "true" : "false");
  std::string reason = "null";
  if (state.ban_reason) {
    reason.clear();
    json::AppendString(reason, *state.ban_reason);
  }
  user.extra_fields.emplace_back("banReason", std::move(reason));
  std::string expires = "null";
  if (state.ban_expires) {
    expires.clear();
    json::AppendString(expires, FormatIsoTime(*state.ban_expires));
  }
  user.extra_fields.emplace_back("banExpires", std::move(expires));
  return {};
}

}  // namespace latchkey::admin

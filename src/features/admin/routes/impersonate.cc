// impersonate-user and stop-impersonating (docs/api.md "Administration",
// docs/permissions.md "Impersonation"), wire-compatible with Better Auth's
// admin plugin: the impersonation session is the target's, with a fixed
// end (admin_impersonation_minutes) and a don't-remember cookie; the
// admin's own session waits in the signed `admin_session` cookie
// ("<admin token>:<dont_remember value or empty>") until stop-impersonating
// restores it and deletes the impersonation session.
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "features/admin/admin_errors.h"
#include "features/admin/impersonation_store.h"
#include "features/admin/routes/admin_routes.h"
#include "features/audit/audit.h"
#include "features/common/validation.h"
#include "features/users/user_store.h"
#include "http/body.h"
#include "http/error_mapping.h"

namespace latchkey::admin {
namespace {

constexpr std::string_view kAdminCookie = "admin_session";

// Better Auth's adminRoles (["admin"]): a target holding one is an admin.
bool HoldsAdmin(std::string_view roles) {
  for (const std::string& role : SplitRoles(roles)) {
    if (role == "admin") return true;
  }
  return false;
}

Result<void> Audit(store::Transaction& tx, const AdminService& service,
                   const http::Request& request, std::string_view type, const std::string& admin_id,
                   const std::string& admin_session_id, const std::string& target,
                   const std::string& impersonation_session_id) {
  std::string details;
  json::ObjectWriter(details)
      .String("target_user_id", target)
      .String("impersonation_session_id", impersonation_session_id)
      .Close();
  return audit::RecordInTransaction(tx, service.deps().services.clock, request,
                                    {.type = type,
                                     .outcome = audit::kSuccess,
                                     .user_id = admin_id,
                                     .session_id = admin_session_id,
                                     .target_user_id = target,
                                     .details_json = details});
}

// May the caller impersonate this target? Errors: USER_NOT_FOUND,
// YOU_CANNOT_IMPERSONATE_ADMINS, BANNED_USER (Better Auth refuses a session
// for a banned user however it is made).
Result<users::User> CheckTarget(store::Transaction& tx, const AdminService& service,
                                const sessions::SessionWithUser& caller,
                                const std::string& user_id) {
  LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, user_id));
  if (!user) return Fail(MakeError(errors::kUserNotFound));
  LK_ASSIGN_OR_RETURN(AdminState target, admin_store::Load(tx, user_id, service.default_role()));
  if (HoldsAdmin(target.role) && !service.deps().settings.admin_impersonate_admins) {
    LK_ASSIGN_OR_RETURN(AdminState admin,
                        admin_store::Load(tx, caller.user.id, service.default_role()));
    if (!service.access().Allows(admin.role, "user", "impersonate-admins")) {
      return Fail(MakeError(errors::kCannotImpersonateAdmins));
    }
  }
  if (target.banned && (!target.ban_expires || *target.ban_expires > service.Now())) {
    return Fail(BannedError());
  }
  return std::move(*user);
}

std::string SessionAndUser(const sessions::Session& session, const std::string& user_json) {
  std::string body;
  json::ObjectWriter(body)
      .Raw("session", sessions::SessionJson(session))
      .Raw("user", user_json)
      .Close();
  return body;
}

}  // namespace

Result<http::Response> ImpersonateUser(const http::Request& request, const AdminService& service,
                                       const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string user_id, validation::RequireString(body, "userId", 128));
  const sessions::SessionService& sessions = service.deps().sessions;
  const TimeMs now = service.Now();
  const TimeMs end = now + service.deps().settings.admin_impersonation_minutes * 60'000;
  std::string answer;
  sessions::Session started;
  LK_TRY(store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        LK_ASSIGN_OR_RETURN(users::User target, CheckTarget(tx, service, caller, user_id));
        // No amr: nobody authenticated as the target (docs/permissions.md).
        LK_ASSIGN_OR_RETURN(
            started,
            sessions.CreateSession(
                tx, target.id, {.remember = false, .amr = {}, .fixed_expires_at = end}, request));
        LK_TRY(impersonation_store::Insert(tx,
                                           {.session_id = started.id,
                                            .admin_user_id = caller.user.id,
                                            .admin_session_id = caller.session.id},
                                           now));
        LK_TRY(Audit(tx, service, request, "admin.impersonation_started", caller.user.id,
                     caller.session.id, target.id, started.id));
        sessions::SessionWithUser found{started, target};
        LK_TRY(service.deps().hooks.LoadSessionFields(tx, found));
        LK_ASSIGN_OR_RETURN(std::string user, UserJsonById(tx, service, target.id));
        answer = SessionAndUser(found.session, user);
        return {};
      }));
  http::Response response = http::Response::Json(std::move(answer));
  // The admin's session waits in a signed cookie, with the admin's
  // don't-remember choice, for stop-impersonating.
  const std::string dont_remember = sessions.SignedCookie(request, "dont_remember").value_or("");
  http::CookieSpec admin = sessions.BaseCookie(kAdminCookie);
  admin.value =
      http::PercentEncode(sessions.SignCookieValue(caller.session.token + ":" + dont_remember));
  admin.max_age = sessions.settings().session_expires_in_s;
  response.SetCookie(http::SerializeCookie(admin));
  sessions.ExpireCookie(response, "session_data");
  sessions.SetSessionCookies(response, started.token, /*remember=*/false);
  return response;
}

Result<http::Response> StopImpersonating(const http::Request& request, const AdminService& service,
                                         const sessions::SessionWithUser& caller) {
  LK_TRY(http::ParseBody(request, /*allow_form=*/false));
  const auto impersonator = AdminService::ImpersonatorOf(caller.session);
  if (!impersonator) return Fail(MakeError(errors::kNotImpersonating));
  const sessions::SessionService& sessions = service.deps().sessions;
  // The admin's session, from the cookie: it must still be live, be the
  // impersonator's, and be the one that started this impersonation.
  const std::string cookie = sessions.SignedCookie(request, kAdminCookie).value_or("");
  const auto colon = cookie.find(':');
  const std::string admin_token = cookie.substr(0, colon);
  const bool remember = colon == std::string::npos || cookie.substr(colon + 1).empty();
  std::optional<sessions::SessionWithUser> admin;
  if (!admin_token.empty()) {
    LK_ASSIGN_OR_RETURN(admin, sessions.Resolve(admin_token));
  }
  LK_TRY(store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        LK_ASSIGN_OR_RETURN(auto impersonation, impersonation_store::Find(tx, caller.session.id));
        if (admin && (admin->user.id != *impersonator || !impersonation ||
                      impersonation->admin_session_id != admin->session.id)) {
          admin.reset();
        }
        // The impersonation ends either way: without the admin's session
        // there is nothing to go back to, and it must not outlive it.
        LK_TRY(sessions.DeleteSession(tx, caller.session.id));
        LK_TRY(sessions.InvalidateSession(tx, caller.session.id, caller.user.id));
        return Audit(tx, service, request, "admin.impersonation_stopped", *impersonator,
                     admin ? admin->session.id : "", caller.user.id, caller.session.id);
      }));
  if (!admin) {
    http::Response refused = http::ErrorResponse(MakeError(errors::kAdminSessionNotFound));
    sessions.ClearSessionCookies(refused);
    sessions.ExpireCookie(refused, kAdminCookie);
    return refused;
  }
  http::Response response =
      http::Response::Json(SessionAndUser(admin->session, users::UserJson(admin->user)));
  sessions.ExpireCookie(response, "session_data");
  sessions.SetSessionCookies(response, admin_token, remember);
  if (remember) sessions.ExpireCookie(response, "dont_remember");
  sessions.ExpireCookie(response, kAdminCookie);
  return response;
}

}  // namespace latchkey::admin

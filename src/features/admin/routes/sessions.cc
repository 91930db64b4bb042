// list-user-sessions, revoke-user-session and revoke-user-sessions
// (docs/api.md "Administration"), through the sessions feature's service:
// a revoked session dies on every node at once, and its WebSockets close.
// An unknown userId is 404 USER_NOT_FOUND (Better Auth answers an empty
// list or success: docs/compatibility.md).
//
// Only hashes of tokens are stored, so list-user-sessions answers each
// session's id as its `token` (a handle), which revoke-user-session takes as
// well as a real token: adminClient's listUserSessions → revokeUserSession
// works unchanged (as the user's own list-sessions, docs/api.md "Sessions").
#include "core/json_writer.h"
#include "features/admin/admin_errors.h"
#include "features/admin/routes/admin_common.h"
#include "features/admin/routes/admin_routes.h"
#include "features/common/validation.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::admin {
namespace {

// The session `handle` names (its id, or its clear token); nullopt when none
// is live.
Result<std::optional<sessions::Session>> FindHandle(store::Transaction& tx,
                                                    const sessions::SessionService& sessions,
                                                    const std::string& handle) {
  LK_ASSIGN_OR_RETURN(auto by_id, sessions.FindLiveSession(tx, handle));
  if (by_id) return by_id;
  LK_ASSIGN_OR_RETURN(auto by_token, sessions.FindByToken(tx, handle));
  if (!by_token) return std::optional<sessions::Session>();
  return std::optional<sessions::Session>(std::move(by_token->session));
}

Result<void> RequireUser(store::Transaction& tx, const std::string& user_id) {
  LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, user_id));
  if (!user) return Fail(MakeError(errors::kUserNotFound));
  return {};
}

}  // namespace

Result<http::Response> ListUserSessions(const http::Request& request, const AdminService& service,
                                        const sessions::SessionWithUser& /*caller*/) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string user_id, RequireUserId(body));
  std::string list = "[";
  LK_TRY(store::InReadTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        LK_TRY(RequireUser(tx, user_id));
        LK_ASSIGN_OR_RETURN(auto found, service.deps().sessions.ListUserSessions(tx, user_id));
        // Fields features add to a session (impersonatedBy, …) need its user.
        std::optional<users::User> user;
        if (service.deps().hooks.HasSessionFields() && !found.empty()) {
          LK_ASSIGN_OR_RETURN(user, users::FindUserById(tx, user_id));
        }
        for (sessions::Session& session : found) {
          session.token = session.id;
          if (user) {
            sessions::SessionWithUser with{std::move(session), *user};
            LK_TRY(service.deps().hooks.LoadSessionFields(tx, with));
            session = std::move(with.session);
          }
          if (list.size() > 1) list += ',';
          list += sessions::SessionJson(session);
        }
        return {};
      }));
  list += ']';
  std::string answer;
  json::ObjectWriter(answer).Raw("sessions", list).Close();
  http::Response response = http::Response::Json(std::move(answer));
  response.no_store = true;
  return response;
}

Result<http::Response> RevokeUserSession(const http::Request& request, const AdminService& service,
                                         const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string handle, validation::RequireString(body, "sessionToken", 256));
  const sessions::SessionService& sessions = service.deps().sessions;
  LK_TRY(store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        // Better Auth answers success for an unknown token too.
        LK_ASSIGN_OR_RETURN(auto session, FindHandle(tx, sessions, handle));
        if (session) {
          LK_TRY(sessions.DeleteSession(tx, session->id));
          LK_TRY(sessions.InvalidateSession(tx, session->id, session->user_id));
        }
        std::string details;
        json::ObjectWriter(details)
            .String("scope", "one")
            .Int("count", session ? 1 : 0)
            .String("session_id", session ? session->id : "")
            .Close();
        return Audit(tx, service, request, caller, "admin.revoke_sessions",
                     session ? session->user_id : "", details);
      }));
  return http::Response::Json(R"({"success":true})");
}

Result<http::Response> RevokeUserSessions(const http::Request& request, const AdminService& service,
                                          const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string user_id, RequireUserId(body));
  LK_TRY(store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        LK_TRY(RequireUser(tx, user_id));
        LK_ASSIGN_OR_RETURN(std::int64_t ended,
                            service.deps().sessions.DeleteUserSessions(tx, user_id, ""));
        // What features keep per browser (trusted devices) dies with them.
        LK_TRY(service.deps().hooks.RunSessionsRevoked(tx, user_id));
        LK_TRY(service.deps().sessions.InvalidateUser(tx, user_id));
        std::string details;
        json::ObjectWriter(details).String("scope", "all").Int("count", ended).Close();
        return Audit(tx, service, request, caller, "admin.revoke_sessions", user_id, details);
      }));
  return http::Response::Json(R"({"success":true})");
}

}  // namespace latchkey::admin

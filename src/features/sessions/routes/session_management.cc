#include "features/sessions/routes/session_management.h"

#include "core/json_writer.h"
#include "crypto/token_hash.h"
#include "features/audit/audit.h"
#include "features/common/validation.h"
#include "http/body.h"

namespace latchkey::sessions {
namespace {

std::string RevokeDetails(std::string_view scope, std::int64_t count) {
  std::string out;
  json::ObjectWriter(out).String("scope", scope).Int("count", count).Close();
  return out;
}

}  // namespace

Result<http::Response> ListSessions(const SessionWithUser& current, const Services& services,
                                    const SessionService& sessions, const platform::Hooks& hooks) {
  std::string body = "[";
  LK_TRY(store::InReadTransaction(services.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto list, sessions.ListUserSessions(tx, current.user.id));
    for (Session& s : list) {
      s.token = s.id == current.session.id ? current.session.token : s.id;
      // Each session shaped as get-session shows it: with the fields other
      // features add (activeOrganizationId, impersonatedBy, …).
      if (hooks.HasSessionFields()) {
        SessionWithUser with{std::move(s), current.user};
        LK_TRY(hooks.LoadSessionFields(tx, with));
        s = std::move(with.session);
      }
      if (body.size() > 1) body.push_back(',');
      body += SessionJson(s);
    }
    return {};
  }));
  body.push_back(']');
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  return response;
}

Result<http::Response> RevokeSession(const http::Request& request, const SessionWithUser& current,
                                     const Services& services, const SessionService& sessions) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string handle, validation::RequireString(body, "token", 256));
  bool revoked_current = false;
  LK_TRY(store::InTransaction(services.store, [&](store::Transaction& tx) -> Result<void> {
    // A real token (matched by hash) or a list-sessions handle (the id), and
    // only among the caller's own sessions: anyone else's is silently kept.
    LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id FROM sessions WHERE user_id = ? AND "
                                            "(token_hash = ? OR id = ?)",
                                            {current.user.id, crypto::HashToken(handle), handle}));
    for (const store::Row& row : rows) {
      LK_ASSIGN_OR_RETURN(std::string id, row.GetString("id"));
      LK_TRY(sessions.DeleteSession(tx, id));
      LK_TRY(sessions.InvalidateSession(tx, id, current.user.id));
      revoked_current = revoked_current || id == current.session.id;
    }
    return audit::RecordInTransaction(
        tx, services.clock, request,
        {.type = "session.revoke",
         .outcome = audit::kSuccess,
         .user_id = current.user.id,
         .session_id = current.session.id,
         .details_json = RevokeDetails("one", static_cast<std::int64_t>(rows.size()))});
  }));
  http::Response response = http::Response::Json(R"({"status":true})");
  if (revoked_current) sessions.ClearSessionCookies(response);
  return response;
}

Result<http::Response> RevokeSessions(const http::Request& request, const SessionWithUser& current,
                                      const Services& services, const SessionService& sessions,
                                      const platform::Hooks& hooks, bool keep_current) {
  LK_TRY(http::ParseBody(request, /*allow_form=*/false));
  LK_TRY(store::InTransaction(services.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(
        std::int64_t count,
        sessions.DeleteUserSessions(tx, current.user.id, keep_current ? current.session.id : ""));
    if (!keep_current) LK_TRY(hooks.RunSessionsRevoked(tx, current.user.id));
    return audit::RecordInTransaction(
        tx, services.clock, request,
        {.type = "session.revoke",
         .outcome = audit::kSuccess,
         .user_id = current.user.id,
         .session_id = current.session.id,
         .details_json = RevokeDetails(keep_current ? "others" : "all", count)});
  }));
  http::Response response = http::Response::Json(R"({"status":true})");
  if (!keep_current) sessions.ClearSessionCookies(response);
  return response;
}

}  // namespace latchkey::sessions

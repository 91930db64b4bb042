#include "features/sessions/routes/session_routes.h"

#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/sessions/session_errors.h"
#include "http/body.h"

namespace latchkey::sessions {
namespace {

// Better Auth coerces query flags with Boolean(string): any non-empty value,
// even "false", means true (docs/api.md, "Requests and answers").
bool QueryFlag(const http::Request& request, std::string_view name) {
  auto value = request.QueryParam(name);
  return value && !value->empty();
}

http::Response SessionResponse(const SessionWithUser& found) {
  std::string body;
  body.reserve(640);
  json::ObjectWriter(body)
      .Raw("session", SessionJson(found.session))
      .Raw("user", users::UserJson(found.user))
      .Close();
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  return response;
}

http::Response NullResponse() {
  http::Response response = http::Response::Json("null");
  response.no_store = true;
  return response;
}

}  // namespace

Result<http::Response> GetSession(const http::Request& request, const Services& services,
                                  const SessionService& sessions,
                                  const platform::RouteTable& routes,
                                  const platform::Hooks& hooks) {
  auto resolved = routes.Resolve(request, kGetSessionRoute);
  // A session refused as it was used (session binding) also loses its cookies.
  if (!resolved) return routes.Refuse(request, Fail(std::move(resolved).error()));
  auto found = std::move(*resolved);
  if (found && found->kind != platform::CredentialKind::kSessionToken) {
    return SessionResponse(found->caller);  // a stand-in (API key): never refreshed or cookied
  }
  auto token = sessions.TokenFromRequest(request);
  if (!token) return NullResponse();
  if (!found) {
    // Unknown or expired: drop an expired row and the dead cookies (docs/api.md, "Sessions").
    LK_TRY(store::InTransaction(services.store, [&](store::Transaction& tx) -> Result<void> {
      LK_TRY(sessions.DeleteExpiredByToken(tx, *token));
      return sessions.InvalidateToken(tx, *token);
    }));
    http::Response response = NullResponse();
    sessions.ClearSessionCookies(response);
    return response;
  }
  SessionWithUser& current = found->caller;
  const bool refresh = !sessions.HasDontRemember(request) &&
                       !QueryFlag(request, "disableRefresh") &&
                       sessions.NeedsRefresh(current.session);
  if (refresh) {
    LK_TRY(store::InTransaction(services.store, [&](store::Transaction& tx) -> Result<void> {
      LK_TRY(sessions.Extend(tx, current.session));
      return sessions.InvalidateToken(tx, *token);
    }));
  }
  http::Response response = SessionResponse(current);
  if (refresh) sessions.SetSessionCookies(response, *token, /*remember=*/true);
  LK_TRY(hooks.RunSessionResponse(current, response));
  return response;
}

Result<http::Response> PostGetSession(const http::Request&) {
  Error error = MakeError(kDeferRequired);
  return Fail(std::move(error));
}

// Ends the browser's active session and every session it remembers for other
// users (multi-session cookies), and expires all of their cookies.
Result<http::Response> SignOut(const http::Request& request, const Services& services,
                               const SessionService& sessions) {
  LK_TRY(http::ParseBody(request, /*allow_form=*/false));
  http::Response response = http::Response::Json(R"({"success":true})");
  sessions.ClearSessionCookies(response);
  std::vector<std::string> tokens;
  if (auto token = sessions.TokenFromRequest(request)) tokens.push_back(std::move(*token));
  for (auto& device : sessions.DeviceSessions(request)) {
    sessions.ExpireCookieNamed(response, device.cookie_name);
    tokens.push_back(std::move(device.token));
  }
  if (tokens.empty()) return response;
  LK_TRY(store::InTransaction(services.store, [&](store::Transaction& tx) -> Result<void> {
    std::optional<SessionWithUser> first;  // the active session when it is still live
    std::int64_t ended = 0;
    for (const std::string& token : tokens) {
      LK_ASSIGN_OR_RETURN(auto found, sessions.FindByToken(tx, token));
      if (!found) continue;
      LK_TRY(sessions.DeleteSession(tx, found->session.id));
      LK_TRY(sessions.InvalidateSession(tx, found->session.id, found->user.id));
      ++ended;
      if (!first) first = std::move(found);
    }
    if (!first) return {};
    std::string details;
    json::ObjectWriter(details).Int("sessionsEnded", ended).Close();
    return audit::RecordInTransaction(tx, services.clock, request,
                                      {.type = "user.sign_out",
                                       .outcome = audit::kSuccess,
                                       .user_id = first->user.id,
                                       .session_id = first->session.id,
                                       .details_json = details});
  }));
  return response;
}

}  // namespace latchkey::sessions

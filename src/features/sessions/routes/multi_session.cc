#include "features/sessions/routes/multi_session.h"

#include <set>

#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/common/validation.h"
#include "features/sessions/session_errors.h"
#include "http/body.h"
#include "http/error_mapping.h"

namespace latchkey::sessions {
namespace {

std::string SessionAndUserJson(const SessionWithUser& found) {
  std::string out;
  json::ObjectWriter(out)
      .Raw("session", SessionJson(found.session))
      .Raw("user", users::UserJson(found.user))
      .Close();
  return out;
}

// The browser's multi-session cookie for `token`, found by its name (which
// holds the token in lower case, as Better Auth looks it up); only a session
// this browser was given can be switched to or revoked through these routes.
Result<SessionService::DeviceSession> FindDevice(const http::Request& request,
                                                 const SessionService& sessions,
                                                 const std::string& token) {
  const std::string wanted = validation::LowerAscii(token);
  for (auto& device : sessions.DeviceSessions(request)) {
    if (validation::LowerAscii(device.token) == wanted) return device;
  }
  return Fail(MakeError(kInvalidSessionToken));
}

}  // namespace

Result<http::Response> ListDeviceSessions(const http::Request& request,
                                          const SessionService& sessions) {
  std::set<std::string> users_seen;
  std::string body = "[";
  for (const auto& device : sessions.DeviceSessions(request)) {
    LK_ASSIGN_OR_RETURN(auto found, sessions.Resolve(device.token));
    if (!found || !users_seen.insert(found->user.id).second) continue;
    if (body.size() > 1) body.push_back(',');
    body += SessionAndUserJson(*found);
  }
  body.push_back(']');
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  return response;
}

Result<http::Response> SetActiveSession(const http::Request& request,
                                        const SessionService& sessions) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string token, validation::RequireString(body, "sessionToken", 256));
  LK_ASSIGN_OR_RETURN(auto device, FindDevice(request, sessions, token));
  LK_ASSIGN_OR_RETURN(auto found, sessions.Resolve(device.token));
  if (!found) {
    // The session ended elsewhere: say so, and drop its cookie from the browser.
    http::Response refused = http::ErrorResponse(MakeError(kInvalidSessionToken));
    sessions.ExpireCookieNamed(refused, device.cookie_name);
    return refused;
  }
  http::Response response = http::Response::Json(SessionAndUserJson(*found));
  sessions.SetSessionCookies(response, found->session.token, !sessions.HasDontRemember(request));
  return response;
}

Result<std::string> RevokeDeviceSessionInput(const http::Request& request) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  return validation::RequireString(body, "sessionToken", 256);
}

Result<http::Response> RevokeDeviceSession(const http::Request& request,
                                           const SessionWithUser& current, const Services& services,
                                           const SessionService& sessions) {
  LK_ASSIGN_OR_RETURN(std::string token, RevokeDeviceSessionInput(request));
  LK_ASSIGN_OR_RETURN(auto device, FindDevice(request, sessions, token));
  LK_ASSIGN_OR_RETURN(auto target, sessions.Resolve(device.token));
  if (target) {
    LK_TRY(store::InTransaction(services.store, [&](store::Transaction& tx) -> Result<void> {
      LK_TRY(sessions.DeleteSession(tx, target->session.id));
      LK_TRY(sessions.InvalidateSession(tx, target->session.id, target->user.id));
      return audit::RecordInTransaction(tx, services.clock, request,
                                        {.type = "session.revoke",
                                         .outcome = audit::kSuccess,
                                         .user_id = target->user.id,
                                         .session_id = target->session.id,
                                         .details_json = R"({"scope":"device"})"});
    }));
  }
  http::Response response = http::Response::Json(R"({"status":true})");
  sessions.ExpireCookieNamed(response, device.cookie_name);
  if (current.session.token != device.token) return response;
  // The active session went: the browser's next live session takes over.
  for (const auto& other : sessions.DeviceSessions(request)) {
    if (other.token == device.token) continue;
    LK_ASSIGN_OR_RETURN(auto next, sessions.Resolve(other.token));
    if (!next) continue;
    sessions.SetSessionCookies(response, next->session.token, !sessions.HasDontRemember(request));
    return response;
  }
  sessions.ClearSessionCookies(response);
  return response;
}

}  // namespace latchkey::sessions

// The session record as the API returns it (docs/api.md).
#ifndef LK_FEATURES_SESSIONS_SESSION_H_
#define LK_FEATURES_SESSIONS_SESSION_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "features/users/user.h"

namespace latchkey::sessions {

struct Session {
  std::string id;
  std::string token;  // clear token: known only when created or presented
  std::string user_id;
  TimeMs expires_at = 0;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  std::string ip_address;
  std::string user_agent;
  // An API key standing in for a session (api_keys): never fresh, and
  // refused on account-management routes.
  bool from_api_key = false;
  // How the session was authenticated: RFC 8176 amr values ("pwd", "otp",
  // "mfa", "hwk", "swk", …; docs/permissions.md "Second factor"). Not in
  // the session JSON (Better Auth has no such field).
  std::vector<std::string> amr;
  // expires_at is a hard end no refresh moves (an impersonation session).
  bool expiry_fixed = false;
  // Fields other features add (the platform's session-fields hook, e.g. an
  // active organization): name and value as raw JSON, appended to SessionJson().
  std::vector<std::pair<std::string, std::string>> extra_fields;
  // What other features keep about the session for themselves (the
  // session-fields hook; session_binding's stored binding): name and value,
  // cached with the session, never in any JSON.
  std::vector<std::pair<std::string, std::string>> private_fields;
};

struct SessionWithUser {
  Session session;
  users::User user;
};

// The value of private field `name`, or nullptr.
const std::string* FindPrivateField(const Session& session, std::string_view name);

// Whether `amr` holds `value`.
bool HasAmr(const Session& session, std::string_view value);

// {"id","token","userId","expiresAt","createdAt","updatedAt","ipAddress","userAgent"},
// then extra_fields in order.
std::string SessionJson(const Session& session);

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_SESSION_H_

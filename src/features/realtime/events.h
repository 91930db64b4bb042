// The realtime protocol's messages and close codes (docs/websocket.md).
// Thread-safety: stateless.
#ifndef LK_FEATURES_REALTIME_EVENTS_H_
#define LK_FEATURES_REALTIME_EVENTS_H_

#include <string>
#include <string_view>

namespace latchkey::realtime {

// The socket's own session ended: revoked, signed out or expired. The
// client should treat itself as signed out.
inline constexpr int kCloseSessionEnded = 4001;
// The session could not be re-checked (database unavailable): closed rather
// than left open on a session that may be gone. Reconnect later.
inline constexpr int kCloseRecheckFailed = 4002;

// Why a session ended: the "reason" of session.revoked and the close reason.
// A sign-out is a revocation too: the invalidation it sends does not say
// which route deleted the row.
enum class EndReason { kRevoked, kExpired };
std::string_view EndReasonName(EndReason reason);    // "revoked", "expired"
std::string_view CloseReasonText(EndReason reason);  // "session revoked", ...

// {"type":"session.revoked","sessionId":…,"reason":…}
std::string SessionRevokedEvent(std::string_view session_id, EndReason reason);
// {"type":"user.updated","user":<user_json>}
std::string UserUpdatedEvent(std::string_view user_json);
// {"type":"ready","sessionId":…,"userId":…}: sent once after the upgrade.
std::string ReadyEvent(std::string_view session_id, std::string_view user_id);
// {"type":"pong"}: the answer to a client's {"type":"ping"}.
std::string PongEvent();

// True for a client message {"type":"ping"} (whitespace allowed).
bool IsPingMessage(std::string_view message);

}  // namespace latchkey::realtime

#endif  // LK_FEATURES_REALTIME_EVENTS_H_

// The sessions table as other features reach it: they hold a session id
// (a refresh-token family, a WebSocket's JWT) and never query the table
// themselves (docs/architecture.md, "Tables and their owners"). The rest of
// the table's access is SessionService's.
// Thread-safety: stateless functions; a Transaction belongs to one thread.
// Errors: as Transaction::Exec/Query and Store::QueryOnce.
#ifndef LK_FEATURES_SESSIONS_SESSION_STORE_H_
#define LK_FEATURES_SESSIONS_SESSION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::sessions {

// The stored bounds of a session's life (expires_at as written, before any
// absolute-lifetime cap: SessionService::CapExpiry applies it).
struct SessionTimes {
  TimeMs created_at = 0;
  TimeMs expires_at = 0;
};
// nullopt when there is no session with this id.
Result<std::optional<SessionTimes>> FindSessionTimes(store::Transaction& tx,
                                                     const std::string& session_id);

// Sets expires_at (and updated_at = now) when the stored expires_at is before
// `only_before`: a sliding refresh that writes only when it moves the expiry
// enough; never a session whose expiry is fixed (Session::expiry_fixed).
// Returns the rows changed (0 or 1). The caller announces it
// (SessionService::InvalidateSession).
Result<std::int64_t> SlideSessionExpiry(store::Transaction& tx, const std::string& session_id,
                                        TimeMs expires_at, TimeMs now, TimeMs only_before);

// One autocommit statement each, no transaction (Store::QueryOnce).
// Whether a session with this id exists, expired or not.
Result<bool> SessionExists(store::Store& store, const std::string& session_id);
// Whether it exists and its stored expires_at is after `now`.
Result<bool> SessionUnexpired(store::Store& store, const std::string& session_id, TimeMs now);

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_SESSION_STORE_H_

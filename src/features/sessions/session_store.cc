#include "features/sessions/session_store.h"

namespace latchkey::sessions {

Result<std::optional<SessionTimes>> FindSessionTimes(store::Transaction& tx,
                                                     const std::string& session_id) {
  LK_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT expires_at, created_at FROM sessions WHERE id = ?", {session_id}));
  if (rows.empty()) return std::optional<SessionTimes>();
  SessionTimes times;
  LK_ASSIGN_OR_RETURN(times.created_at, rows[0].GetInt("created_at"));
  LK_ASSIGN_OR_RETURN(times.expires_at, rows[0].GetInt("expires_at"));
  return std::optional<SessionTimes>(times);
}

Result<std::int64_t> SlideSessionExpiry(store::Transaction& tx, const std::string& session_id,
                                        TimeMs expires_at, TimeMs now, TimeMs only_before) {
  return tx.Exec(
      "UPDATE sessions SET expires_at = ?, updated_at = ? WHERE id = ? AND "
      "expires_at < ? AND expiry_fixed = 0",
      {expires_at, now, session_id, only_before});
}

Result<bool> SessionExists(store::Store& store, const std::string& session_id) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      store.QueryOnce("SELECT id FROM sessions WHERE id = ?", {session_id}));
  return !rows.empty();
}

Result<bool> SessionUnexpired(store::Store& store, const std::string& session_id, TimeMs now) {
  LK_ASSIGN_OR_RETURN(
      auto rows, store.QueryOnce("SELECT expires_at FROM sessions WHERE id = ? AND expires_at > ?",
                                 {session_id, now}));
  return !rows.empty();
}

}  // namespace latchkey::sessions

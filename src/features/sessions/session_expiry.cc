// Session expiry: the sliding refresh (docs/api.md step 5) and the
// absolute lifetime that caps it (ASVS 3.3.2, session_absolute_lifetime).
#include <limits>

#include "crypto/token_hash.h"
#include "features/sessions/session_service.h"  // IWYU pragma: associated

namespace latchkey::sessions {

Result<void> SessionService::DeleteExpiredByToken(store::Transaction& tx,
                                                  const std::string& token) const {
  const TimeMs now = clock_.NowMs();
  // Created at or before the cutoff: past its absolute end (none when off).
  const TimeMs created_cutoff = settings_.session_absolute_lifetime_s > 0
                                    ? now - settings_.session_absolute_lifetime_s * 1000
                                    : std::numeric_limits<TimeMs>::min();
  LK_TRY(
      tx.Exec("DELETE FROM sessions WHERE token_hash = ? AND (expires_at <= ? OR created_at <= ?)",
              {crypto::HashToken(token), now, created_cutoff}));
  return {};
}

bool SessionService::NeedsRefresh(const Session& s) const {
  if (s.expiry_fixed) return false;
  const TimeMs now = clock_.NowMs();
  // At the absolute cap already: a refresh could not extend it, so no write.
  if (CapExpiry(s.created_at, now + settings_.session_expires_in_s * 1000) <= s.expires_at) {
    return false;
  }
  const TimeMs last_refresh = s.expires_at - settings_.session_expires_in_s * 1000;
  return last_refresh + settings_.session_update_age_s * 1000 <= now;
}

TimeMs SessionService::AbsoluteEnd(TimeMs created_at) const {
  if (settings_.session_absolute_lifetime_s <= 0) return std::numeric_limits<TimeMs>::max();
  return created_at + settings_.session_absolute_lifetime_s * 1000;
}

Result<void> SessionService::Extend(store::Transaction& tx, Session& s) const {
  if (s.expiry_fixed) return {};
  s.updated_at = clock_.NowMs();
  s.expires_at = CapExpiry(s.created_at, s.updated_at + settings_.session_expires_in_s * 1000);
  LK_TRY(tx.Exec("UPDATE sessions SET expires_at = ?, updated_at = ? WHERE id = ?",
                 {s.expires_at, s.updated_at, s.id}));
  return {};
}

}  // namespace latchkey::sessions

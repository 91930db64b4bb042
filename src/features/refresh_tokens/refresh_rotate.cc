// POST /refresh: spend one refresh token for a new pair. The spend is a
// compare-and-set (used_at IS NULL), so of requests racing with one token
// exactly one wins outright. A later one inside the grace window (a client
// retrying) mints one sibling pair, also by compare-and-set (grace_used_at
// IS NULL), so however many replays come, at most one extra pair exists.
// Every other replay, in the window or after it (a thief replaying a copy,
// or the client after a thief), is reuse: the whole family is revoked. The
// sibling cannot be the first answer again: only hashes are stored.
#include <algorithm>

#include "core/json_writer.h"
#include "crypto/token_hash.h"
#include "features/audit/audit.h"
#include "features/refresh_tokens/refresh_feature.h"
#include "features/refresh_tokens/refresh_internal.h"
#include "features/sessions/session_store.h"
#include "features/users/user_store.h"

namespace latchkey::refresh_tokens {
namespace {

using namespace internal;  // NOLINT(google-build-using-namespace): this folder's own helpers

enum class Outcome { kRotated, kInvalid, kExpired, kReused };

struct Rotation {
  Outcome outcome = Outcome::kInvalid;
  Family family;
  std::string token;  // the new refresh token
  std::optional<users::User> user;
  std::string claims;  // the session's token claims (SessionClaims)
};

struct Spent {
  std::string id;
  Family family;
  std::optional<TimeMs> used_at;
  std::optional<TimeMs> revoked_at;
};

Result<std::optional<Spent>> Find(store::Transaction& tx, const std::string& token) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT id, family_id, session_id, user_id, family_expires_at, "
                               "used_at, revoked_at FROM refresh_tokens WHERE token_hash = ?",
                               {crypto::HashToken(token)}));
  if (rows.empty()) return std::optional<Spent>();
  const store::Row& row = rows[0];
  Spent spent;
  LK_ASSIGN_OR_RETURN(spent.id, row.GetString("id"));
  LK_ASSIGN_OR_RETURN(spent.family.id, row.GetString("family_id"));
  LK_ASSIGN_OR_RETURN(spent.family.session_id, row.GetString("session_id"));
  LK_ASSIGN_OR_RETURN(spent.family.user_id, row.GetString("user_id"));
  LK_ASSIGN_OR_RETURN(spent.family.expires_at, row.GetInt("family_expires_at"));
  LK_ASSIGN_OR_RETURN(spent.used_at, row.GetNullableInt("used_at"));
  LK_ASSIGN_OR_RETURN(spent.revoked_at, row.GetNullableInt("revoked_at"));
  return std::optional<Spent>(std::move(spent));
}

// `grace`: a rotation by a replay inside the window; `grace_spent`: a reuse
// inside the window whose one sibling was already minted.
std::string FamilyDetails(const Family& family, bool grace, bool grace_spent = false) {
  std::string details;
  json::ObjectWriter writer(details);
  writer.String("family", family.id);
  if (grace) writer.Bool("grace", true);
  if (grace_spent) writer.Bool("graceSpent", true);
  writer.Close();
  return details;
}

}  // namespace

Result<void> RefreshTokensFeature::CheckSessionUse(const http::Request& request,
                                                   const std::string& token) const {
  LK_ASSIGN_OR_RETURN(
      auto found,
      store::InReadTransaction(
          services_.store,
          [&](store::Transaction& tx) -> Result<std::optional<sessions::SessionWithUser>> {
            LK_ASSIGN_OR_RETURN(auto spent, Find(tx, token));
            if (!spent || spent->revoked_at) return std::nullopt;
            LK_ASSIGN_OR_RETURN(auto live, sessions_.FindLiveSession(tx, spent->family.session_id));
            if (!live) return std::nullopt;
            LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, spent->family.user_id));
            if (!user) return std::nullopt;
            sessions::SessionWithUser out{std::move(*live), std::move(*user)};
            if (hooks_ != nullptr) LK_TRY(hooks_->LoadSessionFields(tx, out));
            return std::optional<sessions::SessionWithUser>(std::move(out));
          }));
  if (!found) return {};
  return sessions_.CheckUse(request, *found, /*refresh=*/true);
}

Result<http::Response> RefreshTokensFeature::Refresh(const http::Request& request) const {
  LK_ASSIGN_OR_RETURN(std::string token, ReadToken(request));
  // Session binding (docs/session-binding.md): only when a hook listens.
  if (hooks_ != nullptr && hooks_->HasSessionUsedHooks()) {
    LK_TRY(CheckSessionUse(request, token));
  }
  const Clock& clock = services_.clock;
  const sessions::SessionSettings& session_settings = sessions_.settings();
  const TimeMs now = clock.NowMs();
  Rotation r;
  LK_TRY(store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<void> {
    r = Rotation{};
    LK_ASSIGN_OR_RETURN(auto spent, Find(tx, token));
    if (!spent || spent->revoked_at) return {};
    r.family = spent->family;
    if (now >= spent->family.expires_at) {
      r.outcome = Outcome::kExpired;
      return {};
    }
    LK_ASSIGN_OR_RETURN(auto session, sessions::FindSessionTimes(tx, spent->family.session_id));
    if (!session) return {};
    // Past the session's absolute end (ASVS 3.3.2) the family mints nothing.
    const TimeMs session_created = session->created_at;
    if (sessions_.CapExpiry(session_created, session->expires_at) <= now) return {};
    LK_ASSIGN_OR_RETURN(auto claimed, tx.Exec("UPDATE refresh_tokens SET used_at = ? WHERE id = ? "
                                              "AND used_at IS NULL AND revoked_at IS NULL",
                                              {now, spent->id}));
    bool grace = false;
    if (claimed == 0) {
      // Spent before (or just now by a racing request): read what won.
      LK_ASSIGN_OR_RETURN(spent, Find(tx, token));
      if (!spent || spent->revoked_at) return {};
      grace = settings_.refresh_reuse_grace_s > 0 && spent->used_at &&
              now - *spent->used_at <= settings_.refresh_reuse_grace_s * 1000;
      bool grace_spent = false;
      if (grace) {
        // One sibling per spent token: the first replay claims it; on
        // PostgreSQL a racing claim waits for this row lock and then finds
        // grace_used_at set.
        LK_ASSIGN_OR_RETURN(auto sibling,
                            tx.Exec("UPDATE refresh_tokens SET grace_used_at = ? WHERE id = ? "
                                    "AND grace_used_at IS NULL AND revoked_at IS NULL",
                                    {now, spent->id}));
        grace_spent = sibling != 1;
        grace = !grace_spent;
      }
      if (!grace) {
        r.outcome = Outcome::kReused;
        LK_TRY(
            tx.Exec("UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND "
                    "revoked_at IS NULL",
                    {now, r.family.id}));
        return audit::RecordInTransaction(
            tx, clock, request,
            {.type = "refresh_token.reuse_detected",
             .outcome = audit::kFailure,
             .user_id = r.family.user_id,
             .session_id = r.family.session_id,
             .details_json = FamilyDetails(r.family, false, grace_spent)});
      }
    }
    LK_ASSIGN_OR_RETURN(r.user, users::FindUserById(tx, r.family.user_id));
    if (!r.user) return {};
    // The access token carries the session's claims, as GET /token's does
    // (an organization's activeOrganizationId).
    LK_ASSIGN_OR_RETURN(auto live, sessions_.FindLiveSession(tx, r.family.session_id));
    if (!live) return {};
    sessions::SessionWithUser found{std::move(*live), *r.user};
    if (hooks_ != nullptr) LK_TRY(hooks_->LoadSessionFields(tx, found));
    r.claims = SessionClaims(found);
    LK_ASSIGN_OR_RETURN(r.token, Mint(tx, r.family, spent->id, now));
    // A client that only ever refreshes keeps its session alive, as
    // get-session's sliding refresh would for a browser.
    LK_TRY(sessions::SlideSessionExpiry(
        tx, r.family.session_id,
        sessions_.CapExpiry(session_created, now + session_settings.session_expires_in_s * 1000),
        now,
        now + (session_settings.session_expires_in_s - session_settings.session_update_age_s) *
                  1000));
    LK_TRY(sessions_.InvalidateSession(tx, r.family.session_id));
    r.outcome = Outcome::kRotated;
    return audit::RecordInTransaction(tx, clock, request,
                                      {.type = "refresh_token.rotate",
                                       .outcome = audit::kSuccess,
                                       .user_id = r.family.user_id,
                                       .session_id = r.family.session_id,
                                       .details_json = FamilyDetails(r.family, grace)});
  }));
  switch (r.outcome) {
    case Outcome::kInvalid:
      return Fail(MakeError(kInvalid));
    case Outcome::kExpired:
      return Fail(MakeError(kExpired));
    case Outcome::kReused:
      return Fail(MakeError(kReused));
    case Outcome::kRotated:
      break;
  }
  // Nor does an access token outlive the family (capped at the session's absolute end).
  const std::int64_t ttl =
      std::min(issuer_.settings().access_token_ttl_s, (r.family.expires_at - now) / 1000);
  LK_ASSIGN_OR_RETURN(std::string access,
                      issuer_.Issue(*r.user, ttl, r.family.session_id, r.claims));
  return PairResponse(access, ttl, r.token, r.family.expires_at, now);
}

}  // namespace latchkey::refresh_tokens

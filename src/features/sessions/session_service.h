// Sessions: creation, lookup by the signed session cookie, sliding refresh,
// revocation, and the cookies that carry them (docs/api.md).
// Tokens are 32 random [A-Za-z0-9] characters; only their SHA-256 is stored.
// Resolved sessions are cached in memory (a change_feed::KeyedCache); every
// write to a session or user row announces itself through Invalidate*(tx, …)
// on the node's ChangeFeed, which reaches this node's cache at commit and
// other nodes' through the database.
// Thread-safety: safe for concurrent use.
#ifndef LK_FEATURES_SESSIONS_SESSION_SERVICE_H_
#define LK_FEATURES_SESSIONS_SESSION_SERVICE_H_

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/config.h"
#include "core/result.h"
#include "features/change_feed/change_feed.h"
#include "features/change_feed/keyed_cache.h"
#include "features/sessions/session.h"
#include "features/sessions/session_settings.h"
#include "http/request.h"
#include "http/response.h"
#include "store/store.h"

namespace latchkey::sessions {

// One change to a session or user row, as every node applies it.
struct InvalidationEvent {
  // kResumed: the change feed is back after an outage, so any session may
  // have ended meanwhile unheard (docs/architecture.md, "Caches and the
  // change feed"); id is empty.
  enum class Kind { kToken, kSession, kUser, kResumed };
  Kind kind;
  std::string id;  // token hash (crypto::HashToken), session id or user id
  // kSession only, when the announcer knew it: the session's user (so that
  // the user's other WebSockets can hear that it ended).
  std::string user_id;
};

class SessionService {
 public:
  // Listens to `feed` for session and user changes. REQUIRES: `feed`
  // outlives this service.
  SessionService(const Config& config, const Clock& clock, store::Store& store,
                 change_feed::ChangeFeed& feed);

  const SessionSettings& settings() const { return settings_; }

  struct NewSession {
    bool remember = true;                    // false → lives one day
    std::vector<std::string> amr;            // RFC 8176 values (Session::amr)
    std::optional<TimeMs> fixed_expires_at;  // a hard end instead (Session::expiry_fixed)
  };
  // Inserts a session for user_id in tx.
  Result<Session> CreateSession(store::Transaction& tx, const std::string& user_id,
                                const NewSession& options, const http::Request& request) const;
  // Adds RFC 8176 values to a session's amr (a second factor proven while
  // signed in) and announces the change. Errors: as the store.
  Result<void> AddAmr(store::Transaction& tx, const Session& session,
                      const std::vector<std::string>& values) const;
  // Session + user for a clear token; nullopt when unknown or expired.
  Result<std::optional<SessionWithUser>> FindByToken(store::Transaction& tx,
                                                     const std::string& token) const;
  // The unexpired session with this id (token left empty); nullopt when
  // there is none.
  Result<std::optional<Session>> FindLiveSession(store::Transaction& tx,
                                                 const std::string& session_id) const;
  Result<void> DeleteSession(store::Transaction& tx, const std::string& session_id) const;
  // Deletes the session and announces it (InvalidateSession). Returns
  // whether this call deleted it: of requests racing to end one session,
  // exactly one sees true (one audit event, one mail).
  Result<bool> EndSession(store::Transaction& tx, const std::string& session_id,
                          const std::string& user_id) const;
  // The user's unexpired sessions, newest first. `token` is left empty: only
  // hashes are stored.
  Result<std::vector<Session>> ListUserSessions(store::Transaction& tx,
                                                const std::string& user_id) const;
  // Deletes every session of the user except `keep_session_id` (empty = all)
  // and announces it; returns how many were deleted.
  Result<std::int64_t> DeleteUserSessions(store::Transaction& tx, const std::string& user_id,
                                          const std::string& keep_session_id) const;
  Result<void> DeleteExpiredByToken(store::Transaction& tx, const std::string& token) const;
  // Pushes expires_at to now + expiresIn, never past AbsoluteEnd().
  Result<void> Extend(store::Transaction& tx, Session& session) const;
  // True when ≥ updateAge has passed since the last refresh (docs/api.md, "Sessions")
  // and a refresh would still move expires_at.
  bool NeedsRefresh(const Session& session) const;
  // Absolute session lifetime (ASVS 3.3.2, session_absolute_lifetime): the
  // moment a session created at `created_at` ends however active it was, and
  // `expires_at` capped there. Without the limit (0): no cap.
  TimeMs AbsoluteEnd(TimeMs created_at) const;
  TimeMs CapExpiry(TimeMs created_at, TimeMs expires_at) const {
    return std::min(expires_at, AbsoluteEnd(created_at));
  }

  // The session token from the signed cookie; nullopt when absent or forged.
  std::optional<std::string> TokenFromRequest(const http::Request& request) const;
  // The session token of "Authorization: Bearer" alone (no cookie): how a
  // non-browser client authenticates.
  std::optional<std::string> BearerToken(const http::Request& request) const;
  bool HasDontRemember(const http::Request& request) const;
  // Signed cookie values in Better Auth's format (crypto/signed_value.h),
  // the one place every feature's signed cookie goes through: signed with
  // the current secret, accepted under the previous ones too.
  std::string SignCookieValue(std::string_view value) const;
  // The value, or nullopt when the signature fails under every secret.
  std::optional<std::string> VerifyCookieValue(std::string_view signed_value) const;
  // The verified value of the cookie CookieName(key); nullopt when absent
  // or forged.
  std::optional<std::string> SignedCookie(const http::Request& request, std::string_view key) const;
  // Session + user for a clear token, from the cache when it has them.
  // Errors: as the store.
  Result<std::optional<SessionWithUser>> Resolve(const std::string& token) const;
  // Every transaction that changes or deletes a session or user row calls
  // one of these inside it: the change is announced to every node
  // (ChangeFeed::Announce) and this node's cache drops the entry once tx
  // commits. Errors: as Transaction::Notify.
  Result<void> InvalidateToken(store::Transaction& tx, const std::string& token) const;
  Result<void> InvalidateSession(store::Transaction& tx, const std::string& session_id,
                                 const std::string& user_id = {}) const;
  Result<void> InvalidateUser(store::Transaction& tx, const std::string& user_id) const;

  // Calls `listener` after each applied invalidation, once this node's cache
  // has dropped the entry: for this node's commits (on the committing
  // thread) and other nodes' notifications (on the change feed's thread).
  // It must be quick and must not throw or call AddInvalidationListener.
  void AddInvalidationListener(std::function<void(const InvalidationEvent&)> listener);

  // Adds other features' fields to every session and user a lookup resolves
  // (the platform's session- and user-fields hooks); what it adds is cached
  // with the session. REQUIRES: called at startup, before requests are served.
  using FieldLoader = std::function<Result<void>(store::Transaction&, SessionWithUser&)>;
  void SetFieldLoader(FieldLoader loader) { fields_ = std::move(loader); }

  // The platform's session-used hook (docs/design.md "Hook points"), run by
  // CheckUse() on every use of a resolved session. REQUIRES: set at
  // startup, before requests are served.
  using UseCheck =
      std::function<Result<void>(const http::Request&, const SessionWithUser&, bool refresh)>;
  void SetUseCheck(UseCheck check) { use_check_ = std::move(check); }
  // Whoever resolves a session for a request calls this before serving it
  // (the session-token credential, the WebSocket upgrade, the refresh
  // flow with `refresh`). Errors: the hook's (SESSION_BINDING_MISMATCH);
  // none when no hook is set.
  Result<void> CheckUse(const http::Request& request, const SessionWithUser& found,
                        bool refresh = false) const;

  // Multi-session (Better Auth's multiSession plugin, docs/api.md):
  // every session created in a browser is also remembered there in a cookie
  // `<session cookie>_multi-<token lower-cased>`, at most kMaxDeviceSessions.
  static constexpr std::size_t kMaxDeviceSessions = 5;
  struct DeviceSession {
    std::string cookie_name;
    std::string token;
  };
  // The browser's multi-session cookies whose signature and name check out.
  std::vector<DeviceSession> DeviceSessions(const http::Request& request) const;
  // After a session was created for user_id: deletes the browser's older
  // sessions of the same user (expiring their cookies), then adds the new
  // session's multi cookie unless the browser already holds the maximum.
  // Errors: as the store.
  Result<void> RememberDeviceSession(const http::Request& request, http::Response& response,
                                     const std::string& token, const std::string& user_id) const;
  void SetDeviceSessionCookie(http::Response& response, const std::string& token) const;

  // On a 401 UNAUTHORIZED answering a request that carried a session cookie:
  // expires the session cookies (docs/api.md), so the browser stops sending
  // a dead one. The platform's route table calls it for every route that
  // needs a caller.
  void ExpireDeadCookies(const http::Request& request, http::Response& response) const;

  // Errors: SESSION_NOT_FRESH (403) when the session is older than
  // session_fresh_age (0 disables the rule), as Better Auth's freshSession,
  // and always for an API key standing in for a session.
  Result<void> RequireFresh(const Session& session) const;

  std::string CookieName(std::string_view key) const;
  // session_token (Max-Age = expiresIn, or none when !remember) and, when
  // !remember, dont_remember.
  void SetSessionCookies(http::Response& response, const std::string& token, bool remember) const;
  // Adds a deletion (empty value, Max-Age=0) of cookie `key`.
  void ExpireCookie(http::Response& response, std::string_view key) const;
  // The same for a cookie given by its full name (a multi-session cookie).
  void ExpireCookieNamed(http::Response& response, const std::string& name) const;
  // Expires session_token, session_data and dont_remember.
  void ClearSessionCookies(http::Response& response) const;

  // A cookie named CookieName(key) with the configured Secure flag and the
  // defaults of CookieSpec (HttpOnly, SameSite=Lax, Path=/).
  http::CookieSpec BaseCookie(std::string_view key) const;

 private:
  static const std::string& FindByTokenSql();
  // The session in rows[0] unless there is none or it has expired.
  Result<std::optional<SessionWithUser>> FirstUnexpired(const std::vector<store::Row>& rows,
                                                        const std::string& token) const;

  const Config& config_;
  const SessionSettings settings_;  // config_.Get<SessionSettings>(), read once
  const Clock& clock_;
  store::Store& store_;
  const std::string session_cookie_name_;  // CookieName("session_token"), built once
  const std::string dont_remember_cookie_name_;
  // Drops what `event` names from the cache, then tells the listeners.
  void ApplyInvalidation(const InvalidationEvent& event) const;

  change_feed::ChangeFeed& feed_;
  // Keyed by token hash, tagged "s:<session id>" and "u:<user id>".
  std::unique_ptr<change_feed::KeyedCache<SessionWithUser>> cache_;
  FieldLoader fields_;
  std::atomic<bool> feed_was_down_{false};  // set by the feed's on_state(false)
  UseCheck use_check_;
  mutable std::mutex listeners_mu_;
  std::vector<std::function<void(const InvalidationEvent&)>>
      listeners_;  // GUARDED_BY(listeners_mu_)
  // The feed's callbacks; destroyed first (declared last) so none reaches a
  // destroyed cache.
  std::vector<change_feed::ChangeFeed::Listening> listening_;
};

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_SESSION_SERVICE_H_

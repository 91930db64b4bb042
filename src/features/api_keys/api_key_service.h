// API keys as credentials: verifies a presented key (x-api-key by default)
// and turns it into its owner's session-shaped value, which SessionService
// accepts wherever a session is (Better Auth's enableSessionForAPIKeys).
// Verified keys are cached by hash (a change_feed::KeyedCache); every write
// to a key row calls Invalidate(tx, id), which drops it here at commit and
// on other nodes through the change feed, as sessions do; a user change
// announced by sessions drops the owner's keys. Uses of keys
// with counters (remaining, rate limit) always reach the database, where
// guarded UPDATEs keep parallel uses from overspending.
// A key stands for a session only where a session is enough: CheckRoute()
// refuses it on account-management routes and where a route asks for a
// permission the key lacks. A password reset deletes the owner's keys
// (RevokeOwnerKeys, revoke_api_keys_on_password_reset).
// Thread-safety: safe for concurrent use.
#ifndef LK_FEATURES_API_KEYS_API_KEY_SERVICE_H_
#define LK_FEATURES_API_KEYS_API_KEY_SERVICE_H_

#include <memory>
#include <optional>
#include <string>

#include "features/api_keys/api_key_settings.h"
#include "features/api_keys/api_key_store.h"
#include "features/change_feed/change_feed.h"
#include "features/change_feed/keyed_cache.h"
#include "features/common/mail_queue.h"
#include "features/platform/principal.h"
#include "features/services.h"
#include "features/sessions/session_service.h"
#include "http/route.h"

namespace latchkey::api_keys {

class ApiKeyService {
 public:
  // `mail` carries the owner's notice of each new key; `feed` the key and
  // user changes. REQUIRES: `feed` outlives this service.
  ApiKeyService(const Services& services, sessions::SessionService& sessions, MailQueue& mail,
                change_feed::ChangeFeed& feed);
  ApiKeyService(const ApiKeyService&) = delete;
  ApiKeyService& operator=(const ApiKeyService&) = delete;

  // The owner's session for the request's key header; nullopt when the
  // request carries none. Counts the use (remaining, rate limit, lastRequest).
  // Errors: INVALID_API_KEY (403 too short, 401 unknown), KEY_DISABLED (401),
  // KEY_EXPIRED (401, the key is deleted), USAGE_EXCEEDED (429),
  // RATE_LIMITED (429, Retry-After). Failures of a known key are audited.
  Result<std::optional<sessions::SessionWithUser>> Authenticate(const http::Request& request) const;

  // For routes naming a key_permission (CheckRoute): when the request
  // carries a key, the key must grant `required` (KeyMayAccess). No key:
  // nothing to check here.
  // Errors: as Authenticate's lookup; INSUFFICIENT_API_KEY_PERMISSIONS (403).
  Result<void> RequireKeyPermission(const http::Request& request,
                                    const Permissions& required) const;

  // The route's verdict on a presented key, before it is counted. With
  // api_key_session on, for a request that presents a key: a route with
  // RouteRefusesKeys → 403 SESSION_NOT_FRESH (a known key's refusal is
  // audited); a route naming a key_permission the key lacks → 403
  // INSUFFICIENT_API_KEY_PERMISSIONS; a bad key → as Authenticate's lookup.
  Result<void> CheckRoute(const http::Request& request, const http::RouteSpec& route) const;

  // The platform's credential resolver for keys (api_key_session on):
  // CheckRoute(), then Authenticate(). nullopt: the request has no key.
  Result<std::optional<platform::Principal>> Resolve(const http::Request& request,
                                                     const http::RouteSpec& route) const;

  // Inside every transaction that changes or deletes key `key_id`.
  Result<void> Invalidate(store::Transaction& tx, const std::string& key_id) const;
  // A password reset: with revoke_api_keys_on_password_reset, deletes every
  // key of `user_id` in tx and drops them from every node's cache at commit.
  // Returns how many there were (0 with the setting off).
  Result<std::int64_t> RevokeOwnerKeys(store::Transaction& tx, const std::string& user_id) const;
  // Queues the owner's notice of a new key in tx: name, time, address and
  // device; never the key or any part of it.
  Result<void> QueueCreatedNotice(store::Transaction& tx, const http::Request& request,
                                  const users::User& owner, const ApiKey& key) const;

  const ApiKeySettings& settings() const { return settings_; }

 private:
  // The presented key (nullopt: no header) and its record.
  Result<std::optional<VerifiedKey>> Lookup(const http::Request& request, std::string* hash) const;
  // Counters for one use. Errors: USAGE_EXCEEDED, RATE_LIMITED.
  Result<void> CountUse(const http::Request& request, const VerifiedKey& found,
                        const std::string& hash) const;
  Result<void> Refuse(const http::Request& request, const VerifiedKey& found,
                      std::string_view reason, bool delete_key) const;
  // SESSION_NOT_FRESH for the presented key (audited when it is known).
  Result<void> RefuseOnAccountRoute(const http::Request& request) const;

  // A cached key, and when this node last wrote its lastRequest.
  struct CachedKey {
    VerifiedKey found;
    TimeMs last_request_written = 0;
  };

  const Services& services_;
  const ApiKeySettings settings_;  // read once, at construction
  sessions::SessionService& sessions_;
  MailQueue& mail_;
  change_feed::ChangeFeed& feed_;
  // Keyed by key hash, tagged "k:<key id>" and "u:<owner id>".
  std::unique_ptr<change_feed::KeyedCache<CachedKey>> cache_;
  // Declared last: stops before the cache goes.
  std::vector<change_feed::ChangeFeed::Listening> listening_;
};

}  // namespace latchkey::api_keys

#endif  // LK_FEATURES_API_KEYS_API_KEY_SERVICE_H_

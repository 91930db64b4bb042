// The api-key plugin's HTTP routes (docs/api.md). `verify` and
// `delete-all-expired-api-keys` are server-only in Better Auth 1.7 (404 over
// HTTP), so they have no route here either. Every route needs a session (or
// a key standing for one); every write emits one audit event. Writes are
// account management (kSensitiveSession): a key can neither mint another
// key nor re-date, re-enable or delete keys. Reads need a key granted
// {"apiKey":["read"]} (docs/api.md "API keys as credentials").
#ifndef LK_FEATURES_API_KEYS_ROUTES_API_KEY_ROUTES_H_
#define LK_FEATURES_API_KEYS_ROUTES_API_KEY_ROUTES_H_

#include "features/api_keys/api_key_service.h"
#include "features/api_keys/routes/api_key_docs.h"
#include "features/platform/hooks.h"
#include "http/route.h"

namespace latchkey::api_keys {

// What a key must be granted to read the owner's keys in place of a session.
inline constexpr http::KeyPermission kReadKeysPermission{"apiKey", "read"};

inline constexpr http::RouteSpec kCreateKeyRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/api-key/create",
    .auth = http::Auth::kSensitiveSession,
    .summary = "Creates an API key for the signed-in user; the key is shown once",
    .doc = &kCreateDoc,
};
inline constexpr http::RouteSpec kGetKeyRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/api-key/get",
    .auth = http::Auth::kSession,
    .summary = "One of the user's API keys (without the key)",
    .key_permission = kReadKeysPermission,
    .doc = &kGetDoc,
};
inline constexpr http::RouteSpec kListKeysRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/api-key/list",
    .auth = http::Auth::kSession,
    .summary = "The user's API keys (without the keys)",
    .key_permission = kReadKeysPermission,
    .doc = &kListDoc,
};
inline constexpr http::RouteSpec kUpdateKeyRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/api-key/update",
    .auth = http::Auth::kSensitiveSession,
    .summary = "Renames, enables/disables or re-dates one of the user's API keys",
    .doc = &kUpdateDoc,
};
inline constexpr http::RouteSpec kDeleteKeyRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/api-key/delete",
    .auth = http::Auth::kSensitiveSession,
    .summary = "Deletes one of the user's API keys; it stops working at once",
    .doc = &kDeleteDoc,
};

// 200: the key row with the plaintext `key`; the owner is mailed a notice
// (without the key) in the same transaction. Errors: VALIDATION_ERROR,
// SERVER_ONLY_PROPERTY (400: remaining, refill*, rateLimit*, permissions),
// UNAUTHORIZED_SESSION (401, the route's refusal without a caller), METADATA_DISABLED,
// INVALID_METADATA_TYPE, EXPIRES_IN_IS_TOO_SMALL/LARGE, INVALID_PREFIX_LENGTH, INVALID_NAME_LENGTH
// (400); PLAN_LIMIT_REACHED (402) from the before-limited-create hook
// (docs/plans.md), limit `api_keys`.
Result<http::Response> CreateKey(const http::Request& request,
                                 const sessions::SessionWithUser& current, const Services& services,
                                 const ApiKeyService& keys, const platform::Hooks& hooks);
// Errors: UNAUTHORIZED (401), VALIDATION_ERROR, KEY_NOT_FOUND (404, also
// for other users' keys).
Result<http::Response> GetKey(const http::Request& request,
                              const sessions::SessionWithUser& current, const Services& services,
                              const ApiKeyService& keys);
// 200 {"apiKeys":[…],"total":N} (+limit/offset when given).
Result<http::Response> ListKeys(const http::Request& request,
                                const sessions::SessionWithUser& current, const Services& services,
                                const ApiKeyService& keys);
// Errors: as CreateKey, KEY_NOT_FOUND (404), NO_VALUES_TO_UPDATE (400).
Result<http::Response> UpdateKey(const http::Request& request,
                                 const sessions::SessionWithUser& current, const Services& services,
                                 const ApiKeyService& keys);
// 200 {"success":true}. Errors: UNAUTHORIZED (401), KEY_NOT_FOUND (404).
Result<http::Response> DeleteKey(const http::Request& request,
                                 const sessions::SessionWithUser& current, const Services& services,
                                 const ApiKeyService& keys);

// Checked before the caller, as Better Auth validates these bodies first.
// Errors: VALIDATION_ERROR, SERVER_ONLY_PROPERTY (400), UNAUTHORIZED_SESSION
// (401, a `userId`).
Result<void> CheckCreateKeyBody(const http::Request& request);
Result<void> CheckUpdateKeyBody(const http::Request& request);

}  // namespace latchkey::api_keys

#endif  // LK_FEATURES_API_KEYS_ROUTES_API_KEY_ROUTES_H_

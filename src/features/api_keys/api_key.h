// The API key record and the pure rules over it (docs/api.md): key
// format, permission matching, refill and per-key rate-limit arithmetic,
// and the JSON shape routes return. No I/O here, so all of it is unit-tested.
// Thread-safety: plain values and pure functions.
#ifndef LK_FEATURES_API_KEYS_API_KEY_H_
#define LK_FEATURES_API_KEYS_API_KEY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "http/route.h"

namespace latchkey::api_keys {

// Better Auth's defaultKeyLength: random characters after the prefix, and
// the shortest header value worth hashing.
inline constexpr std::size_t kKeyRandomLength = 64;
inline constexpr std::size_t kStartLength = 6;  // startingCharactersConfig.charactersLength
inline constexpr std::size_t kMaxKeyLength = kKeyRandomLength + 32 + 64;  // prefix ≤ 32, slack

// resource → allowed actions, e.g. {"files": ["read", "write"]}.
using Permissions = std::map<std::string, std::vector<std::string>>;

struct ApiKey {
  std::string id;
  std::string config_id = "default";
  std::optional<std::string> name;
  std::optional<std::string> start;
  std::optional<std::string> prefix;
  std::string reference_id;                     // the owning user's id
  std::optional<std::int64_t> refill_interval;  // ms
  std::optional<std::int64_t> refill_amount;
  std::optional<TimeMs> last_refill_at;
  bool enabled = true;
  bool rate_limit_enabled = true;
  std::optional<std::int64_t> rate_limit_time_window;  // ms
  std::optional<std::int64_t> rate_limit_max;
  std::int64_t request_count = 0;
  std::optional<std::int64_t> remaining;
  std::optional<TimeMs> last_request;
  std::optional<TimeMs> expires_at;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  std::optional<std::string> permissions;  // JSON text as stored
  std::optional<std::string> metadata;     // JSON text as stored
};

// prefix + 64 CSPRNG letters [a-zA-Z], as Better Auth's default generator.
std::string GenerateKey(std::string_view prefix);
// The first kStartLength characters (prefix included), kept for display.
std::string KeyStart(std::string_view key);
// Better Auth's prefix rule: [A-Za-z0-9_-]+.
bool IsValidPrefix(std::string_view prefix);

// Parses stored or requested permissions: an object of string arrays.
// nullopt for anything else.
std::optional<Permissions> ParsePermissions(std::string_view json);
std::string PermissionsJson(const Permissions& permissions);
// True when every action of every resource in `required` is granted (AND,
// as Better Auth's role().authorize). An empty `required` asks for nothing.
bool PermissionsAllow(const Permissions& granted, const Permissions& required);

// Whether a key may act where `required` is needed (a route's
// key_permission): only when it stores permissions that grant all of it. A
// key without permissions, or an empty `required`, never passes: a route
// must name what it needs.
bool KeyMayAccess(const ApiKey& key, const Permissions& required);

// Account-management routes (Auth kSensitiveSession / kFreshSession) take
// no API key in place of a session: a key proves no recent sign-in.
bool RouteRefusesKeys(const http::RouteSpec& route);
// The permissions a route asks of a key (its key_permission); empty = none.
Permissions RoutePermissions(const http::RouteSpec& route);

// A refill is due when both refill fields are set and more than
// refill_interval ms have passed since the last refill (or creation).
bool RefillDue(const ApiKey& key, TimeMs now);

// How a use affects the per-key window (Better Auth's evaluateRateLimit).
struct RateLimitDecision {
  enum Kind { kSkip, kStart, kReset, kDeny, kIncrement } kind = kSkip;
  std::int64_t try_again_in_ms = 0;  // kDeny only
};
RateLimitDecision EvaluateRateLimit(const ApiKey& key, TimeMs now);
// Whether uses of this key must touch the database (counters to keep).
bool NeedsBookkeeping(const ApiKey& key);

// The key as routes return it (Better Auth's field names; `key` omitted).
// `plain_key`, when given, is added as "key" (create only).
std::string ApiKeyJson(const ApiKey& key, const std::string* plain_key = nullptr);

}  // namespace latchkey::api_keys

#endif  // LK_FEATURES_API_KEYS_API_KEY_H_

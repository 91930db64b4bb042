// The Redis client's error codes (store/redis/redis_client.h). They never
// reach a client of the auth API: features/abuse falls back to its own
// counters on any of them; they show in logs, `config check` and /readyz.
#ifndef LK_STORE_REDIS_REDIS_ERRORS_H_
#define LK_STORE_REDIS_REDIS_ERRORS_H_

#include "core/error.h"

namespace latchkey::store::redis {

inline constexpr ErrorInfo kInvalidRedisUrl{
    "INVALID_REDIS_URL", ErrorKind::kInvalidArgument,
    "The Redis URL is not valid: redis://[:password@]host[:port][/database]."};
inline constexpr ErrorInfo kRedisTlsUnsupported{
    "REDIS_TLS_UNSUPPORTED", ErrorKind::kInvalidArgument,
    "rediss:// needs a TLS-capable Redis client, which this build does not have."};
inline constexpr ErrorInfo kRedisUnavailable{"REDIS_UNAVAILABLE", ErrorKind::kUnavailable,
                                             "Redis is unavailable."};
inline constexpr ErrorInfo kRedisCommandFailed{"REDIS_COMMAND_FAILED", ErrorKind::kInternal,
                                               "A Redis command failed."};

}  // namespace latchkey::store::redis

#endif  // LK_STORE_REDIS_REDIS_ERRORS_H_

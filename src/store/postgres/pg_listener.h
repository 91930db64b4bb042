// Store::Subscribe on PostgreSQL: LISTEN on a dedicated connection, watched
// by a thread of its own. Internal to store/postgres/.
#ifndef LK_STORE_POSTGRES_PG_LISTENER_H_
#define LK_STORE_POSTGRES_PG_LISTENER_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace latchkey::store::postgres {

// The application_name of listener connections, so that operators (and the
// tests) can tell them from pooled ones in pg_stat_activity.
inline constexpr const char* kListenerApplicationName = "latchkey-listener";

// Connects to `url` outside any pool, runs LISTEN "<channel>" and starts the
// thread that delivers notifications, with the contract of Store::Subscribe.
// REQUIRES: `channel` passed internal::CheckChannel (it is quoted, not
// escaped). Errors: kUnavailable when the first connection or LISTEN fails
// within 10 s; no callback has run then.
Result<std::unique_ptr<Subscription>> Listen(const std::string& url, std::string channel,
                                             std::function<void(std::string_view)> on_message,
                                             std::function<void(bool)> on_state);

}  // namespace latchkey::store::postgres

#endif  // LK_STORE_POSTGRES_PG_LISTENER_H_

// Store::Notify between processes that share one SQLite file
// (docs/architecture.md "Caches and the change feed"). The server is the only
// node on a SQLite file, but the `latchkey user` commands write beside it: a
// ban or a deletion they make must reach the server's caches at once, as an
// admin route's does. Such a process opens its store with
// StoreOptions::record_notifications; its Notify() then also inserts the
// announcement into store_notifications, in the same transaction, and the
// server's Subscribe() polls that table. The server itself records nothing:
// its own writes reach its caches through Transaction::OnCommit.
#ifndef LK_STORE_SQLITE_SQLITE_NOTIFICATIONS_H_
#define LK_STORE_SQLITE_SQLITE_NOTIFICATIONS_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/store.h"

namespace latchkey::store::sqlite {

// How often a subscription looks for announcements from other processes:
// the bound on how stale a cache can be after a command-line change.
inline constexpr std::chrono::milliseconds kNotificationPollInterval{250};

// Creates store_notifications if missing (run by the writer at open).
Result<void> CreateNotificationTable(Connection& writer);

// Inside the caller's write transaction: records the announcement and drops
// those older than ten minutes (a server polls four times a second).
Result<void> RecordNotification(Connection& writer, std::string_view channel,
                                std::string_view payload);

// Store::Subscribe for a file store: a thread with its own read-only
// connection polls for rows newer than those present now. A failed poll
// calls on_state(false); the next good one on_state(true). Errors:
// kUnavailable when the first connection or read fails.
Result<std::unique_ptr<Subscription>> PollNotifications(
    const std::string& path, std::chrono::milliseconds busy_timeout, std::string channel,
    std::function<void(std::string_view)> on_message, std::function<void(bool)> on_state);

}  // namespace latchkey::store::sqlite

#endif  // LK_STORE_SQLITE_SQLITE_NOTIFICATIONS_H_

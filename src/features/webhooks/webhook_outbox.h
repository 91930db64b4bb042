// The webhooks outbox: the webhook_deliveries table (docs/webhooks.md
// "Delivery"). Rows are enqueued in the transaction of the audit event they
// report, claimed by the worker with a lease (so several nodes never send
// one twice at once), then marked delivered, retried later, or dead.
// Thread-safety: stateless functions over the store.
#ifndef LK_FEATURES_WEBHOOKS_WEBHOOK_OUTBOX_H_
#define LK_FEATURES_WEBHOOKS_WEBHOOK_OUTBOX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace latchkey::webhooks {

inline constexpr std::string_view kPending = "pending";
inline constexpr std::string_view kDelivered = "delivered";
inline constexpr std::string_view kDead = "dead";

struct Delivery {
  std::string id;  // the webhook-id header, "msg_…"
  std::string endpoint;
  std::string event_type;
  std::string audit_event_id;
  std::string payload;
  std::string status;
  std::int64_t attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::optional<std::int64_t> last_status;
  std::optional<std::string> last_error;
};

// Errors: the transaction's.
Result<void> Enqueue(store::Transaction& tx, const Delivery& delivery);

// Claims up to `limit` due pending rows: each gets next_attempt_at = now +
// lease_ms, so no other worker takes it meanwhile. Errors: the store's.
Result<std::vector<Delivery>> ClaimDue(store::Store& store, std::int64_t now, int limit,
                                       std::int64_t lease_ms);

// The outcome of one attempt. `retry_at` nullopt = delivered (status 2xx)
// or dead (`dead`); else pending again then. Errors: the store's.
struct Attempt {
  bool delivered = false;
  bool dead = false;
  std::int64_t retry_at = 0;
  std::optional<std::int64_t> http_status;
  std::optional<std::string> error;  // a code, never a URL or body
};
Result<void> RecordAttempt(store::Store& store, const std::string& id, std::int64_t now,
                           const Attempt& attempt);

// Newest first, after `after` (created_at, id) when given; `status` empty =
// every status. Errors: the store's.
Result<std::vector<Delivery>> List(store::Store& store, const std::string& status,
                                   std::optional<std::pair<std::int64_t, std::string>> after,
                                   int limit);

// Makes a delivery pending again with a fresh attempt count, due now.
// Returns false when no row has that id. Errors: the transaction's.
Result<bool> Replay(store::Transaction& tx, const std::string& id, std::int64_t now);

// Deletes delivered and dead rows last changed before `before`, at most
// `batch` of them; returns how many. Errors: the store's.
Result<std::int64_t> PurgeFinished(store::Store& store, std::int64_t before, int batch);

// Rows with `status`, for the outbox-depth gauge. Errors: the store's.
Result<std::int64_t> Count(store::Store& store, std::string_view status);

}  // namespace latchkey::webhooks

#endif  // LK_FEATURES_WEBHOOKS_WEBHOOK_OUTBOX_H_

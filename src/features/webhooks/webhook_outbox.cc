#include "features/webhooks/webhook_outbox.h"

namespace latchkey::webhooks {
namespace {

constexpr std::string_view kColumns =
    "id, endpoint, event_type, audit_event_id, payload, status, attempts, next_attempt_at, "
    "created_at, updated_at, last_status, last_error";

store::Value Nullable(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return *s;
}
store::Value Nullable(const std::optional<std::int64_t>& n) {
  if (!n) return nullptr;
  return *n;
}

Result<Delivery> FromRow(const store::Row& row) {
  Delivery d;
  LK_ASSIGN_OR_RETURN(d.id, row.GetString("id"));
  LK_ASSIGN_OR_RETURN(d.endpoint, row.GetString("endpoint"));
  LK_ASSIGN_OR_RETURN(d.event_type, row.GetString("event_type"));
  LK_ASSIGN_OR_RETURN(d.audit_event_id, row.GetString("audit_event_id"));
  LK_ASSIGN_OR_RETURN(d.payload, row.GetString("payload"));
  LK_ASSIGN_OR_RETURN(d.status, row.GetString("status"));
  LK_ASSIGN_OR_RETURN(d.attempts, row.GetInt("attempts"));
  LK_ASSIGN_OR_RETURN(d.next_attempt_at, row.GetInt("next_attempt_at"));
  LK_ASSIGN_OR_RETURN(d.created_at, row.GetInt("created_at"));
  LK_ASSIGN_OR_RETURN(d.updated_at, row.GetInt("updated_at"));
  LK_ASSIGN_OR_RETURN(d.last_status, row.GetNullableInt("last_status"));
  LK_ASSIGN_OR_RETURN(d.last_error, row.GetNullableString("last_error"));
  return d;
}

Result<std::vector<Delivery>> FromRows(const std::vector<store::Row>& rows) {
  std::vector<Delivery> out;
  out.reserve(rows.size());
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(Delivery d, FromRow(row));
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

Result<void> Enqueue(store::Transaction& tx, const Delivery& d) {
  LK_TRY(tx.Exec("INSERT INTO webhook_deliveries (" + std::string(kColumns) +
                     ") VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, NULL, NULL)",
                 {d.id, d.endpoint, d.event_type, d.audit_event_id, d.payload,
                  std::string(kPending), d.next_attempt_at, d.created_at, d.created_at}));
  return {};
}

Result<std::vector<Delivery>> ClaimDue(store::Store& store, std::int64_t now, int limit,
                                       std::int64_t lease_ms) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      store.QueryOnce("SELECT " + std::string(kColumns) +
                                          " FROM webhook_deliveries WHERE status = ? AND "
                                          "next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
                                      {std::string(kPending), now, std::int64_t{limit}}));
  LK_ASSIGN_OR_RETURN(auto due, FromRows(rows));
  std::vector<Delivery> claimed;
  for (Delivery& d : due) {
    // The lease: only the worker whose UPDATE still sees the old due time
    // owns the attempt (another node may have claimed it in between).
    LK_ASSIGN_OR_RETURN(auto changed, store::InTransaction(store, [&](store::Transaction& tx) {
                          return tx.Exec(
                              "UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ? "
                              "AND status = ? AND next_attempt_at = ?",
                              {now + lease_ms, d.id, std::string(kPending), d.next_attempt_at});
                        }));
    if (changed == 1) claimed.push_back(std::move(d));
  }
  return claimed;
}

Result<void> RecordAttempt(store::Store& store, const std::string& id, std::int64_t now,
                           const Attempt& a) {
  const std::string status(a.delivered ? kDelivered : (a.dead ? kDead : kPending));
  return store::InTransaction(store, [&](store::Transaction& tx) -> Result<void> {
    LK_TRY(
        tx.Exec("UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, "
                "next_attempt_at = ?, updated_at = ?, last_status = ?, last_error = ? "
                "WHERE id = ?",
                {status, a.retry_at, now, Nullable(a.http_status), Nullable(a.error), id}));
    return {};
  });
}

Result<std::vector<Delivery>> List(store::Store& store, const std::string& status,
                                   std::optional<std::pair<std::int64_t, std::string>> after,
                                   int limit) {
  std::string sql = "SELECT " + std::string(kColumns) + " FROM webhook_deliveries WHERE 1 = 1";
  std::vector<store::Value> args;
  if (!status.empty()) {
    sql += " AND status = ?";
    args.emplace_back(status);
  }
  if (after) {
    sql += " AND (created_at < ? OR (created_at = ? AND id < ?))";
    args.emplace_back(after->first);
    args.emplace_back(after->first);
    args.emplace_back(after->second);
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  args.emplace_back(std::int64_t{limit});
  LK_ASSIGN_OR_RETURN(auto rows, store.QueryOnce(sql, args));
  return FromRows(rows);
}

Result<bool> Replay(store::Transaction& tx, const std::string& id, std::int64_t now) {
  LK_ASSIGN_OR_RETURN(auto changed,
                      tx.Exec("UPDATE webhook_deliveries SET status = ?, attempts = 0, "
                              "next_attempt_at = ?, updated_at = ? WHERE id = ?",
                              {std::string(kPending), now, now, id}));
  return changed == 1;
}

Result<std::int64_t> PurgeFinished(store::Store& store, std::int64_t before, int batch) {
  return store::InTransaction(store, [&](store::Transaction& tx) {
    return tx.Exec(
        "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE "
        "status IN (?, ?) AND updated_at < ? LIMIT ?)",
        {std::string(kDelivered), std::string(kDead), before, std::int64_t{batch}});
  });
}

Result<std::int64_t> Count(store::Store& store, std::string_view status) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      store.QueryOnce("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE "
                                      "status = ?",
                                      {std::string(status)}));
  if (rows.empty()) return std::int64_t{0};
  return rows.front().GetInt("n");
}

}  // namespace latchkey::webhooks

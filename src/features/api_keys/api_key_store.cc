#include "features/api_keys/api_key_store.h"

#include "features/users/user_store.h"

namespace latchkey::api_keys {
namespace {

constexpr std::string_view kColumns =
    "k.id, k.config_id, k.name, k.start, k.prefix, k.reference_id, k.refill_interval, "
    "k.refill_amount, k.last_refill_at, k.enabled, k.rate_limit_enabled, "
    "k.rate_limit_time_window, k.rate_limit_max, k.request_count, k.remaining, k.last_request, "
    "k.expires_at, k.created_at, k.updated_at, k.permissions, k.metadata";

store::Value Nullable(const std::optional<std::int64_t>& v) {
  return v ? store::Value(*v) : store::Value(nullptr);
}
store::Value Nullable(const std::optional<std::string>& v) {
  return v ? store::Value(*v) : store::Value(nullptr);
}

Result<ApiKey> RowToKey(const store::Row& row) {
  ApiKey k;
  LK_ASSIGN_OR_RETURN(k.id, row.GetString("id"));
  LK_ASSIGN_OR_RETURN(k.config_id, row.GetString("config_id"));
  LK_ASSIGN_OR_RETURN(k.name, row.GetNullableString("name"));
  LK_ASSIGN_OR_RETURN(k.start, row.GetNullableString("start"));
  LK_ASSIGN_OR_RETURN(k.prefix, row.GetNullableString("prefix"));
  LK_ASSIGN_OR_RETURN(k.reference_id, row.GetString("reference_id"));
  LK_ASSIGN_OR_RETURN(k.refill_interval, row.GetNullableInt("refill_interval"));
  LK_ASSIGN_OR_RETURN(k.refill_amount, row.GetNullableInt("refill_amount"));
  LK_ASSIGN_OR_RETURN(k.last_refill_at, row.GetNullableInt("last_refill_at"));
  LK_ASSIGN_OR_RETURN(k.enabled, row.GetBool("enabled"));
  LK_ASSIGN_OR_RETURN(k.rate_limit_enabled, row.GetBool("rate_limit_enabled"));
  LK_ASSIGN_OR_RETURN(k.rate_limit_time_window, row.GetNullableInt("rate_limit_time_window"));
  LK_ASSIGN_OR_RETURN(k.rate_limit_max, row.GetNullableInt("rate_limit_max"));
  LK_ASSIGN_OR_RETURN(k.request_count, row.GetInt("request_count"));
  LK_ASSIGN_OR_RETURN(k.remaining, row.GetNullableInt("remaining"));
  LK_ASSIGN_OR_RETURN(k.last_request, row.GetNullableInt("last_request"));
  LK_ASSIGN_OR_RETURN(k.expires_at, row.GetNullableInt("expires_at"));
  LK_ASSIGN_OR_RETURN(k.created_at, row.GetInt("created_at"));
  LK_ASSIGN_OR_RETURN(k.updated_at, row.GetInt("updated_at"));
  LK_ASSIGN_OR_RETURN(k.permissions, row.GetNullableString("permissions"));
  LK_ASSIGN_OR_RETURN(k.metadata, row.GetNullableString("metadata"));
  return k;
}

}  // namespace

Result<void> InsertKey(store::Transaction& tx, const ApiKey& k, const std::string& key_hash) {
  LK_TRY(
      tx.Exec("INSERT INTO api_keys (id, config_id, name, start, prefix, key_hash, reference_id, "
              "refill_interval, refill_amount, last_refill_at, enabled, rate_limit_enabled, "
              "rate_limit_time_window, rate_limit_max, request_count, remaining, last_request, "
              "expires_at, created_at, updated_at, permissions, metadata) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {k.id,
               k.config_id,
               Nullable(k.name),
               Nullable(k.start),
               Nullable(k.prefix),
               key_hash,
               k.reference_id,
               Nullable(k.refill_interval),
               Nullable(k.refill_amount),
               Nullable(k.last_refill_at),
               std::int64_t{k.enabled},
               std::int64_t{k.rate_limit_enabled},
               Nullable(k.rate_limit_time_window),
               Nullable(k.rate_limit_max),
               k.request_count,
               Nullable(k.remaining),
               Nullable(k.last_request),
               Nullable(k.expires_at),
               k.created_at,
               k.updated_at,
               Nullable(k.permissions),
               Nullable(k.metadata)}));
  return {};
}

Result<std::optional<ApiKey>> FindKeyById(store::Transaction& tx, const std::string& id) {
  LK_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT " + std::string(kColumns) + " FROM api_keys k WHERE k.id = ?", {id}));
  if (rows.empty()) return std::optional<ApiKey>();
  LK_ASSIGN_OR_RETURN(ApiKey key, RowToKey(rows.front()));
  return std::optional<ApiKey>(std::move(key));
}

Result<std::optional<VerifiedKey>> FindVerifiedKey(store::Store& store,
                                                   const std::string& key_hash) {
  static const std::string sql = "SELECT " + std::string(kColumns) + ", " +
                                 users::UserColumns("u.") + " FROM api_keys k" +
                                 users::JoinUsers("u", "k.reference_id") + " WHERE k.key_hash = ?";
  LK_ASSIGN_OR_RETURN(auto rows, store.QueryOnce(sql, {key_hash}));
  if (rows.empty()) return std::optional<VerifiedKey>();
  VerifiedKey out;
  LK_ASSIGN_OR_RETURN(out.key, RowToKey(rows.front()));
  LK_ASSIGN_OR_RETURN(out.owner, users::RowToUser(rows.front()));
  return std::optional<VerifiedKey>(std::move(out));
}

Result<std::vector<ApiKey>> ListKeys(store::Transaction& tx, const std::string& reference_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + std::string(kColumns) +
                                              " FROM api_keys k WHERE k.reference_id = ? "
                                              "ORDER BY k.created_at, k.id",
                                          {reference_id}));
  std::vector<ApiKey> out;
  out.reserve(rows.size());
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(ApiKey key, RowToKey(row));
    out.push_back(std::move(key));
  }
  return out;
}

Result<void> UpdateKey(store::Transaction& tx, const ApiKey& k) {
  LK_TRY(tx.Exec(
      "UPDATE api_keys SET name = ?, enabled = ?, expires_at = ?, metadata = ?, remaining = ?, "
      "refill_amount = ?, refill_interval = ?, rate_limit_enabled = ?, "
      "rate_limit_time_window = ?, rate_limit_max = ?, permissions = ?, updated_at = ? "
      "WHERE id = ?",
      {Nullable(k.name), std::int64_t{k.enabled}, Nullable(k.expires_at), Nullable(k.metadata),
       Nullable(k.remaining), Nullable(k.refill_amount), Nullable(k.refill_interval),
       std::int64_t{k.rate_limit_enabled}, Nullable(k.rate_limit_time_window),
       Nullable(k.rate_limit_max), Nullable(k.permissions), k.updated_at, k.id}));
  return {};
}

Result<void> DeleteKey(store::Transaction& tx, const std::string& id) {
  LK_TRY(tx.Exec("DELETE FROM api_keys WHERE id = ?", {id}));
  return {};
}

Result<std::int64_t> CountKeys(store::Transaction& tx, const std::string& reference_id) {
  LK_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT COUNT(*) AS n FROM api_keys WHERE reference_id = ?", {reference_id}));
  return rows.empty() ? std::int64_t{0} : rows.front().GetInt("n");
}

Result<std::int64_t> DeleteOwnerKeys(store::Transaction& tx, const std::string& reference_id) {
  return tx.Exec("DELETE FROM api_keys WHERE reference_id = ?", {reference_id});
}

Result<bool> ConsumeRemaining(store::Transaction& tx, const std::string& id, TimeMs now) {
  // The refill and the decrement each decide in their WHERE clause, on the
  // row as it is when the statement runs: of N racing uses exactly one
  // refills (it moves last_refill_at to now), and the decrement never takes
  // remaining below zero. Zero counts as unset, as in Better Auth.
  LK_ASSIGN_OR_RETURN(
      std::int64_t refilled,
      tx.Exec("UPDATE api_keys SET remaining = refill_amount - 1, last_refill_at = ?, "
              "updated_at = ? WHERE id = ? AND remaining IS NOT NULL "
              "AND refill_interval IS NOT NULL AND refill_interval <> 0 "
              "AND refill_amount IS NOT NULL AND refill_amount > 0 "
              "AND ? - COALESCE(last_refill_at, created_at) > refill_interval",
              {now, now, id, now}));
  if (refilled > 0) return true;
  LK_ASSIGN_OR_RETURN(std::int64_t taken,
                      tx.Exec("UPDATE api_keys SET remaining = remaining - 1, updated_at = ? "
                              "WHERE id = ? AND remaining > 0",
                              {now, id}));
  return taken > 0;
}

Result<std::optional<std::int64_t>> ConsumeRateLimit(store::Transaction& tx, const std::string& id,
                                                     TimeMs now) {
  // A new window (first use, or the last one more than a window ago)...
  LK_ASSIGN_OR_RETURN(
      std::int64_t started,
      tx.Exec(
          "UPDATE api_keys SET request_count = 1, last_request = ?, updated_at = ? "
          "WHERE id = ? AND (last_request IS NULL OR ? - last_request > rate_limit_time_window)",
          {now, now, id, now}));
  if (started > 0) return std::optional<std::int64_t>();
  // ...or one more in the current window, while below the max.
  LK_ASSIGN_OR_RETURN(std::int64_t counted,
                      tx.Exec("UPDATE api_keys SET request_count = request_count + 1, "
                              "last_request = ?, updated_at = ? "
                              "WHERE id = ? AND request_count < rate_limit_max",
                              {now, now, id}));
  if (counted > 0) return std::optional<std::int64_t>();
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT last_request, rate_limit_time_window "
                                          "FROM api_keys WHERE id = ?",
                                          {id}));
  std::int64_t wait = 0;
  if (!rows.empty()) {
    LK_ASSIGN_OR_RETURN(auto last, rows.front().GetNullableInt("last_request"));
    LK_ASSIGN_OR_RETURN(auto window, rows.front().GetNullableInt("rate_limit_time_window"));
    if (last && window) wait = std::max<std::int64_t>(0, *window - (now - *last));
  }
  return std::optional<std::int64_t>(wait);
}

Result<void> TouchKey(store::Transaction& tx, const std::string& id, TimeMs now) {
  LK_TRY(
      tx.Exec("UPDATE api_keys SET last_request = ?, updated_at = ? WHERE id = ?", {now, now, id}));
  return {};
}

}  // namespace latchkey::api_keys

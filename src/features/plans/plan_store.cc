#include "features/plans/plan_store.h"

#include <vector>

#include "features/plans/plan_settings.h"

namespace latchkey::plans {

std::string MonthOf(TimeMs now) { return FormatIsoTime(now).substr(0, 7); }

Result<std::optional<SubjectRow>> FindSubject(store::Transaction& tx, const Subject& subject) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT plan, spend_cap_cents FROM plan_subjects "
                                          "WHERE subject_type = ? AND subject_id = ?",
                                          {subject.type, subject.id}));
  if (rows.empty()) return std::optional<SubjectRow>();
  SubjectRow row;
  LK_ASSIGN_OR_RETURN(row.plan, rows.front().GetString("plan"));
  LK_ASSIGN_OR_RETURN(row.spend_cap_cents, rows.front().GetNullableInt("spend_cap_cents"));
  return std::optional(std::move(row));
}

Result<void> SaveSubject(store::Transaction& tx, const Subject& subject, const SubjectRow& row,
                         TimeMs now) {
  store::Value cap = nullptr;
  if (row.spend_cap_cents) cap = *row.spend_cap_cents;
  LK_TRY(tx.Exec(
      "INSERT INTO plan_subjects (subject_type, subject_id, plan, spend_cap_cents, updated_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (subject_type, subject_id) DO UPDATE SET "
      "plan = excluded.plan, spend_cap_cents = excluded.spend_cap_cents, "
      "updated_at = excluded.updated_at",
      {subject.type, subject.id, row.plan, cap, now}));
  return {};
}

Result<std::map<std::string, std::int64_t>> UsageIn(store::Transaction& tx, const Subject& subject,
                                                    std::string_view month) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT meter, used FROM plan_usage WHERE subject_type = ? AND "
                               "subject_id = ? AND month = ?",
                               {subject.type, subject.id, std::string(month)}));
  std::map<std::string, std::int64_t> out;
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(std::string meter, row.GetString("meter"));
    LK_ASSIGN_OR_RETURN(out[meter], row.GetInt("used"));
  }
  return out;
}

Result<bool> ClaimRecord(store::Transaction& tx, std::string_view key_id,
                         std::string_view idempotency_key, const Subject& subject,
                         std::string_view meter, std::int64_t quantity, std::string_view month,
                         TimeMs now) {
  LK_ASSIGN_OR_RETURN(
      std::int64_t added,
      tx.Exec("INSERT INTO plan_usage_records (key_id, idempotency_key, subject_type, subject_id, "
              "meter, quantity, month, accepted, used_after, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?) "
              "ON CONFLICT (key_id, idempotency_key) DO NOTHING",
              {std::string(key_id), std::string(idempotency_key), subject.type, subject.id,
               std::string(meter), quantity, std::string(month), now}));
  return added == 1;
}

Result<std::optional<StoredRecord>> FindRecord(store::Transaction& tx, std::string_view key_id,
                                               std::string_view idempotency_key) {
  LK_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT subject_type, subject_id, meter, quantity, month, accepted, used_after "
               "FROM plan_usage_records WHERE key_id = ? AND idempotency_key = ?",
               {std::string(key_id), std::string(idempotency_key)}));
  if (rows.empty()) return std::optional<StoredRecord>();
  const store::Row& row = rows.front();
  StoredRecord r;
  LK_ASSIGN_OR_RETURN(r.subject_type, row.GetString("subject_type"));
  LK_ASSIGN_OR_RETURN(r.subject_id, row.GetString("subject_id"));
  LK_ASSIGN_OR_RETURN(r.meter, row.GetString("meter"));
  LK_ASSIGN_OR_RETURN(r.quantity, row.GetInt("quantity"));
  LK_ASSIGN_OR_RETURN(r.month, row.GetString("month"));
  LK_ASSIGN_OR_RETURN(std::int64_t accepted, row.GetInt("accepted"));
  r.accepted = accepted != 0;
  LK_ASSIGN_OR_RETURN(r.used_after, row.GetInt("used_after"));
  return std::optional(std::move(r));
}

Result<void> SettleRecord(store::Transaction& tx, std::string_view key_id,
                          std::string_view idempotency_key, bool accepted,
                          std::int64_t used_after) {
  LK_TRY(
      tx.Exec("UPDATE plan_usage_records SET accepted = ?, used_after = ? "
              "WHERE key_id = ? AND idempotency_key = ?",
              {std::int64_t{accepted ? 1 : 0}, used_after, std::string(key_id),
               std::string(idempotency_key)}));
  return {};
}

Result<std::optional<std::int64_t>> AddUsage(store::Transaction& tx, const Subject& subject,
                                             std::string_view month, std::string_view meter,
                                             std::int64_t quantity, std::int64_t cap) {
  LK_TRY(
      tx.Exec("INSERT INTO plan_usage (subject_type, subject_id, month, meter, used) "
              "VALUES (?, ?, ?, ?, 0) "
              "ON CONFLICT (subject_type, subject_id, month, meter) DO NOTHING",
              {subject.type, subject.id, std::string(month), std::string(meter)}));
  // The WHERE decides on the row as it is when the statement runs (a
  // PostgreSQL writer waits for the row lock and re-checks it), so of N
  // racing records only those that find the counter below the cap add.
  std::string sql =
      "UPDATE plan_usage SET used = used + ? WHERE subject_type = ? AND subject_id = ? "
      "AND month = ? AND meter = ?";
  std::vector<store::Value> args = {quantity, subject.type, subject.id, std::string(month),
                                    std::string(meter)};
  if (cap != kUnlimited) {
    sql += " AND used < ?";
    args.emplace_back(cap);
  }
  sql += " RETURNING used";
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, args));
  if (rows.empty()) return std::optional<std::int64_t>();
  LK_ASSIGN_OR_RETURN(std::int64_t used, rows.front().GetInt("used"));
  return std::optional(used);
}

Result<std::int64_t> UsageOf(store::Transaction& tx, const Subject& subject, std::string_view month,
                             std::string_view meter) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT used FROM plan_usage WHERE subject_type = ? AND "
                               "subject_id = ? AND month = ? AND meter = ?",
                               {subject.type, subject.id, std::string(month), std::string(meter)}));
  if (rows.empty()) return std::int64_t{0};
  return rows.front().GetInt("used");
}

Result<bool> NoteOnce(store::Transaction& tx, const Subject& subject, std::string_view month,
                      int level, TimeMs now) {
  LK_ASSIGN_OR_RETURN(
      std::int64_t added,
      tx.Exec("INSERT INTO plan_notices (subject_type, subject_id, month, level, "
              "created_at) VALUES (?, ?, ?, ?, ?) "
              "ON CONFLICT (subject_type, subject_id, month, level) DO NOTHING",
              {subject.type, subject.id, std::string(month), std::int64_t{level}, now}));
  return added == 1;
}

}  // namespace latchkey::plans

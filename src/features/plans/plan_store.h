// Typed access to the plans feature's tables (migrations/0001_create_plans.sql).
// The usage counter moves only by one conditional UPDATE whose WHERE decides
// (used < cap), so parallel records cannot overspend by more than one.
// Thread-safety: stateless functions; a Transaction belongs to one thread.
#ifndef LK_FEATURES_PLANS_PLAN_STORE_H_
#define LK_FEATURES_PLANS_PLAN_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::plans {

struct Subject {
  std::string type;  // "user" | "organization"
  std::string id;
};

struct SubjectRow {
  std::string plan;
  std::optional<std::int64_t> spend_cap_cents;  // the owner's own lower cap
};

struct StoredRecord {
  bool accepted = false;
  std::string subject_type;
  std::string subject_id;
  std::string meter;
  std::int64_t quantity = 0;
  std::string month;
  std::int64_t used_after = 0;
};

// "2026-12": the UTC month of `now`.
std::string MonthOf(TimeMs now);

Result<std::optional<SubjectRow>> FindSubject(store::Transaction& tx, const Subject& subject);
// Sets the plan and the own cap (nullopt: none) of `subject`.
Result<void> SaveSubject(store::Transaction& tx, const Subject& subject, const SubjectRow& row,
                         TimeMs now);

// Every meter's use of `subject` in `month`.
Result<std::map<std::string, std::int64_t>> UsageIn(store::Transaction& tx, const Subject& subject,
                                                    std::string_view month);

// Claims (key_id, idempotency_key) for a new record; false when a record
// holds it already (the caller reads it with FindRecord).
Result<bool> ClaimRecord(store::Transaction& tx, std::string_view key_id,
                         std::string_view idempotency_key, const Subject& subject,
                         std::string_view meter, std::int64_t quantity, std::string_view month,
                         TimeMs now);
Result<std::optional<StoredRecord>> FindRecord(store::Transaction& tx, std::string_view key_id,
                                               std::string_view idempotency_key);
Result<void> SettleRecord(store::Transaction& tx, std::string_view key_id,
                          std::string_view idempotency_key, bool accepted, std::int64_t used_after);

// Adds `quantity` to the counter when it is below `cap` (kUnlimited: always).
// Returns the counter after the add, or nullopt when it was at the cap.
Result<std::optional<std::int64_t>> AddUsage(store::Transaction& tx, const Subject& subject,
                                             std::string_view month, std::string_view meter,
                                             std::int64_t quantity, std::int64_t cap);
// The counter as it is (0 when none).
Result<std::int64_t> UsageOf(store::Transaction& tx, const Subject& subject, std::string_view month,
                             std::string_view meter);

// True the first time (subject, month, level) is noted.
Result<bool> NoteOnce(store::Transaction& tx, const Subject& subject, std::string_view month,
                      int level, TimeMs now);

}  // namespace latchkey::plans

#endif  // LK_FEATURES_PLANS_PLAN_STORE_H_

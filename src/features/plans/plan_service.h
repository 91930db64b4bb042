// What the plans routes and hooks share (docs/plans.md): a subject's plan
// and caps, this month's usage, the count-limit check the platform's
// before-limited-create hook runs, usage recording with its warning mails,
// and the plan and capped state sessions carry.
// Thread-safety: immutable after construction; safe to share.
#ifndef LK_FEATURES_PLANS_PLAN_SERVICE_H_
#define LK_FEATURES_PLANS_PLAN_SERVICE_H_

#include <optional>
#include <string>

#include "features/common/mail_queue.h"
#include "features/plans/plan_settings.h"
#include "features/plans/plan_store.h"
#include "features/platform/hooks.h"
#include "features/services.h"
#include "features/sessions/session_service.h"

namespace latchkey::plans {

// A subject's plan as it stands.
struct Standing {
  const Plan* plan = nullptr;
  std::optional<std::int64_t> own_spend_cap;  // the owner's lower cap, if set
};

// One usage record as POST /usage takes it.
struct UsageRecord {
  std::string key_id;  // the API key that records
  std::string idempotency_key;
  Subject subject;
  std::string meter;
  std::int64_t quantity = 0;
};

// What a record answered (a retry gets it again).
struct RecordAnswer {
  bool accepted = false;
  std::string month;
  std::int64_t used = 0;
  std::int64_t cap = kUnlimited;
};

class PlanService {
 public:
  PlanService(const Services& services, const sessions::SessionService& sessions, MailQueue& mail);

  const PlanSettings& settings() const { return settings_; }
  // The plans clock: services.clock, ahead by plans_test_clock_offset_days.
  TimeMs Now() const;

  Result<Standing> Load(store::Transaction& tx, const Subject& subject) const;
  // The monthly cap of `meter` for `standing` (kUnlimited when none); the
  // spend meter's is the lower of the plan's and the owner's own.
  static std::int64_t CapOf(const Standing& standing, std::string_view meter);
  // Whether any monthly meter of `subject` is at its cap this month.
  Result<bool> IsCapped(store::Transaction& tx, const Subject& subject) const;
  // {"subject","plan","features","limits","usage","caps","capped","month"}.
  Result<std::string> LimitsJson(store::Transaction& tx, const Subject& subject) const;
  // {"subject","plan","features","transitions"}.
  Result<std::string> PlanJson(store::Transaction& tx, const Subject& subject) const;

  // The before-limited-create hook. Errors: PLAN_LIMIT_REACHED (402).
  Result<void> CheckCreate(store::Transaction& tx, const platform::LimitedCreateEvent& event) const;

  // Counts `record` once: a retry returns the first answer. Errors:
  // UNKNOWN_METER (400). A refusal at the cap is an answer, not an error.
  Result<RecordAnswer> Record(store::Transaction& tx, const UsageRecord& record) const;

  // Saves a new plan or own cap; drops the user's cached sessions when the
  // subject is a user (their `plan` and `capped` fields change).
  Result<void> Save(store::Transaction& tx, const Subject& subject, const SubjectRow& row) const;

  // Whether `subject` exists (a user, or an organization per its owner's store).
  Result<bool> Exists(store::Transaction& tx, const Subject& subject) const;

  // The session-fields hook: `plan` and `capped` of the session's user.
  Result<void> AddSessionFields(store::Transaction& tx, sessions::SessionWithUser& found) const;

 private:
  // Mails the warning for `level` (80 or 100) once per month.
  Result<void> Warn(store::Transaction& tx, const Subject& subject, std::string_view month,
                    std::string_view meter, int level, std::int64_t cap) const;

  const Services& services_;
  const PlanSettings settings_;
  const sessions::SessionService& sessions_;
  MailQueue& mail_;
};

}  // namespace latchkey::plans

#endif  // LK_FEATURES_PLANS_PLAN_SERVICE_H_

#include "features/plans/plan_service.h"

#include <algorithm>

#include "core/json_writer.h"
#include "features/common/mail_layout.h"
#include "features/organizations/org_access.h"
#include "features/organizations/org_store.h"
#include "features/plans/plans_errors.h"
#include "features/users/user_store.h"

namespace latchkey::plans {
namespace {

constexpr TimeMs kDayMs = 24LL * 60 * 60 * 1000;

// "requests_per_month" → "requests".
std::string MeterOf(std::string_view monthly_limit) {
  return std::string(monthly_limit.substr(0, monthly_limit.size() - sizeof("_per_month") + 1));
}

std::string SubjectJson(const Subject& subject) {
  std::string out;
  json::ObjectWriter(out).String("type", subject.type).String("id", subject.id).Close();
  return out;
}

// "null" for kUnlimited.
std::string LimitJson(std::int64_t limit) {
  return limit == kUnlimited ? std::string("null") : std::to_string(limit);
}

}  // namespace

PlanService::PlanService(const Services& services, const sessions::SessionService& sessions,
                         MailQueue& mail)
    : services_(services),
      settings_(services.config.Get<PlanSettings>()),
      sessions_(sessions),
      mail_(mail) {}

TimeMs PlanService::Now() const {
  return services_.clock.NowMs() + settings_.plans_test_clock_offset_days * kDayMs;
}

Result<Standing> PlanService::Load(store::Transaction& tx, const Subject& subject) const {
  LK_ASSIGN_OR_RETURN(auto row, FindSubject(tx, subject));
  Standing out;
  std::string plan = settings_.plan_default;
  if (row) {
    // A plan the configuration no longer lists falls back to the default.
    if (settings_.parsed.contains(row->plan)) plan = row->plan;
    out.own_spend_cap = row->spend_cap_cents;
  }
  out.plan = &settings_.parsed.find(plan)->second;
  return out;
}

std::int64_t PlanService::CapOf(const Standing& standing, std::string_view meter) {
  const std::int64_t plan_cap = standing.plan->Limit(std::string(meter) + "_per_month");
  if (meter != kSpendMeter || !standing.own_spend_cap) return plan_cap;
  if (plan_cap == kUnlimited) return *standing.own_spend_cap;
  return std::min(plan_cap, *standing.own_spend_cap);
}

Result<bool> PlanService::IsCapped(store::Transaction& tx, const Subject& subject) const {
  LK_ASSIGN_OR_RETURN(Standing standing, Load(tx, subject));
  LK_ASSIGN_OR_RETURN(auto usage, UsageIn(tx, subject, MonthOf(Now())));
  for (std::string_view limit : kMonthlyLimits) {
    const std::string meter = MeterOf(limit);
    const std::int64_t cap = CapOf(standing, meter);
    auto used = usage.find(meter);
    if (cap != kUnlimited && used != usage.end() && used->second >= cap) return true;
  }
  return false;
}

Result<std::string> PlanService::PlanJson(store::Transaction& tx, const Subject& subject) const {
  LK_ASSIGN_OR_RETURN(Standing standing, Load(tx, subject));
  std::string out;
  json::ObjectWriter(out)
      .Raw("subject", SubjectJson(subject))
      .String("plan", standing.plan->id)
      .Raw("features", json::StringArray(standing.plan->features))
      .Raw("transitions", json::StringArray(standing.plan->transitions))
      .Close();
  return out;
}

Result<std::string> PlanService::LimitsJson(store::Transaction& tx, const Subject& subject) const {
  LK_ASSIGN_OR_RETURN(Standing standing, Load(tx, subject));
  const std::string month = MonthOf(Now());
  LK_ASSIGN_OR_RETURN(auto usage, UsageIn(tx, subject, month));
  std::string limits;
  {
    json::ObjectWriter w(limits);
    for (const auto& [name, value] : standing.plan->limits) w.Raw(name, LimitJson(value));
    w.Close();
  }
  std::string used_json;
  std::string caps_json;
  std::string capped_json;
  bool capped = false;
  {
    json::ObjectWriter used_w(used_json);
    json::ObjectWriter caps_w(caps_json);
    json::ObjectWriter capped_w(capped_json);
    for (std::string_view limit : kMonthlyLimits) {
      const std::string meter = MeterOf(limit);
      auto found = usage.find(meter);
      const std::int64_t used = found == usage.end() ? 0 : found->second;
      const std::int64_t cap = CapOf(standing, meter);
      const bool at_cap = cap != kUnlimited && used >= cap;
      capped = capped || at_cap;
      used_w.Int(meter, used);
      caps_w.Raw(meter, LimitJson(cap));
      capped_w.Bool(meter, at_cap);
    }
    used_w.Close();
    caps_w.Close();
    capped_w.Close();
  }
  std::string out;
  json::ObjectWriter w(out);
  w.Raw("subject", SubjectJson(subject))
      .String("plan", standing.plan->id)
      .Raw("features", json::StringArray(standing.plan->features))
      .String("month", month)
      .Raw("limits", limits)
      .Raw("usage", used_json)
      .Raw("caps", caps_json);
  if (standing.own_spend_cap) {
    w.Int("ownSpendCapCents", *standing.own_spend_cap);
  } else {
    w.Raw("ownSpendCapCents", "null");
  }
  w.Raw("cappedMeters", capped_json).Bool("capped", capped).Close();
  return out;
}

Result<void> PlanService::CheckCreate(store::Transaction& tx,
                                      const platform::LimitedCreateEvent& event) const {
  LK_ASSIGN_OR_RETURN(Standing standing, Load(tx, Subject{std::string(event.subject_type),
                                                          std::string(event.subject_id)}));
  const std::int64_t limit = standing.plan->Limit(event.limit);
  if (limit != kUnlimited && event.current >= limit) {
    Error error = MakeError(errors::kPlanLimitReached);
    error.wire_message = "The plan's limit is reached (" + std::string(event.limit) + ": " +
                         std::to_string(limit) + ")";
    return Fail(std::move(error));
  }
  return {};
}

Result<RecordAnswer> PlanService::Record(store::Transaction& tx, const UsageRecord& record) const {
  LK_ASSIGN_OR_RETURN(Standing standing, Load(tx, record.subject));
  const auto& limits = standing.plan->limits;
  if (!limits.contains(record.meter + "_per_month")) return Fail(MakeError(errors::kUnknownMeter));
  const TimeMs now = Now();
  RecordAnswer answer{.month = MonthOf(now), .cap = CapOf(standing, record.meter)};
  LK_ASSIGN_OR_RETURN(bool fresh, ClaimRecord(tx, record.key_id, record.idempotency_key,
                                              record.subject, record.meter, record.quantity,
                                              answer.month, services_.clock.NowMs()));
  if (!fresh) {
    LK_ASSIGN_OR_RETURN(auto stored, FindRecord(tx, record.key_id, record.idempotency_key));
    if (!stored) return Fail(InternalError("usage record vanished"));
    return RecordAnswer{.accepted = stored->accepted,
                        .month = stored->month,
                        .used = stored->used_after,
                        .cap = answer.cap};
  }
  LK_ASSIGN_OR_RETURN(auto used, AddUsage(tx, record.subject, answer.month, record.meter,
                                          record.quantity, answer.cap));
  answer.accepted = used.has_value();
  if (used) {
    answer.used = *used;
  } else {
    LK_ASSIGN_OR_RETURN(answer.used, UsageOf(tx, record.subject, answer.month, record.meter));
  }
  LK_TRY(SettleRecord(tx, record.key_id, record.idempotency_key, answer.accepted, answer.used));
  if (!answer.accepted || answer.cap == kUnlimited || answer.cap == 0) return answer;
  const std::int64_t before = answer.used - record.quantity;
  // 80 %: before*5 < cap*4 <= used*5, in integers.
  if (before * 5 < answer.cap * 4 && answer.used * 5 >= answer.cap * 4) {
    LK_TRY(Warn(tx, record.subject, answer.month, record.meter, 80, answer.cap));
  }
  if (before < answer.cap && answer.used >= answer.cap) {
    LK_TRY(Warn(tx, record.subject, answer.month, record.meter, 100, answer.cap));
    // Capped now: sessions and JWTs say so from the next lookup on.
    if (record.subject.type == "user") LK_TRY(sessions_.InvalidateUser(tx, record.subject.id));
  }
  return answer;
}

Result<void> PlanService::Warn(store::Transaction& tx, const Subject& subject,
                               std::string_view month, std::string_view meter, int level,
                               std::int64_t cap) const {
  LK_ASSIGN_OR_RETURN(bool first, NoteOnce(tx, subject, month, level, services_.clock.NowMs()));
  if (!first) return {};
  std::vector<users::User> recipients;
  if (subject.type == "user") {
    LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, subject.id));
    if (user) recipients.push_back(std::move(*user));
  } else {
    LK_ASSIGN_OR_RETURN(auto members,
                        organizations::org_store::ListMembers(tx, subject.id, {.limit = 1000}));
    for (auto& m : members) {
      if (organizations::HasRole(m.member.role, organizations::kOwnerRole)) {
        recipients.push_back(std::move(m.user));
      }
    }
  }
  const std::string what = std::string(meter) + " (" + std::to_string(cap) + " this month)";
  for (const users::User& user : recipients) {
    MailContent content;
    content.greeting_name = user.name;
    if (level >= 100) {
      content.subject = "Monthly cap reached";
      content.before = {"Your " + std::string(subject.type == "user" ? "account" : "organization") +
                            " has reached its monthly cap for " + what + ".",
                        "Further usage is refused until next month (UTC) or a higher plan."};
    } else {
      content.subject = "80 % of your monthly cap used";
      content.before = {"Your " + std::string(subject.type == "user" ? "account" : "organization") +
                        " has used 80 % of its monthly cap for " + what + "."};
    }
    content.after = {"Month: " + std::string(month) + "."};
    LK_TRY(mail_.Send(tx, ComposeMail(services_.config, user.email, content)));
  }
  return {};
}

Result<void> PlanService::Save(store::Transaction& tx, const Subject& subject,
                               const SubjectRow& row) const {
  LK_TRY(SaveSubject(tx, subject, row, services_.clock.NowMs()));
  if (subject.type == "user") LK_TRY(sessions_.InvalidateUser(tx, subject.id));
  return {};
}

Result<bool> PlanService::Exists(store::Transaction& tx, const Subject& subject) const {
  if (subject.type == "user") {
    LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, subject.id));
    return user.has_value();
  }
  LK_ASSIGN_OR_RETURN(auto org, organizations::org_store::FindOrganization(tx, subject.id));
  return org.has_value();
}

Result<void> PlanService::AddSessionFields(store::Transaction& tx,
                                           sessions::SessionWithUser& found) const {
  const Subject subject{"user", found.user.id};
  LK_ASSIGN_OR_RETURN(Standing standing, Load(tx, subject));
  LK_ASSIGN_OR_RETURN(bool capped, IsCapped(tx, subject));
  std::string plan;
  json::AppendString(plan, standing.plan->id);
  found.session.extra_fields.emplace_back("plan", std::move(plan));
  found.session.extra_fields.emplace_back("capped", capped ? "true" : "false");
  return {};
}

}  // namespace latchkey::plans

// AbuseGuard's second-factor lockout (docs/operations.md "Two-factor
// authentication"): the same lockout store and device scopes as passwords,
// counted in LockoutScope::kTwoFactor.
#include "core/json_writer.h"
#include "features/abuse/abuse_guard.h"
#include "features/audit/audit.h"
#include "features/common/mail_layout.h"
#include "features/users/user_store.h"
#include "observability/log.h"

namespace latchkey::abuse {

Result<void> AbuseGuard::BeforeSecondFactor(const http::Request& request, std::string_view email) {
  const Attempt scope = ScopeOf(request, email);
  const LockStatus status =
      lockout_->Check(LockoutScope::kTwoFactor, scope.lock_key, clock_.NowMs());
  if (!status.locked) return {};
  std::string details;
  json::ObjectWriter(details).String("reason", "two_factor_locked").Close();
  Decide(request, "locked", scope.lock_key, std::move(details));
  return Fail(AccountLockedError(status));
}

void AbuseGuard::AfterSecondFactor(const http::Request& request, std::string_view email,
                                   const std::string& user_id, bool success) {
  const TimeMs now = clock_.NowMs();
  const Attempt scope = ScopeOf(request, email);
  if (success) {
    lockout_->RecordSuccess(LockoutScope::kTwoFactor, scope.lock_key, now);
    return;
  }
  const LockStatus before = lockout_->Check(LockoutScope::kTwoFactor, scope.lock_key, now);
  const LockStatus after = lockout_->RecordFailure(LockoutScope::kTwoFactor, scope.lock_key, now);
  if (!after.locked || before.locked) return;
  DecisionCounter("account_locked").Inc();
  MailSecondFactorLocked(request, user_id, after.retry_after_ms);
}

void AbuseGuard::MailSecondFactorLocked(const http::Request& request, const std::string& user_id,
                                        std::int64_t retry_after_ms) {
  auto done = store::InTransaction(store_, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, user_id));
    std::string details;
    json::ObjectWriter(details)
        .String("scope", "two_factor")
        .Int("locked_for_s", retry_after_ms / 1000)
        .Close();
    LK_TRY(audit::RecordInTransaction(tx, clock_, request,
                                      {.type = "abuse.account_locked",
                                       .outcome = audit::kFailure,
                                       .user_id = user ? user->id : "",
                                       .details_json = details}));
    if (!user) return {};
    const std::string until = FormatIsoTime(clock_.NowMs() + retry_after_ms);
    return mail_.Send(
        tx, ComposeMail(config_, user->email,
                        {.subject = "Two-factor sign-in to your account is paused",
                         .greeting_name = user->name,
                         .before = {"Someone entered your password correctly, then several wrong "
                                    "two-factor codes. Two-factor sign-in to your account is "
                                    "paused until " +
                                    until + " (UTC)."},
                         .after = {"If this was not you, your password is known to someone else: "
                                   "change it now, to a long one you use nowhere else. A device "
                                   "you trusted or signed in from before is not affected."}}));
  });
  if (!done) log::Warn("lockout notice failed", {{"detail", done.error().detail}});
}

}  // namespace latchkey::abuse

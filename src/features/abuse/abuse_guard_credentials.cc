// AbuseGuard's CredentialGuard half: what credential routes call around the
// password check (CAPTCHA after K failures, lockout, the new-password policy).
#include "core/json_writer.h"
#include "features/abuse/abuse_guard.h"
#include "features/abuse/limits/request_limits.h"
#include "features/audit/audit.h"
#include "features/common/mail_layout.h"
#include "features/users/user_store.h"
#include "observability/log.h"
#include "observability/metrics.h"

namespace latchkey::abuse {
namespace {

constexpr int kMaxInFlight = 2;

std::string AccountDetails(std::string_view reason) {
  std::string details;
  json::ObjectWriter(details).String("reason", reason).Close();
  return details;
}

}  // namespace

Result<void> AbuseGuard::BeforeSignIn(const http::Request& request, std::string_view email) {
  return BeginAttempt(request, "sign-in", email, /*captcha_after_failures=*/true);
}

Result<void> AbuseGuard::BeforePasswordCheck(const http::Request& request, std::string_view route,
                                             std::string_view email) {
  return BeginAttempt(request, route, email, /*captcha_after_failures=*/false);
}

AbuseGuard::Attempt AbuseGuard::ScopeOf(const http::Request& request,
                                        std::string_view email) const {
  Attempt attempt{.account = AccountKey(email)};
  attempt.lock_key = attempt.account;
  if (devices_ == nullptr) return attempt;
  auto device = devices_->Recognize(store_, request, email);
  if (!device) {
    // Fail towards the stricter, shared scope.
    log::Warn("device lookup failed", {{"detail", device.error().detail}});
    return attempt;
  }
  if (!device->empty()) attempt.lock_key = DeviceLockoutKey(attempt.account, *device);
  return attempt;
}

Result<void> AbuseGuard::BeginAttempt(const http::Request& request, std::string_view route,
                                      std::string_view email, bool captcha_after_failures) {
  const TimeMs now = clock_.NowMs();
  Attempt attempt = ScopeOf(request, email);
  // The account's failure count asks strangers for a CAPTCHA; a known device
  // answers only for its own failures.
  const std::string account_failures = "acct|" + attempt.lock_key;
  auto mode = captcha_ ? captcha_routes_.find(route) : captcha_routes_.end();
  // "always": OnRequest() already verified this request's token, which a
  // provider accepts only once.
  bool captcha_solved = mode != captcha_routes_.end() && mode->second == 0;
  if (captcha_after_failures && mode != captcha_routes_.end() && mode->second > 0 &&
      (failures_->Count("addr|" + ClientKey(request), now) >= mode->second ||
       failures_->Count(account_failures, now) >= mode->second)) {
    LK_TRY(RequireCaptcha(request, route));
    captcha_solved = true;
  }
  LockStatus status = lockout_->Check(LockoutScope::kPassword, attempt.lock_key, now);
  if (status.locked) {
    // ASVS 2.2.1: a lock anyone can set must not keep the owner out. A
    // solved CAPTCHA lets this attempt through; a wrong password still
    // counts (AfterSignIn).
    if (captcha_ && request.Header("x-captcha-response")) {
      if (!captcha_solved) LK_TRY(RequireCaptcha(request, route));
      attempt.through_lock = true;
    } else {
      Decide(request, "locked", attempt.lock_key, AccountDetails("account_locked"));
      return Fail(AccountLockedError(status));
    }
  }
  // At most kMaxInFlight attempts per lockout key run at once: the lockout
  // counts failures after their hash, so parallel guesses must not all start
  // before any is counted (docs/operations.md). A user does not sign in
  // to one account twice at the same moment.
  // With Redis the slots are shared: two nodes do not double the guesses.
  attempt.slot = in_flight_->Acquire(attempt.lock_key, kMaxInFlight);
  if (attempt.slot != InFlightLimit::Slot::kRefused) {
    std::lock_guard lock(attempts_mu_);
    attempts_.insert_or_assign(&request, std::move(attempt));
    return {};
  }
  Decide(request, "concurrent_attempts", attempt.lock_key, AccountDetails("concurrent_attempts"));
  return Fail(RateLimitedError(Decision{.allowed = false, .retry_after_ms = 1000}));
}

AbuseGuard::Attempt AbuseGuard::EndAttempt(const http::Request& request, std::string_view email) {
  Attempt attempt;
  {
    std::lock_guard lock(attempts_mu_);
    if (auto node = attempts_.extract(&request)) attempt = std::move(node.mapped());
  }
  if (attempt.lock_key.empty()) {
    attempt.account = AccountKey(email);
    attempt.lock_key = attempt.account;
  }
  in_flight_->Release(attempt.lock_key, attempt.slot);
  return attempt;
}

void AbuseGuard::AfterSignIn(const http::Request& request, std::string_view email,
                             const std::string& user_id, bool success) {
  const TimeMs now = clock_.NowMs();
  const Attempt attempt = EndAttempt(request, email);
  const std::string account_failures = "acct|" + attempt.lock_key;
  if (success) {
    // The lock itself stays: the owner signing in must not reset an
    // attacker's back-off.
    lockout_->RecordSuccess(LockoutScope::kPassword, attempt.lock_key, now);
    failures_->Clear(account_failures);
    return;
  }
  failures_->Add("addr|" + ClientKey(request), now);
  failures_->Add(account_failures, now);
  const LockStatus before = lockout_->Check(LockoutScope::kPassword, attempt.lock_key, now);
  LockStatus after = lockout_->RecordFailure(
      LockoutScope::kPassword, attempt.lock_key, now,
      attempt.through_lock ? FailureAdmission::kThroughLock : FailureAdmission::kNormal);
  if (!after.locked || before.locked) return;  // this failure did not start a lock
  DecisionCounter("account_locked").Inc();
  // Unknown e-mails lock the same way (the answer must not differ); only a
  // real account has an owner to tell.
  MailLockedOwner(request, user_id, after.retry_after_ms);
}

void AbuseGuard::AfterPasswordReset(const http::Request& request, std::string_view email,
                                    const std::string& user_id) {
  const std::string account = AccountKey(email);
  const bool was_locked = lockout_->Check(LockoutScope::kPassword, account, clock_.NowMs()).locked;
  lockout_->Clear(LockoutScope::kPassword, account);
  failures_->Clear("acct|" + account);
  if (!was_locked) return;
  DecisionCounter("lock_cleared").Inc();
  auto recorded = audit::RecordStandalone(store_, clock_, request,
                                          {.type = "abuse.lock_cleared",
                                           .outcome = audit::kSuccess,
                                           .user_id = user_id,
                                           .details_json = AccountDetails("password_reset")});
  if (!recorded) log::Warn("abuse audit failed", {{"detail", recorded.error().detail}});
}

bool AbuseGuard::IsLocked(std::string_view email) const {
  const std::string account = AccountKey(email);
  const std::int64_t now = clock_.NowMs();
  return lockout_->Check(LockoutScope::kPassword, account, now).locked ||
         lockout_->Check(LockoutScope::kTwoFactor, account, now).locked;
}

void AbuseGuard::Unlock(std::string_view email) {
  const std::string account = AccountKey(email);
  if (IsLocked(email)) DecisionCounter("lock_cleared").Inc();
  lockout_->Clear(LockoutScope::kPassword, account);
  lockout_->Clear(LockoutScope::kTwoFactor, account);
  failures_->Clear("acct|" + account);
}

Result<void> AbuseGuard::LimitAccount(const http::Request& request, std::string_view route,
                                      std::string_view email) {
  if (!settings_.rate_limit) return {};
  // 5 mails of one kind per account per hour: enough for a user who lost a
  // mail or two, too few to bury an inbox.
  static constexpr Rule kPerAccount{.window_ms = std::int64_t{3600} * 1000, .max = 5};
  const std::string key = "acct|" + std::string(route) + "|" + AccountKey(email);
  Decision d = limiter_->Hit(key, kPerAccount, clock_.NowMs());
  if (d.allowed) return {};
  std::string details;
  json::ObjectWriter(details).String("route", route).Close();
  Decide(request, "account_rate_limited", key, details);
  return Fail(RateLimitedError(d));
}

void AbuseGuard::AbortSignIn(const http::Request& request, std::string_view email) {
  EndAttempt(request, email);
}

void AbuseGuard::MailLockedOwner(const http::Request& request, const std::string& user_id,
                                 std::int64_t retry_after_ms) {
  auto done = store::InTransaction(store_, [&](store::Transaction& tx) -> Result<void> {
    std::optional<users::User> user;
    if (!user_id.empty()) {
      LK_ASSIGN_OR_RETURN(user, users::FindUserById(tx, user_id));
    }
    std::string details;
    json::ObjectWriter(details).Int("locked_for_s", retry_after_ms / 1000).Close();
    LK_TRY(audit::RecordInTransaction(tx, clock_, request,
                                      {.type = "abuse.account_locked",
                                       .outcome = audit::kFailure,
                                       .user_id = user ? user->id : "",
                                       .details_json = details}));
    if (!user) return {};
    const std::string until = FormatIsoTime(clock_.NowMs() + retry_after_ms);
    // How the owner gets in anyway (ASVS 2.2.1): a known device, a reset.
    std::vector<std::string> after = {
        devices_ && devices_->enabled()
            ? "You can still sign in from a device you have signed in from before, and "
              "resetting your password lifts the pause."
            : "Resetting your password lifts the pause.",
        "If these attempts were not yours, someone may be guessing your password. Once you "
        "can sign in, consider changing it to a long one you use nowhere else."};
    return mail_.Send(
        tx, ComposeMail(config_, user->email,
                        {.subject = "Sign-in to your account is paused",
                         .greeting_name = user->name,
                         .before = {"After several failed sign-in attempts, sign-in to your "
                                    "account is paused until " +
                                    until + " (UTC)."},
                         .after = std::move(after)}));
  });
  if (!done) log::Warn("lockout notice failed", {{"detail", done.error().detail}});
}

Result<PasswordWarning> AbuseGuard::CheckNewPassword(const http::Request& request,
                                                     std::string_view password,
                                                     std::span<const std::string> context) {
  LK_ASSIGN_OR_RETURN(PasswordReport report, passwords_->Evaluate(password, context));
  if (auto judged = passwords_->Judge(report); !judged) {
    Decide(request, "password_rejected",
           ClientKey(request) + "|" + std::string(judged.error().code),
           AccountDetails(judged.error().code));
    return Fail(std::move(judged).error());
  }
  PasswordWarning warning;
  warning.breached = report.breached.value_or(false);
  if (warning.breached) {
    Decide(request, "breached_password_warned", ClientKey(request),
           AccountDetails("breached_warn"));
  }
  return warning;
}

}  // namespace latchkey::abuse

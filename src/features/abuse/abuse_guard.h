// The abuse defences wired into the request path (issue 5):
//  * OnRequest(), an HTTP middleware: the client address (through trusted
//    proxies only, worked out afresh for every request), the per-address and
//    per-route rate limits (/api/auth, plus /metrics and /readyz), and
//    CAPTCHAs that a route always requires;
//  * the CredentialGuard hooks credential routes call: a CAPTCHA after K
//    failures for an address or account, account lockout (mailing the owner
//    when it locks), and the new-password policy.
// The lockout cannot be turned against the owner (ASVS 2.2.1): a device the
// account signed in from before (its device cookie, checked against
// known_devices) keeps its own count and lock; during a lock, a solved
// CAPTCHA admits the attempt (a wrong password still counts); a password
// reset lifts the lock.
// Refusals cost a counter lookup, never a password hash. Each decision is
// counted (latchkey_abuse_decisions_total) and audited; floods are audited
// at most once per key per minute so refusals never turn into a write each.
// Counters live in memory (one node) or, with a Redis client, in Redis for
// every node, falling back to the node's own while Redis is down
// (limits/shared_counters.h, docs/operations.md "Several nodes").
// Thread-safety: safe to call concurrently.
#ifndef LK_FEATURES_ABUSE_ABUSE_GUARD_H_
#define LK_FEATURES_ABUSE_ABUSE_GUARD_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "core/config.h"
#include "features/abuse/abuse_settings.h"
#include "features/abuse/checks/captcha_verifier.h"
#include "features/abuse/limits/client_address.h"
#include "features/abuse/limits/counters.h"
#include "features/abuse/limits/lockout.h"
#include "features/abuse/limits/memory_rate_limiter.h"
#include "features/abuse/limits/rules.h"
#include "features/abuse/limits/shared_counters.h"
#include "features/abuse/password_policy.h"
#include "features/common/credential_guard.h"
#include "features/common/mail_queue.h"
#include "features/sessions/known_devices.h"
#include "http/response.h"
#include "http/route.h"
#include "observability/metrics.h"
#include "store/redis/redis_client.h"
#include "store/store.h"

namespace latchkey::abuse {

// The lockout key of an e-mail: NFKC, then ASCII lower case, so case and
// compatibility-form variants of one address share one counter.
std::string AccountKey(std::string_view email);
// The rate-limit key of the request's client (IPv6: its /64).
std::string ClientKey(const http::Request& request);

class AbuseGuard final : public CredentialGuard {
 public:
  // Init() must succeed before the guard is used. `devices` (may be null:
  // no device has its own lockout) and `redis` (may be null: counters per
  // node) must outlive the guard.
  AbuseGuard(const Config& config, const Clock& clock, store::Store& store, MailQueue& mail,
             const sessions::KnownDevices* devices = nullptr,
             store::redis::Client* redis = nullptr);
  // Parses the rules, proxies and CAPTCHA settings; opens the pwned index.
  // Errors: INVALID_RATE_LIMIT_RULES, INVALID_TRUSTED_PROXY,
  // INVALID_CAPTCHA_ROUTES (kInvalidArgument); the pwned index's errors.
  Result<void> Init();

  std::optional<http::Response> OnRequest(http::Request& request, const http::RouteSpec* route);

  Result<void> BeforeSignIn(const http::Request& request, std::string_view email) override;
  Result<void> BeforePasswordCheck(const http::Request& request, std::string_view route,
                                   std::string_view email) override;
  void AfterPasswordReset(const http::Request& request, std::string_view email,
                          const std::string& user_id) override;
  // Whether the account's password or second-factor lock is in force.
  bool IsLocked(std::string_view email) const;
  // The route families (sign-up, …) whose every POST wants a solved CAPTCHA
  // (captcha_routes `always`); empty without a provider. After Init().
  std::vector<std::string> CaptchaAlwaysRoutes() const;
  // An operator lifts both locks and the failure counts (admin's
  // unlock-user; the caller records the audit event). Every node's with
  // Redis; without it, this node's (docs/operations.md).
  void Unlock(std::string_view email);
  void AfterSignIn(const http::Request& request, std::string_view email, const std::string& user_id,
                   bool success) override;
  void AbortSignIn(const http::Request& request, std::string_view email) override;
  Result<void> BeforeSecondFactor(const http::Request& request, std::string_view email) override;
  void AfterSecondFactor(const http::Request& request, std::string_view email,
                         const std::string& user_id, bool success) override;
  Result<void> LimitAccount(const http::Request& request, std::string_view route,
                            std::string_view email) override;
  Result<void> BeforeSignUp(const http::Request& request) override { return {}; }
  Result<PasswordWarning> CheckNewPassword(const http::Request& request, std::string_view password,
                                           std::span<const std::string> context) override;

  const PasswordPolicy& passwords() const { return *passwords_; }

 private:
  // One password attempt between Before…() and AfterSignIn()/AbortSignIn().
  struct Attempt {
    std::string account;        // AccountKey(email)
    std::string lock_key;       // the account, or DeviceLockoutKey() for a known device
    bool through_lock = false;  // admitted during a lock by a solved CAPTCHA
    InFlightLimit::Slot slot = InFlightLimit::Slot::kRefused;  // where its slot was taken
  };
  // BeforeSignIn() and BeforePasswordCheck(); `captcha_after_failures` runs
  // the CAPTCHA-after-K step of captcha_routes for `route`.
  Result<void> BeginAttempt(const http::Request& request, std::string_view route,
                            std::string_view email, bool captcha_after_failures);
  // The attempt's scope: the account's own, or its known device's when the
  // request's device cookie is one (a lookup failure counts as unknown).
  Attempt ScopeOf(const http::Request& request, std::string_view email) const;
  // Removes and returns the attempt BeginAttempt() stored for `request`, or
  // (never expected) the account's anonymous scope, and releases its slot.
  Attempt EndAttempt(const http::Request& request, std::string_view email);

  // Verifies the request's x-captcha-response. Errors: 400 MISSING_RESPONSE,
  // 403 VERIFICATION_FAILED (also a token solved on another host or for
  // another action), 503 CAPTCHA_UNAVAILABLE (provider down, closed).
  Result<void> RequireCaptcha(const http::Request& request, std::string_view route);
  void Decide(const http::Request& request, std::string_view decision, const std::string& key,
              std::string details_json);
  // The 429 for a request `decision` refused; counted and audited under
  // `path` (the normalised path or the ops rule's pattern).
  http::Response RateLimited(const http::Request& request, const std::string& key,
                             std::string_view path, const Decision& decision);
  metrics::Counter& DecisionCounter(std::string_view decision);
  void MailLockedOwner(const http::Request& request, const std::string& user_id,
                       std::int64_t retry_after_ms);
  // The same for a second-factor lock: the password was right.
  void MailSecondFactorLocked(const http::Request& request, const std::string& user_id,
                              std::int64_t retry_after_ms);

  const Config& config_;
  const AbuseSettings settings_;  // read once, at construction
  const Clock& clock_;
  store::Store& store_;
  MailQueue& mail_;
  const sessions::KnownDevices* devices_;
  std::optional<ClientAddressResolver> resolver_;  // set when trusted_proxies is
  RuleTable rules_;
  // This node's counters; alone without Redis, the fallback with it.
  MemoryRateLimiter local_limiter_;
  MemoryLockoutStore local_lockout_;
  FailureCounter local_failures_;  // sign-in failures by address and by account, for CAPTCHAs
  MemoryInFlightLimit local_in_flight_;
  std::unique_ptr<SharedCounterSet> shared_;  // with Redis
  // What decisions use: the shared counters with Redis, else the local ones.
  RateLimiter* limiter_;
  LockoutStore* lockout_;
  FailureCounts* failures_;
  InFlightLimit* in_flight_;
  std::optional<CaptchaVerifier> captcha_;
  std::map<std::string, int, std::less<>> captcha_routes_;  // route → 0 always, K after K failures
  AuditSampler sampler_;
  // latchkey_abuse_decisions_total by decision; filled by the constructor.
  std::map<std::string, metrics::Counter*, std::less<>> decision_counters_;
  // Each sign-in attempt's scope by request, so After…() counts where
  // Before…() checked and gives its in-flight slot back.
  std::mutex attempts_mu_;
  std::unordered_map<const http::Request*, Attempt> attempts_;  // GUARDED_BY(attempts_mu_)
  std::unique_ptr<PasswordPolicy> passwords_;
};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_ABUSE_GUARD_H_

// The abuse defences wired into the request path (issue 5):
//  * OnRequest(), an HTTP middleware: the client address (through trusted
//    proxies only, worked out afresh for every request), the per-address and
//    per-route rate limits (/api/auth, plus /metrics and /readyz), and
//    CAPTCHAs that a route always requires;
//  * the CredentialGuard hooks credential routes call: a CAPTCHA after K
//    failures for an address or account, account lockout (mailing the owner
//    when it locks), and the new-password policy.
// Refusals cost a counter lookup, never a password hash. Each decision is
// counted (latchkey_abuse_decisions_total) and audited; floods are audited
// at most once per key per minute so refusals never turn into a write each.
// Counters live in memory (one node); the Redis-backed limiter of the
// multi-node work plugs in behind RateLimiter and LockoutStore.
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
#include "features/abuse/checks/captcha_verifier.h"
#include "features/abuse/limits/client_address.h"
#include "features/abuse/limits/counters.h"
#include "features/abuse/limits/lockout.h"
#include "features/abuse/limits/memory_rate_limiter.h"
#include "features/abuse/limits/rules.h"
#include "features/abuse/password_policy.h"
#include "features/common/credential_guard.h"
#include "features/common/mail_queue.h"
#include "http/response.h"
#include "http/route.h"
#include "observability/metrics.h"
#include "store/store.h"

namespace latchkey::abuse {

// The lockout key of an e-mail: NFKC, then ASCII lower case, so case and
// compatibility-form variants of one address share one counter.
std::string AccountKey(std::string_view email);
// The rate-limit key of the request's client (IPv6: its /64).
std::string ClientKey(const http::Request& request);

class AbuseGuard final : public CredentialGuard {
 public:
  // Init() must succeed before the guard is used.
  AbuseGuard(const Config& config, const Clock& clock, store::Store& store, MailQueue& mail);
  // Parses the rules, proxies and CAPTCHA settings; opens the pwned index.
  // Errors: INVALID_RATE_LIMIT_RULES, INVALID_TRUSTED_PROXY,
  // INVALID_CAPTCHA_ROUTES (kInvalidArgument); the pwned index's errors.
  Result<void> Init();

  std::optional<http::Response> OnRequest(http::Request& request, const http::RouteSpec* route);

  Result<void> BeforeSignIn(const http::Request& request, std::string_view email) override;
  void AfterSignIn(const http::Request& request, std::string_view email, const std::string& user_id,
                   bool success) override;
  void AbortSignIn(const http::Request& request, std::string_view email) override;
  Result<void> LimitAccount(const http::Request& request, std::string_view route,
                            std::string_view email) override;
  Result<void> BeforeSignUp(const http::Request& request) override { return {}; }
  Result<PasswordWarning> CheckNewPassword(const http::Request& request, std::string_view password,
                                           std::span<const std::string> context) override;

  const PasswordPolicy& passwords() const { return *passwords_; }

 private:
  // Verifies the request's x-captcha-response. Errors: 400 MISSING_RESPONSE,
  // 403 VERIFICATION_FAILED, 503 CAPTCHA_UNAVAILABLE (provider down, closed).
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

  const Config& config_;
  const Clock& clock_;
  store::Store& store_;
  MailQueue& mail_;
  std::optional<ClientAddressResolver> resolver_;  // set when trusted_proxies is
  RuleTable rules_;
  MemoryRateLimiter limiter_;
  MemoryLockoutStore lockout_;
  std::optional<CaptchaVerifier> captcha_;
  std::map<std::string, int, std::less<>> captcha_routes_;  // route → 0 always, K after K failures
  FailureCounter failures_;  // sign-in failures by address and by account, for CAPTCHAs
  AuditSampler sampler_;
  // latchkey_abuse_decisions_total by decision; filled by the constructor.
  std::map<std::string, metrics::Counter*, std::less<>> decision_counters_;
  // Sign-in attempts in flight per account (bounded by the workers).
  std::mutex in_flight_mu_;
  std::unordered_map<std::string, int> in_flight_;  // GUARDED_BY(in_flight_mu_)
  void Release(const std::string& account);
  std::unique_ptr<PasswordPolicy> passwords_;
};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_ABUSE_GUARD_H_

// Server-side CAPTCHA verification (security-bar §3.9) for Cloudflare
// Turnstile, Google reCAPTCHA v3 and hCaptcha. All three speak the same
// "siteverify" protocol: POST form {secret, response, remoteip?} → JSON
// {success, error-codes, hostname, action?, score?}. The server decides;
// a client-side "passed" flag is never trusted.
//
// Security: the token and the secret never reach a log, an error detail or
// a CaptchaVerdict. Every failure to get a clear answer (timeout, non-200,
// malformed JSON) is kProviderDown, which callers treat as "not passed"
// (fail closed, security-bar §6 F7).
//
// Thread-safety: a CaptchaVerifier is immutable; Verify may be called
// concurrently.
#ifndef LK_FEATURES_ABUSE_CHECKS_CAPTCHA_VERIFIER_H_
#define LK_FEATURES_ABUSE_CHECKS_CAPTCHA_VERIFIER_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace latchkey::abuse {

enum class CaptchaProvider { kTurnstile, kRecaptchaV3, kHcaptcha };

// https://challenges.cloudflare.com/turnstile/v0/siteverify,
// https://www.google.com/recaptcha/api/siteverify,
// https://api.hcaptcha.com/siteverify.
std::string_view DefaultVerifyUrl(CaptchaProvider provider);

struct CaptchaOptions {
  CaptchaProvider provider = CaptchaProvider::kTurnstile;
  std::string secret;      // never logged
  std::string verify_url;  // empty = DefaultVerifyUrl(provider)
  // reCAPTCHA v3: scores run from 0.0 (bot) to 1.0 (human); below this is
  // kLowScore. A reply without a score (a v2 token) is kFailed.
  double min_score = 0.5;
  // hCaptcha Enterprise: its score is a risk score (higher = more likely a
  // bot); above this is kLowScore. Ignored when the reply has no score
  // (non-Enterprise accounts). Default 1.0 = accept any score.
  double hcaptcha_max_risk = 1.0;
  // When non-empty, the reply's hostname (and action, where the provider
  // sends one) must equal these, or the verdict is kFailed: a token solved
  // on another site or for another form must not count here.
  std::string expected_hostname;
  std::string expected_action;
  std::chrono::milliseconds timeout{3000};
};

enum class CaptchaOutcome {
  kPassed,        // the provider vouched for the token and every check held
  kFailed,        // bad, expired, reused or mismatched token
  kLowScore,      // valid token, score below the configured bar
  kProviderDown,  // no usable answer: timeout, transport error, non-200, bad JSON
};

struct CaptchaVerdict {
  CaptchaOutcome outcome = CaptchaOutcome::kProviderDown;
  std::optional<double> score;
  std::vector<std::string> error_codes;  // as sent by the provider
  std::string detail;                    // log-safe reason; no token, no secret
};

class CaptchaVerifier {
 public:
  explicit CaptchaVerifier(CaptchaOptions options);

  // Verifies `token` (the widget's response). `remote_ip` is optional
  // (empty = not sent). An empty token, or one longer than the provider
  // allows (2,048 bytes for Turnstile, 8 KiB otherwise), is kFailed
  // without a network call.
  CaptchaVerdict Verify(std::string_view token, std::string_view remote_ip) const;

  // What Verify() concludes from a siteverify reply body that came with
  // status 200 (JSON shape, success, hostname, action, score). No network;
  // exposed for tests and fuzzing.
  CaptchaVerdict ClassifyReply(std::string_view body) const;

 private:
  CaptchaOptions options_;
};

std::string_view ToString(CaptchaOutcome outcome);

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_CHECKS_CAPTCHA_VERIFIER_H_

// Server-side CAPTCHA verification (docs/operations.md) for Cloudflare
// Turnstile, Google reCAPTCHA v3 and hCaptcha. All three speak the same
// "siteverify" protocol: POST form {secret, response, remoteip?} → JSON
// {success, error-codes, hostname, action?, score?}. The server decides;
// a client-side "passed" flag is never trusted.
//
// Security: the token and the secret never reach a log, an error detail or
// a CaptchaVerdict. Every failure to get a clear answer (timeout, non-200,
// malformed JSON) is kProviderDown, which callers treat as "not passed"
// (fail closed, docs/operations.md).
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
  // Binding to this site: a token solved on another site must not count
  // here. When the reply names a hostname, it must match one of these
  // patterns ('*' matches any run, case-insensitive; see HostPattern()), or
  // the verdict is kMismatched. Empty = not checked.
  std::vector<std::string> allowed_hostnames;
  std::chrono::milliseconds timeout{3000};
};

enum class CaptchaOutcome {
  kPassed,        // the provider vouched for the token and every check held
  kFailed,        // bad, expired, reused or mismatched token
  kLowScore,      // valid token, score below the configured bar
  kMismatched,    // valid token, solved on another hostname or for another action
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
  // without a network call. Binding to the form: when `expected_action` and
  // the reply's action (Turnstile, reCAPTCHA v3) are both non-empty they
  // must be equal, or the verdict is kMismatched.
  CaptchaVerdict Verify(std::string_view token, std::string_view remote_ip,
                        std::string_view expected_action = {}) const;

  // What Verify() concludes from a siteverify reply body that came with
  // status 200 (JSON shape, success, hostname, action, score). No network;
  // exposed for tests and fuzzing.
  CaptchaVerdict ClassifyReply(std::string_view body, std::string_view expected_action = {}) const;

 private:
  CaptchaOptions options_;
};

std::string_view ToString(CaptchaOutcome outcome);

// The host part of an origin or trusted-origin pattern, as a pattern for
// allowed_hostnames: "https://App.example.com:8443/x" → "app.example.com",
// "*.example.com" → "*.example.com", "http://[::1]:3000" → "::1".
std::string HostPattern(std::string_view origin);

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_CHECKS_CAPTCHA_VERIFIER_H_

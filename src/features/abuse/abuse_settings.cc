#include "features/abuse/abuse_settings.h"

namespace latchkey::abuse {

settings::Table AbuseSettingsTable() {
  using S = AbuseSettings;
  return settings::SettingsTable<S>("abuse", "Abuse protection")
      .Add("rate_limit", &S::rate_limit,
           "rate limiting (`off` only for benchmarks and local tests); see "
           "[operations](docs/operations.md#abuse-protection)")
      .Add("rate_limit_rules", &S::rate_limit_rules,
           "custom rules, e.g. `/sign-in*=5/10s;/ok=off` (`*` = the global rule)")
      .Add("trusted_proxies", &S::trusted_proxies,
           "CIDRs whose forwarding header is believed (comma list)")
      .Add("client_ip_header", &S::client_ip_header, "`x-forwarded-for` or `forwarded` (RFC 7239)")
      .Int("lockout_threshold", &S::lockout_threshold, 1, 1000,
           "failed sign-ins per account per window before a lock")
      .Int("lockout_window", &S::lockout_window_s, 1, 86400,
           "window counting failed sign-ins, seconds")
      .Int("lockout_duration", &S::lockout_duration_s, 1, 86400,
           "first lock, seconds (doubles on repeats)")
      .Add("captcha_provider", &S::captcha_provider, "`turnstile`, `recaptcha` (v3) or `hcaptcha`")
      .Add("captcha_secret", &S::captcha_secret, "the provider's secret (required with a provider)")
      .Secret()
      .Add("captcha_verify_url", &S::captcha_verify_url, "siteverify URL")
      .RedactUrl()
      .DefaultShown("the provider's")
      .Add("captcha_site_key", &S::captcha_site_key,
           "the widget's public site key: with it the hosted pages show the widget (docs/web.md)")
      .Add("captcha_script_url", &S::captcha_script_url,
           "the widget's script (a proxy or test server); its origin joins the pages' CSP")
      .DefaultShown("the provider's")
      .Add("captcha_min_score", &S::captcha_min_score, "reCAPTCHA v3 threshold")
      .Add("captcha_routes", &S::captcha_routes, "when a CAPTCHA is required")
      .Add("captcha_hostnames", &S::captcha_hostnames,
           "hosts a solved CAPTCHA may come from (comma-separated, `*` wildcards; `*` = any); "
           "checked when the provider's answer names one")
      .DefaultShown("hosts of `base_url` and `trusted_origins`")
      .Add("captcha_action", &S::captcha_action,
           "the widget action a solved CAPTCHA must carry (`*` = any); checked when the answer "
           "names one (Turnstile, reCAPTCHA v3)")
      .DefaultShown("the route's name (`sign-in`, `sign-up`, …)")
      .Add("captcha_fail_open", &S::captcha_fail_open,
           "let requests through while the provider is down")
      .Int("captcha_timeout_ms", &S::captcha_timeout_ms, 100, 30000, "siteverify timeout, ms")
      .Add("common_password_check", &S::common_password_check,
           "refuse the 10,000 most common passwords (list built into the binary; 400 "
           "`PASSWORD_TOO_COMMON`)")
      .Add("pwned_check", &S::pwned_check,
           "breached passwords: `off`, `online` (HIBP range API) or `offline` (`latchkey pwned "
           "import`)")
      .Add("pwned_policy", &S::pwned_policy, "`reject` or `warn` on a breached password")
      .Add("pwned_index", &S::pwned_index, "offline index path (`latchkey pwned import`)")
      .Add("hibp_url", &S::hibp_url, "HIBP range API base URL (a mirror)")
      .RedactUrl()
      .Int("hibp_timeout_ms", &S::hibp_timeout_ms, 100, 30000, "HIBP timeout, ms")
      .Add("pwned_fail_open", &S::pwned_fail_open, "accept passwords while HIBP is unreachable")
      .Int("min_password_score", &S::min_password_score, 0, 4,
           "minimum zxcvbn score 0–4 (`0`: no strength rule)")
      // What features/abuse parses further (rules, proxies, routes) is
      // checked again when the guard starts; these are the enumerations.
      .Validate([](S& s, const Config&) -> Result<void> {
        LK_TRY(settings::OneOf("client_ip_header", s.client_ip_header,
                               {"x-forwarded-for", "forwarded"}));
        LK_TRY(settings::OneOf("captcha_provider", s.captcha_provider,
                               {"", "turnstile", "recaptcha", "hcaptcha"}));
        LK_TRY(settings::OneOf("pwned_check", s.pwned_check, {"off", "online", "offline"}));
        LK_TRY(settings::OneOf("pwned_policy", s.pwned_policy, {"reject", "warn"}));
        if (!s.captcha_provider.empty() && s.captcha_secret.empty()) {
          return Fail(
              settings::ConfigError("captcha_secret: required when captcha_provider is set"));
        }
        return {};
      })
      .Build();
}

}  // namespace latchkey::abuse

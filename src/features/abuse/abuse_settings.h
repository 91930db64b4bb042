// The abuse feature's configuration keys (docs/design.md "Settings";
// docs/operations.md "Abuse protection"): rate limits, client addresses,
// lockout, CAPTCHA and the password policy.
#ifndef LK_FEATURES_ABUSE_ABUSE_SETTINGS_H_
#define LK_FEATURES_ABUSE_ABUSE_SETTINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/settings.h"

namespace latchkey::abuse {

struct AbuseSettings {
  bool rate_limit = true;                    // LATCHKEY_RATE_LIMIT=on|off
  std::string rate_limit_rules;              // custom rules, e.g. "/sign-in*=5/10s;/foo=off"
  std::vector<std::string> trusted_proxies;  // CIDRs whose forwarding header is believed
  std::string client_ip_header = "x-forwarded-for";  // or "forwarded"
  int lockout_threshold = 5;                         // failed sign-ins per account per window
  std::int64_t lockout_window_s = 900;
  std::int64_t lockout_duration_s = 300;  // doubles on repetition, up to a day
  std::string captcha_provider;           // "" | turnstile | recaptcha | hcaptcha
  std::string captcha_secret;             // secret
  std::string captcha_verify_url;         // "" = the provider's siteverify URL
  std::string captcha_site_key;           // public; with it the hosted pages show the widget
  std::string captcha_script_url;         // "" = the provider's widget script
  std::string captcha_min_score = "0.5";  // reCAPTCHA v3
  std::string captcha_routes = "sign-up=always,sign-in=after:3";
  // Binding of a solved CAPTCHA to this site and this form, checked where the
  // provider's answer names them. Hostnames: empty = the hosts of base_url and
  // trusted_origins; "*" = any. Action: empty = the route's name (sign-in,
  // sign-up, …); "*" = any.
  std::vector<std::string> captcha_hostnames;
  std::string captcha_action;
  bool captcha_fail_open = false;  // provider down: let requests through?
  std::int64_t captcha_timeout_ms = 3000;
  bool common_password_check = true;    // refuse the 10,000 most common passwords (ASVS 2.1.7)
  std::string pwned_check = "off";      // off | online | offline
  std::string pwned_policy = "reject";  // reject | warn
  std::string pwned_index = "var/pwned.idx";
  std::string hibp_url = "https://api.pwnedpasswords.com";
  std::int64_t hibp_timeout_ms = 2000;
  bool pwned_fail_open = true;  // breach service down: accept the password?
  int min_password_score = 0;   // zxcvbn 0–4; 0 = no strength rule
};

settings::Table AbuseSettingsTable();

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_ABUSE_SETTINGS_H_

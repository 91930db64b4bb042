// Which rate-limit rules apply to a request path: one global per-address rule
// plus at most one path-specific rule. Defaults follow docs/api.md;
// operators add or override rules with a one-line spec (grammar below).
// Thread-safety: RuleTable is immutable after construction.
#ifndef LK_FEATURES_ABUSE_LIMITS_RULES_H_
#define LK_FEATURES_ABUSE_LIMITS_RULES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "features/abuse/limits/rate_limiter.h"

namespace latchkey::abuse {

// Path patterns, matched against NormalizeRatePath(path) (the path without
// the /api/auth base):
//   "*"          the global rule: every path, one bucket per client address
//   "/exact"     that path only
//   "/prefix*"   every path starting with "/prefix" (across "/" too)
struct PathRule {
  std::string pattern;
  Rule rule;
  bool enabled = true;  // false: a custom "off" that switches the pattern off
};

// Custom rule spec, for example "/sign-in/email=3/10s; /foo/*=100/1m; /bar=off".
//
//   spec     = [ item *( ";" item ) ]      ; empty items are skipped
//   item     = OWS pattern OWS "=" OWS limit OWS
//   pattern  = "*" / "/" *pchar [ "*" ]    ; pchar: visible ASCII except * = ; ? # and space
//   limit    = "off" / count "/" duration
//   count    = 1*7DIGIT                    ; 1 .. 1000000
//   duration = 1*9DIGIT unit               ; unit: "ms" / "s" / "m" / "h" / "d"; 1 ms .. 7 d
//
// Patterns are normalised like paths (lower case, "//" collapsed, trailing
// "/" dropped). A pattern may appear once.
// Errors: kInvalidArgument "INVALID_RATE_LIMIT_RULES"; detail names the item
// and what is wrong with it.
Result<std::vector<PathRule>> ParseCustomRules(std::string_view spec);

// The form paths are matched in: query and fragment cut, ASCII lower case,
// runs of "/" collapsed, trailing "/" removed ("/" stays "/"). Lower-casing
// only ever makes more paths match a rule, so spelling variants of a
// throttled route cannot reach a looser bucket (docs/operations.md).
std::string NormalizeRatePath(std::string_view path);

class RuleTable {
 public:
  // docs/api.md defaults:
  //   *                                   100 per 10 s (global, per address)
  //   /sign-in*, /sign-up*, /change-password*, /change-email*, /two-factor/*,
  //   /reset-password*                    3 per 10 s
  //   /request-password-reset, /send-verification-email, /forget-password*,
  //   /email-otp/send-verification-otp, /email-otp/request-password-reset
  //                                       3 per 60 s
  // /reset-password* is ours (Better Auth leaves it at the default): it sets
  // a password, so it costs a KDF run per request.
  static RuleTable Defaults();

  // Defaults with `custom` rules in front (custom rules win, as Better
  // Auth's customRules do). A custom "*" replaces the global rule.
  static RuleTable WithCustomRules(std::vector<PathRule> custom);
  // Parses `spec` (grammar above) and applies it. Errors: as ParseCustomRules.
  static Result<RuleTable> FromSpec(std::string_view spec);

  struct Applicable {
    const PathRule* global = nullptr;    // nullptr when switched off
    const PathRule* specific = nullptr;  // first enabled match, or nullptr
  };
  // The specific rule, in this order: an operator's custom pattern that
  // matches `path` (normalised here); else the rule of the route's declared
  // bucket (RouteSpec::rate_limit_bucket, see BucketDefaults()); else the
  // first default pattern that matches (paths without a route, and the
  // spellings Better Auth limits that latchkey does not serve). A matching
  // "off" means no specific rule.
  Applicable RulesFor(std::string_view path, std::string_view bucket = {}) const;

  // The rules routes name by bucket (pattern "@<bucket>": one budget per
  // client for every route in the bucket). A bucket without a rule here
  // (refresh, jwt-verify, …) is charged to the global rule only.
  //   sign-in, sign-up, change-password, change-email, reset-password,
  //   two-factor                                3 per 10 s
  //   password-reset-mail, verification-mail    3 per 60 s
  static const std::vector<PathRule>& BucketDefaults();

 private:
  std::optional<PathRule> global_;
  std::vector<PathRule> specific_;  // in match order: custom_count_ custom ones, then defaults
  std::size_t custom_count_ = 0;
};

// The operations endpoints outside /api/auth that do work per request:
// /metrics renders every series, /readyz asks the database. Each has its own
// bucket per address, 30 per 10 s: a scraper or probe polling every second
// fits with room to spare, a flood from one address gets 429 (ASVS 5.0
// V2.4.1). /healthz answers from memory and is not limited, so a liveness
// probe is never refused. Returns the rule for `path` (any spelling that
// NormalizeRatePath folds to one of them), or nullptr. Custom rules do not
// change these: their patterns name paths under /api/auth. The patterns
// ("ops:/metrics") keep the buckets apart from /api/auth's.
const PathRule* OpsRuleFor(std::string_view path);

// True if `pattern` (a PathRule pattern) matches the normalised `path`.
bool PatternMatches(std::string_view pattern, std::string_view path);

// The limiter key for one client under one rule: "<client_key>|<pattern>".
// Keyed by pattern, not by the concrete path (Better Auth keys by path), so
// /sign-in/email and /sign-in/social share one budget and an attacker cannot
// multiply it by spreading over sibling routes.
std::string BucketKey(std::string_view client_key, const PathRule& rule);

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_LIMITS_RULES_H_

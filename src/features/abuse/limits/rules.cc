// Rule table and the custom-rule parser. Parsing rejects rather than guesses:
// a typo in a limit must stop startup, not silently leave a route unthrottled.
#include "features/abuse/limits/rules.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/ascii.h"
#include "features/abuse/limits/errors.h"
#include "features/abuse/limits/text.h"

namespace latchkey::abuse {
namespace {

using ascii::TrimOws;
using internal::IsDigit;
using internal::ParseDecimal;

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kMaxWindowMs = 7 * kDay;
constexpr long long kMaxCount = 1'000'000;
constexpr std::size_t kMaxPatternLength = 256;

Error Invalid(std::string_view item, std::string_view why) {
  return MakeError(kInvalidRules, "rule \"" + std::string(item) + "\": " + std::string(why));
}

bool IsPatternChar(char c) {
  return c > ' ' && c < 0x7f && c != '*' && c != '=' && c != ';' && c != '?' && c != '#';
}

Result<std::string> ParsePattern(std::string_view item, std::string_view text) {
  if (text == "*") return std::string("*");
  if (text.empty() || text.front() != '/') return Fail(Invalid(item, "pattern must start with /"));
  if (text.size() > kMaxPatternLength) return Fail(Invalid(item, "pattern too long"));
  const bool prefix = text.back() == '*';
  const std::string_view body = prefix ? text.substr(0, text.size() - 1) : text;
  if (!std::all_of(body.begin(), body.end(), IsPatternChar)) {
    return Fail(Invalid(item, "pattern has a forbidden character ('*' only at the end)"));
  }
  std::string normalized = NormalizeRatePath(body);
  // "/foo/*" keeps its slash: it matches below /foo, not /foo itself.
  if (prefix && body.size() > 1 && body.back() == '/') normalized += '/';
  if (prefix) normalized += '*';
  return normalized;
}

Result<std::int64_t> ParseDuration(std::string_view item, std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && IsDigit(text[digits])) ++digits;
  const auto count = ParseDecimal(text.substr(0, digits), 9);
  const std::string_view unit = text.substr(digits);
  static constexpr std::array<std::pair<std::string_view, std::int64_t>, 5> kUnits = {
      {{"ms", 1}, {"s", kSecond}, {"m", kMinute}, {"h", kHour}, {"d", kDay}}};
  const auto* found =
      std::find_if(kUnits.begin(), kUnits.end(), [&](const auto& u) { return u.first == unit; });
  if (!count || found == kUnits.end()) {
    return Fail(Invalid(item, "window must be a number with a unit: ms, s, m, h or d"));
  }
  const long long ms = *count * found->second;  // <= 1e9 * 86.4e6, fits in 64 bits
  if (ms < 1 || ms > kMaxWindowMs) return Fail(Invalid(item, "window must be 1 ms .. 7 d"));
  return ms;
}

Result<PathRule> ParseItem(std::string_view item) {
  const std::size_t eq = item.find('=');
  if (eq == std::string_view::npos) return Fail(Invalid(item, "expected pattern=limit"));
  LK_ASSIGN_OR_RETURN(std::string pattern, ParsePattern(item, TrimOws(item.substr(0, eq))));
  const std::string_view limit = TrimOws(item.substr(eq + 1));
  if (limit == "off") return PathRule{std::move(pattern), Rule{}, /*enabled=*/false};
  const std::size_t slash = limit.find('/');
  if (slash == std::string_view::npos) {
    return Fail(Invalid(item, "limit must be count/window or off"));
  }
  const auto count = ParseDecimal(limit.substr(0, slash), 7);
  if (!count || *count < 1 || *count > kMaxCount) {
    return Fail(Invalid(item, "count must be 1 .. 1000000"));
  }
  LK_ASSIGN_OR_RETURN(std::int64_t window_ms, ParseDuration(item, limit.substr(slash + 1)));
  return PathRule{std::move(pattern), Rule{window_ms, static_cast<int>(*count)}, true};
}

PathRule Make(std::string_view pattern, std::int64_t window_ms, int max) {
  return PathRule{std::string(pattern), Rule{window_ms, max}, true};
}

}  // namespace

Result<std::vector<PathRule>> ParseCustomRules(std::string_view spec) {
  std::vector<PathRule> rules;
  std::size_t start = 0;
  while (start <= spec.size()) {
    std::size_t end = spec.find(';', start);
    if (end == std::string_view::npos) end = spec.size();
    const std::string_view item = TrimOws(spec.substr(start, end - start));
    start = end + 1;
    if (item.empty()) continue;
    LK_ASSIGN_OR_RETURN(PathRule rule, ParseItem(item));
    const bool duplicate = std::any_of(
        rules.begin(), rules.end(), [&](const PathRule& r) { return r.pattern == rule.pattern; });
    if (duplicate) return Fail(Invalid(item, "pattern appears more than once"));
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::string NormalizeRatePath(std::string_view path) {
  path = path.substr(0, path.find_first_of("?#"));
  std::string out;
  out.reserve(path.size() + 1);
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(ascii::Lower(c));
  }
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (out.empty() || out.front() != '/') out.insert(out.begin(), '/');
  return out;
}

bool PatternMatches(std::string_view pattern, std::string_view path) {
  if (pattern == "*") return true;
  if (!pattern.empty() && pattern.back() == '*') {
    return path.starts_with(pattern.substr(0, pattern.size() - 1));
  }
  return path == pattern;
}

RuleTable RuleTable::Defaults() {
  RuleTable table;
  table.global_ = Make("*", 10 * kSecond, 100);
  table.specific_ = {
      Make("/sign-in*", 10 * kSecond, 3),
      Make("/sign-up*", 10 * kSecond, 3),
      Make("/change-password*", 10 * kSecond, 3),
      Make("/change-email*", 10 * kSecond, 3),
      Make("/two-factor/*", 10 * kSecond, 3),
      Make("/reset-password*", 10 * kSecond, 3),
      Make("/request-password-reset", 60 * kSecond, 3),
      Make("/send-verification-email", 60 * kSecond, 3),
      Make("/forget-password*", 60 * kSecond, 3),
      Make("/email-otp/send-verification-otp", 60 * kSecond, 3),
      Make("/email-otp/request-password-reset", 60 * kSecond, 3),
  };
  return table;
}

RuleTable RuleTable::WithCustomRules(std::vector<PathRule> custom) {
  RuleTable table = Defaults();
  std::vector<PathRule> specific;
  for (PathRule& rule : custom) {
    if (rule.pattern == "*") {
      table.global_ = rule.enabled ? std::optional<PathRule>(std::move(rule)) : std::nullopt;
    } else {
      specific.push_back(std::move(rule));
    }
  }
  table.custom_count_ = specific.size();
  specific.insert(specific.end(), std::make_move_iterator(table.specific_.begin()),
                  std::make_move_iterator(table.specific_.end()));
  table.specific_ = std::move(specific);
  return table;
}

Result<RuleTable> RuleTable::FromSpec(std::string_view spec) {
  LK_ASSIGN_OR_RETURN(auto custom, ParseCustomRules(spec));
  return WithCustomRules(std::move(custom));
}

const std::vector<PathRule>& RuleTable::BucketDefaults() {
  static const std::vector<PathRule> kBuckets = {
      Make("@sign-in", 10 * kSecond, 3),
      Make("@sign-up", 10 * kSecond, 3),
      Make("@change-password", 10 * kSecond, 3),
      Make("@change-email", 10 * kSecond, 3),
      Make("@reset-password", 10 * kSecond, 3),
      Make("@two-factor", 10 * kSecond, 3),
      Make("@password-reset-mail", 60 * kSecond, 3),
      Make("@verification-mail", 60 * kSecond, 3),
      // Each options request stores a challenge row; a page with conditional
      // UI asks once per load, so 10 per 10 s leaves room for real users.
      Make("@passkey-options", 10 * kSecond, 10),
  };
  return kBuckets;
}

RuleTable::Applicable RuleTable::RulesFor(std::string_view path, std::string_view bucket) const {
  const std::string normalized = NormalizeRatePath(path);
  Applicable applicable;
  if (global_) applicable.global = &*global_;
  auto first_match = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const PathRule& rule = specific_[i];
      if (!PatternMatches(rule.pattern, normalized)) continue;
      if (rule.enabled) applicable.specific = &rule;
      return true;
    }
    return false;
  };
  if (first_match(0, custom_count_)) return applicable;
  if (!bucket.empty()) {
    for (const PathRule& rule : BucketDefaults()) {
      if (std::string_view(rule.pattern).substr(1) == bucket) {
        applicable.specific = &rule;
        return applicable;
      }
    }
  }
  first_match(custom_count_, specific_.size());
  return applicable;
}

const PathRule* OpsRuleFor(std::string_view path) {
  static const std::array<std::pair<std::string_view, PathRule>, 2> kOps = {{
      {"/metrics", Make("ops:/metrics", 10 * kSecond, 30)},
      {"/readyz", Make("ops:/readyz", 10 * kSecond, 30)},
  }};
  const std::string normalized = NormalizeRatePath(path);
  for (const auto& [ops_path, rule] : kOps) {
    if (normalized == ops_path) return &rule;
  }
  return nullptr;
}

std::string BucketKey(std::string_view client_key, const PathRule& rule) {
  std::string key;
  key.reserve(client_key.size() + 1 + rule.pattern.size());
  key.append(client_key).append("|").append(rule.pattern);
  return key;
}

}  // namespace latchkey::abuse

// abuse/limits/rules: the operator's rate-limit rule syntax and the path
// normaliser every request goes through. Input: "spec \0 path". Properties:
// no crash; NormalizeRatePath is idempotent; a rule table from a spec that
// parses answers for any path, and a matching specific rule's pattern
// matches the normalised path.
#include <cstddef>
#include <cstdint>
#include <string>

#include "features/abuse/limits/rules.h"
#include "fuzz_input.h"

namespace abuse = latchkey::abuse;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  latchkey::fuzz::FuzzInput in(data, size);
  const std::string_view spec = in.Until('\0');
  const std::string_view path = in.Rest();

  const std::string normal = abuse::NormalizeRatePath(path);
  LK_FUZZ_CHECK(abuse::NormalizeRatePath(normal) == normal);

  auto rules = abuse::ParseCustomRules(spec);
  if (!rules) {
    LK_FUZZ_CHECK(rules.error().code == "INVALID_RATE_LIMIT_RULES");
    return 0;
  }
  for (const abuse::PathRule& rule : *rules) {
    LK_FUZZ_CHECK(!rule.pattern.empty());
    if (rule.enabled) {
      // The grammar's bounds: 1..1,000,000 requests per 1 ms..7 days.
      LK_FUZZ_CHECK(rule.rule.max >= 1 && rule.rule.max <= 1'000'000);
      LK_FUZZ_CHECK(rule.rule.window_ms >= 1 && rule.rule.window_ms <= 7LL * 24 * 3600 * 1000);
    }
    (void)abuse::PatternMatches(rule.pattern, normal);
  }
  auto table = abuse::RuleTable::FromSpec(spec);
  LK_FUZZ_CHECK(table.has_value());
  abuse::RuleTable::Applicable applicable = table->RulesFor(path);
  if (applicable.specific != nullptr) {
    LK_FUZZ_CHECK(applicable.specific->enabled);
    LK_FUZZ_CHECK(abuse::PatternMatches(applicable.specific->pattern, normal));
    (void)abuse::BucketKey("203.0.113.7", *applicable.specific);
  }
  return 0;
}

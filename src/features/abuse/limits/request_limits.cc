// Charging a request against its rules and shaping the 429 reply.
#include "features/abuse/limits/request_limits.h"

#include <algorithm>

#include "features/abuse/limits/errors.h"

namespace latchkey::abuse {
Decision CheckRequestLimits(RateLimiter& limiter, const RuleTable& rules,
                            std::string_view client_key, std::string_view path,
                            std::string_view bucket, std::int64_t now_ms) {
  const RuleTable::Applicable applicable = rules.RulesFor(path, bucket);
  Decision result{.allowed = true, .remaining = 0, .retry_after_ms = 0, .limit = 0};
  bool first = true;
  for (const PathRule* rule : {applicable.global, applicable.specific}) {
    if (rule == nullptr) continue;
    const Decision d = limiter.Hit(BucketKey(client_key, *rule), rule->rule, now_ms);
    if (!d.allowed) return d;
    if (first || d.remaining < result.remaining) result = d;
    first = false;
  }
  return result;
}

int RetryAfterSeconds(const Decision& decision) {
  return static_cast<int>(std::max<std::int64_t>(1, (decision.retry_after_ms + 999) / 1000));
}

HeaderList RateLimitHeaders(const Decision& decision, bool include_retry_after) {
  HeaderList headers;
  if (decision.allowed) return headers;
  const std::string seconds = std::to_string(RetryAfterSeconds(decision));
  headers.emplace_back("X-Retry-After", seconds);
  if (include_retry_after) headers.emplace_back("Retry-After", seconds);
  return headers;
}

HeaderList QuotaHeaders(const Decision& decision) {
  return {{"X-RateLimit-Limit", std::to_string(decision.limit)},
          {"X-RateLimit-Remaining", std::to_string(decision.remaining)}};
}

Error RateLimitedError(const Decision& decision) {
  Error error = MakeError(kTooManyRequests);
  error.retry_after_seconds = RetryAfterSeconds(decision);
  return error;
}

}  // namespace latchkey::abuse

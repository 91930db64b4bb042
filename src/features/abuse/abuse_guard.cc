#include "features/abuse/abuse_guard.h"

#include <atomic>
#include <charconv>
#include <chrono>

#include "core/json_writer.h"
#include "crypto/password_hash.h"
#include "features/abuse/abuse_errors.h"
#include "features/abuse/limits/request_limits.h"
#include "features/audit/audit.h"
#include "features/common/mail_layout.h"
#include "features/common/validation.h"
#include "features/users/user_store.h"
#include "http/error_mapping.h"
#include "observability/log.h"
#include "observability/metrics.h"

namespace latchkey::abuse {
namespace {

constexpr std::string_view kBase = "/api/auth";
constexpr std::int64_t kAuditEveryMs = std::int64_t{60} * 1000;
constexpr std::size_t kMaxTrackedKeys = 100000;

// "sign-up=always,sign-in=after:3" → {sign-up: 0, sign-in: 3}; "x=off" drops x.
Result<std::map<std::string, int, std::less<>>> ParseCaptchaRoutes(std::string_view spec) {
  std::map<std::string, int, std::less<>> out;
  while (!spec.empty()) {
    auto comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? "" : spec.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;
    auto eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return Fail(MakeError(kInvalidCaptchaRoutes, std::string(item) + ": expected route=mode"));
    }
    std::string route(item.substr(0, eq));
    std::string_view mode = item.substr(eq + 1);
    if (mode == "off") continue;
    if (mode == "always") {
      out[route] = 0;
      continue;
    }
    int k = 0;
    constexpr std::string_view kAfter = "after:";
    auto digits = mode.substr(std::min(kAfter.size(), mode.size()));
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), k);
    if (mode.substr(0, kAfter.size()) != kAfter || ec != std::errc() ||
        ptr != digits.data() + digits.size() || k < 1 || k > 1000) {
      return Fail(MakeError(kInvalidCaptchaRoutes,
                            std::string(item) + ": mode must be off, always or after:N"));
    }
    out[route] = k;
  }
  return out;
}

CaptchaProvider ProviderOf(const std::string& name) {
  if (name == "recaptcha") return CaptchaProvider::kRecaptchaV3;
  if (name == "hcaptcha") return CaptchaProvider::kHcaptcha;
  return CaptchaProvider::kTurnstile;
}

// The hosts a solved CAPTCHA may come from: captcha_hostnames, or else
// those of base_url and trusted_origins (their wildcards kept).
std::vector<std::string> CaptchaHostnames(const Config& config, const AbuseSettings& settings) {
  std::vector<std::string> hosts;
  if (!settings.captcha_hostnames.empty()) {
    for (const std::string& h : settings.captcha_hostnames) hosts.push_back(HostPattern(h));
    return hosts;
  }
  if (!config.base_url.empty()) hosts.push_back(HostPattern(config.base_url));
  for (const std::string& origin : config.trusted_origins) hosts.push_back(HostPattern(origin));
  std::erase_if(hosts, [](const std::string& h) { return h.empty(); });
  return hosts;
}

// "sign-up/email" → "sign-up": the route family captcha_routes names.
std::string_view RouteFamily(std::string_view path_under_base) {
  if (!path_under_base.empty() && path_under_base.front() == '/') path_under_base.remove_prefix(1);
  return path_under_base.substr(0, path_under_base.find('/'));
}

MemoryLockoutStoreOptions LockoutPolicies(const AbuseSettings& settings) {
  return MemoryLockoutStoreOptions{
      .password = {.max_failures = settings.lockout_threshold,
                   .failure_window_ms = settings.lockout_window_s * 1000,
                   .base_lock_ms = settings.lockout_duration_s * 1000}};
}

// Counts each decision that Redis could not take (the node's own counter
// took it) and logs when that starts; the store client logs nothing.
std::function<void(const Error&)> RedisFallbackReporter() {
  metrics::Counter* fallbacks = &metrics::Global().GetCounter(
      "latchkey_redis_fallbacks_total",
      "Abuse-counter decisions taken by the node's own counters because Redis failed");
  auto last_warned = std::make_shared<std::atomic<std::int64_t>>(0);
  return [fallbacks, last_warned](const Error& error) {
    fallbacks->Inc();
    // One line per minute at most: an outage under load is thousands of fallbacks.
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count();
    std::int64_t last = last_warned->load();
    if (now - last >= kAuditEveryMs && last_warned->compare_exchange_strong(last, now)) {
      log::Warn("redis unavailable: abuse counters fall back to this node's",
                {{"detail", error.detail}});
    }
  };
}

}  // namespace

std::string AccountKey(std::string_view email) {
  // NFKC then lower case: "Ａlice@x" and "ALICE@x" share one lockout.
  std::string key = crypto::NormalizePassword(email).value_or(std::string(email));
  return validation::LowerAscii(key);
}

std::vector<std::string> AbuseGuard::CaptchaAlwaysRoutes() const {
  std::vector<std::string> out;
  if (!captcha_) return out;
  for (const auto& [route, after] : captcha_routes_) {
    if (after == 0) out.push_back(route);
  }
  return out;
}

std::string ClientKey(const http::Request& request) {
  return RateLimitKeyFor(request.client_address).value_or(std::string(kUnknownClientKey));
}

Result<void> AbuseGuard::Init() {
  // POST /password/check answers about secrets: keep it from being a fast
  // offline-guessing oracle, unless the operator set their own rule for it.
  std::string spec = settings_.rate_limit_rules;
  if (spec.find("/password/check") == std::string::npos) spec = "/password/check=20/1m;" + spec;
  LK_ASSIGN_OR_RETURN(rules_, RuleTable::FromSpec(spec));
  if (!settings_.trusted_proxies.empty()) {
    LK_ASSIGN_OR_RETURN(auto proxies, TrustedProxies::Parse(settings_.trusted_proxies));
    resolver_.emplace(std::move(proxies), settings_.client_ip_header == "forwarded"
                                              ? ForwardedHeader::kForwarded
                                              : ForwardedHeader::kXForwardedFor);
  }
  if (!settings_.captcha_provider.empty()) {
    double min_score = 0.5;
    const std::string& s = settings_.captcha_min_score;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), min_score);
    if (ec != std::errc() || ptr != s.data() + s.size() || min_score < 0 || min_score > 1) {
      return Fail(MakeError(kInvalidCaptchaRoutes, "captcha_min_score: expected 0.0 to 1.0"));
    }
    captcha_.emplace(
        CaptchaOptions{.provider = ProviderOf(settings_.captcha_provider),
                       .secret = settings_.captcha_secret,
                       .verify_url = settings_.captcha_verify_url,
                       .min_score = min_score,
                       .allowed_hostnames = CaptchaHostnames(config_, settings_),
                       .timeout = std::chrono::milliseconds(settings_.captcha_timeout_ms)});
    LK_ASSIGN_OR_RETURN(captcha_routes_, ParseCaptchaRoutes(settings_.captcha_routes));
  }
  LK_ASSIGN_OR_RETURN(passwords_, PasswordPolicy::Create(config_));
  return {};
}

AbuseGuard::AbuseGuard(const Config& config, const Clock& clock, store::Store& store,
                       MailQueue& mail, const sessions::KnownDevices* devices,
                       store::redis::Client* redis)
    : config_(config),
      settings_(config.Get<AbuseSettings>()),
      clock_(clock),
      store_(store),
      mail_(mail),
      devices_(devices),
      local_lockout_(LockoutPolicies(settings_)),
      local_failures_(settings_.lockout_window_s * 1000, kMaxTrackedKeys),
      limiter_(&local_limiter_),
      lockout_(&local_lockout_),
      failures_(&local_failures_),
      in_flight_(&local_in_flight_),
      sampler_(kAuditEveryMs, kMaxTrackedKeys) {
  if (redis != nullptr) {
    shared_ = std::make_unique<SharedCounterSet>(
        SharedCountersContext{.redis = *redis,
                              .prefix = config.redis_key_prefix,
                              .on_fallback = RedisFallbackReporter()},
        LockoutPolicies(settings_), settings_.lockout_window_s * 1000, local_limiter_,
        local_lockout_, local_failures_, local_in_flight_);
    limiter_ = &shared_->limiter;
    lockout_ = &shared_->lockout;
    failures_ = &shared_->failures;
    in_flight_ = &shared_->in_flight;
  }
  // Registered once: a refusal under a flood must not search the registry.
  for (std::string_view decision :
       {"rate_limited", "account_rate_limited", "concurrent_attempts", "locked", "account_locked",
        "captcha_missing", "captcha_failed", "captcha_unavailable", "password_rejected",
        "breached_password_warned", "lock_cleared", "captcha_mismatched"}) {
    decision_counters_.emplace(
        decision, &metrics::Global().GetCounter("latchkey_abuse_decisions_total",
                                                "Abuse-protection decisions",
                                                "decision=\"" + std::string(decision) + "\""));
  }
}

metrics::Counter& AbuseGuard::DecisionCounter(std::string_view decision) {
  // The constructor registers every decision this file and its twin use;
  // another name still counts, through the registry's slower lookup.
  if (auto it = decision_counters_.find(decision); it != decision_counters_.end())
    return *it->second;
  return metrics::Global().GetCounter("latchkey_abuse_decisions_total",
                                      "Abuse-protection decisions",
                                      "decision=\"" + std::string(decision) + "\"");
}

void AbuseGuard::Decide(const http::Request& request, std::string_view decision,
                        const std::string& key, std::string details_json) {
  DecisionCounter(decision).Inc();
  if (!sampler_.ShouldRecord(std::string(decision) + "|" + key, clock_.NowMs())) return;
  std::string type = "abuse." + std::string(decision);
  auto recorded = audit::RecordStandalone(
      store_, clock_, request,
      {.type = type, .outcome = audit::kFailure, .details_json = std::move(details_json)});
  if (!recorded) log::Warn("abuse audit failed", {{"detail", recorded.error().detail}});
}

std::optional<http::Response> AbuseGuard::OnRequest(http::Request& request,
                                                    const http::RouteSpec* route) {
  // request.client_address is the socket peer here (the connection resets it
  // for every request); the client a trusted proxy names replaces it.
  if (resolver_) {
    const std::string x_forwarded_for = JoinFieldLines(request.headers, "x-forwarded-for");
    const std::string forwarded = JoinFieldLines(request.headers, "forwarded");
    if (auto client = resolver_->Resolve(request.client_address, {x_forwarded_for, forwarded})) {
      request.client_address = client->ToString();
    }
  }
  std::string_view path = request.path;
  if (path.substr(0, kBase.size()) != kBase) {
    const PathRule* ops = OpsRuleFor(path);
    if (!ops || !settings_.rate_limit) return std::nullopt;
    const std::string key = ClientKey(request);
    Decision d = limiter_->Hit(BucketKey(key, *ops), ops->rule, clock_.NowMs());
    if (!d.allowed) return RateLimited(request, key, ops->pattern, d);
    return std::nullopt;
  }
  path.remove_prefix(kBase.size());
  if (settings_.rate_limit) {
    const std::string key = ClientKey(request);
    const std::string_view bucket = route ? route->rate_limit_bucket : std::string_view();
    Decision d = CheckRequestLimits(*limiter_, rules_, key, path, bucket, clock_.NowMs());
    if (!d.allowed) return RateLimited(request, key, NormalizeRatePath(path), d);
  }
  if (captcha_ && route && request.method == http::Method::kPost) {
    auto mode = captcha_routes_.find(RouteFamily(path));
    if (mode != captcha_routes_.end() && mode->second == 0) {
      if (auto checked = RequireCaptcha(request, mode->first); !checked) {
        return http::ErrorResponse(checked.error());
      }
    }
  }
  return std::nullopt;
}

http::Response AbuseGuard::RateLimited(const http::Request& request, const std::string& key,
                                       std::string_view path, const Decision& decision) {
  std::string details;
  json::ObjectWriter(details).String("path", path).String("client", key).Close();
  Decide(request, "rate_limited", key + "|" + std::string(path), details);
  http::Response response = http::ErrorResponse(RateLimitedError(decision));
  for (auto& [name, value] : RateLimitHeaders(decision, /*include_retry_after=*/false)) {
    response.AddHeader(name, value);
  }
  return response;
}

Result<void> AbuseGuard::RequireCaptcha(const http::Request& request, std::string_view route) {
  std::string_view token = request.Header("x-captcha-response").value_or("");
  std::string details;
  json::ObjectWriter(details).String("route", route).Close();
  const std::string key = ClientKey(request);
  if (token.empty()) {
    Decide(request, "captcha_missing", key, details);
    return Fail(MakeError(kMissingResponse));
  }
  // Binding to the form: the widget's action must name this route (or
  // captcha_action); "*" turns the check off.
  std::string_view action = settings_.captcha_action;
  if (action.empty()) action = route;
  if (action == "*") action = {};
  CaptchaVerdict verdict = captcha_->Verify(token, request.client_address, action);
  switch (verdict.outcome) {
    case CaptchaOutcome::kPassed:
      return {};
    case CaptchaOutcome::kMismatched: {
      // A real token solved elsewhere: someone is replaying solutions from
      // another site or form. Its own decision, so other CAPTCHA failures
      // do not hide it from the (sampled) audit trail.
      std::string mismatched;
      json::ObjectWriter(mismatched)
          .String("route", route)
          .String("outcome", ToString(verdict.outcome))
          .String("reason", verdict.detail)
          .Close();
      Decide(request, "captcha_mismatched", key, mismatched);
      return Fail(MakeError(kVerificationFailed));
    }
    case CaptchaOutcome::kFailed:
    case CaptchaOutcome::kLowScore: {
      std::string failed;
      json::ObjectWriter(failed)
          .String("route", route)
          .String("outcome", ToString(verdict.outcome))
          .Close();
      Decide(request, "captcha_failed", key, failed);
      return Fail(MakeError(kVerificationFailed));
    }
    case CaptchaOutcome::kProviderDown:
      break;
  }
  log::Warn("captcha provider unavailable", {{"detail", verdict.detail}});
  Decide(request, "captcha_unavailable", "provider", details);
  if (settings_.captcha_fail_open) return {};
  Error error = MakeError(kCaptchaUnavailable);
  error.retry_after_seconds = 5;
  return Fail(std::move(error));
}

}  // namespace latchkey::abuse

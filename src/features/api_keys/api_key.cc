#include "features/api_keys/api_key.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/json_writer.h"
#include "crypto/random.h"

namespace latchkey::api_keys {
namespace {

constexpr std::string_view kLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

void NullableInt(json::ObjectWriter& w, std::string_view key, std::optional<std::int64_t> v) {
  if (v) {
    w.Int(key, *v);
  } else {
    w.Raw(key, "null");
  }
}

void NullableTime(json::ObjectWriter& w, std::string_view key, std::optional<TimeMs> v) {
  if (v) {
    w.String(key, FormatIsoTime(*v));
  } else {
    w.Raw(key, "null");
  }
}

}  // namespace

std::string GenerateKey(std::string_view prefix) {
  return std::string(prefix) + crypto::RandomString(kKeyRandomLength, kLetters);
}

std::string KeyStart(std::string_view key) { return std::string(key.substr(0, kStartLength)); }

bool IsValidPrefix(std::string_view prefix) {
  if (prefix.empty()) return false;
  for (char c : prefix) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<Permissions> ParsePermissions(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  Permissions out;
  for (const auto& [resource, actions] : value.get_object()) {
    if (!actions.is_array()) return std::nullopt;
    std::vector<std::string>& list = out[std::string(resource)];
    for (const auto& action : actions.get_array()) {
      if (!action.is_string()) return std::nullopt;
      list.emplace_back(action.get_string());
    }
  }
  return out;
}

std::string PermissionsJson(const Permissions& permissions) {
  boost::json::object object;
  for (const auto& [resource, actions] : permissions) {
    boost::json::array list;
    for (const auto& action : actions) list.emplace_back(action);
    object[resource] = std::move(list);
  }
  return boost::json::serialize(object);
}

bool PermissionsAllow(const Permissions& granted, const Permissions& required) {
  for (const auto& [resource, actions] : required) {
    auto it = granted.find(resource);
    if (it == granted.end()) return false;
    for (const auto& action : actions) {
      bool found = false;
      for (const auto& have : it->second) found = found || have == action;
      if (!found) return false;
    }
  }
  return true;
}

bool KeyMayAccess(const ApiKey& key, const Permissions& required) {
  if (required.empty() || !key.permissions) return false;
  auto granted = ParsePermissions(*key.permissions);
  return granted && PermissionsAllow(*granted, required);
}

bool RouteRefusesKeys(const http::RouteSpec& route) {
  return route.auth == http::Auth::kSensitiveSession || route.auth == http::Auth::kFreshSession;
}

Permissions RoutePermissions(const http::RouteSpec& route) {
  if (route.key_permission.resource.empty()) return {};
  return {{std::string(route.key_permission.resource), {std::string(route.key_permission.action)}}};
}

bool RefillDue(const ApiKey& key, TimeMs now) {
  // Better Auth treats 0 as "not set" for both fields (a JS truthiness test).
  if (!key.refill_interval || !key.refill_amount || *key.refill_interval == 0 ||
      *key.refill_amount == 0) {
    return false;
  }
  const TimeMs since = key.last_refill_at.value_or(key.created_at);
  return now - since > *key.refill_interval;
}

RateLimitDecision EvaluateRateLimit(const ApiKey& key, TimeMs now) {
  if (!key.rate_limit_enabled || !key.rate_limit_time_window || !key.rate_limit_max) {
    return {RateLimitDecision::kSkip};
  }
  if (!key.last_request) return {RateLimitDecision::kStart};
  const std::int64_t since = now - *key.last_request;
  if (since > *key.rate_limit_time_window) return {RateLimitDecision::kReset};
  if (key.request_count >= *key.rate_limit_max) {
    return {RateLimitDecision::kDeny, *key.rate_limit_time_window - since};
  }
  return {RateLimitDecision::kIncrement};
}

bool NeedsBookkeeping(const ApiKey& key) {
  return key.remaining.has_value() ||
         (key.rate_limit_enabled && key.rate_limit_time_window && key.rate_limit_max);
}

std::string ApiKeyJson(const ApiKey& k, const std::string* plain_key) {
  std::string out;
  out.reserve(640);
  json::ObjectWriter w(out);
  w.String("id", k.id).String("configId", k.config_id).NullableString("name", k.name);
  w.NullableString("start", k.start).String("referenceId", k.reference_id);
  w.NullableString("prefix", k.prefix);
  if (plain_key) w.String("key", *plain_key);
  NullableInt(w, "refillInterval", k.refill_interval);
  NullableInt(w, "refillAmount", k.refill_amount);
  NullableTime(w, "lastRefillAt", k.last_refill_at);
  w.Bool("enabled", k.enabled).Bool("rateLimitEnabled", k.rate_limit_enabled);
  NullableInt(w, "rateLimitTimeWindow", k.rate_limit_time_window);
  NullableInt(w, "rateLimitMax", k.rate_limit_max);
  w.Int("requestCount", k.request_count);
  NullableInt(w, "remaining", k.remaining);
  NullableTime(w, "lastRequest", k.last_request);
  NullableTime(w, "expiresAt", k.expires_at);
  w.String("createdAt", FormatIsoTime(k.created_at))
      .String("updatedAt", FormatIsoTime(k.updated_at));
  w.Raw("permissions", k.permissions ? *k.permissions : "null");
  w.Raw("metadata", k.metadata ? *k.metadata : "null");
  w.Close();
  return out;
}

}  // namespace latchkey::api_keys

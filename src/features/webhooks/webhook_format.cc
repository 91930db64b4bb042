#include "features/webhooks/webhook_format.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "core/ascii.h"
#include "core/clock.h"
#include "core/json_writer.h"
#include "core/settings.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace latchkey::webhooks {
namespace {

Error ConfigError(std::size_t index, std::string_view what) {
  return settings::ConfigError("webhooks: endpoint " + std::to_string(index + 1) + ": " +
                               std::string(what));
}

std::vector<std::string_view> Split(std::string_view text, std::string_view separators) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(separators, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

Result<void> ApplyField(Endpoint& endpoint, std::size_t index, std::string_view name,
                        std::string_view value) {
  if (name == "url") {
    if (!ascii::StartsWithIgnoreCase(value, "https://") &&
        !ascii::StartsWithIgnoreCase(value, "http://")) {
      return Fail(ConfigError(index, "url must be http:// or https://"));
    }
    endpoint.url = std::string(value);
  } else if (name == "secret") {
    if (!value.starts_with("whsec_")) return Fail(ConfigError(index, "secret must start whsec_"));
    auto key = crypto::Base64Decode(value.substr(6));
    if (!key || key->size() < 24 || key->size() > 64) {
      return Fail(ConfigError(index, "secret must be whsec_ + base64 of 24 to 64 bytes"));
    }
    endpoint.key = std::move(*key);
  } else if (name == "events") {
    for (std::string_view type : Split(value, ",")) {
      if (type == "*") continue;
      const auto& known = WebhookTypes();
      if (std::find(known.begin(), known.end(), type) == known.end()) {
        return Fail(ConfigError(index, "unknown event " + std::string(type)));
      }
      endpoint.events.emplace_back(type);
    }
  } else if (name == "format") {
    if (value != "standard" && value != "slack") {
      return Fail(ConfigError(index, "format must be standard or slack"));
    }
    endpoint.slack = value == "slack";
  } else if (name == "name") {
    endpoint.name = std::string(value);
  } else {
    return Fail(ConfigError(index, "unknown field " + std::string(name)));
  }
  return {};
}

}  // namespace

Result<std::vector<Endpoint>> ParseEndpoints(std::string_view spec) {
  std::vector<Endpoint> endpoints;
  for (std::string_view text : Split(spec, ";")) {
    if (ascii::TrimOws(text).empty()) continue;
    const std::size_t index = endpoints.size();
    Endpoint endpoint{.name = std::to_string(index)};
    for (std::string_view field : Split(text, " \t\r\n")) {
      const std::size_t eq = field.find('=');
      if (eq == std::string_view::npos) return Fail(ConfigError(index, "expected field=value"));
      LK_TRY(ApplyField(endpoint, index, field.substr(0, eq), field.substr(eq + 1)));
    }
    if (endpoint.url.empty()) return Fail(ConfigError(index, "url is required"));
    if (!endpoint.slack && endpoint.key.empty()) {
      return Fail(ConfigError(index, "secret is required for the standard format"));
    }
    endpoints.push_back(std::move(endpoint));
  }
  return endpoints;
}

std::string Sign(std::string_view key, std::string_view id, std::int64_t timestamp,
                 std::string_view body) {
  std::string message;
  message.reserve(id.size() + body.size() + 24);
  message.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  return "v1," + crypto::Base64Encode(crypto::HmacSha256(key, message));
}

std::int64_t BackoffMs(int attempts, std::int64_t base_ms, std::int64_t max_ms) {
  std::int64_t delay = base_ms;
  for (int i = 1; i < attempts && delay < max_ms; ++i) delay *= 2;
  return std::min(delay, max_ms);
}

const std::vector<std::string_view>& WebhookTypes() {
  static const std::vector<std::string_view> kTypes = {"user.new_device_sign_in",
                                                       "user.locked_out",
                                                       "user.password_changed",
                                                       "user.two_factor_disabled",
                                                       "api_key.created",
                                                       "user.role_changed",
                                                       "user.banned",
                                                       "user.impersonated"};
  return kTypes;
}

std::optional<std::string_view> WebhookTypeFor(std::string_view audit_type,
                                               std::string_view outcome) {
  struct Mapping {
    std::string_view audit;
    std::string_view webhook;
  };
  // Failures are attempts, not changes; the lockout is written as a failure.
  static constexpr std::array<Mapping, 11> kMap = {{
      {"user.new_device_sign_in", "user.new_device_sign_in"},
      {"abuse.account_locked", "user.locked_out"},
      {"user.change_password", "user.password_changed"},
      {"user.password_reset", "user.password_changed"},
      {"admin.set_password", "user.password_changed"},
      {"two_factor.disabled", "user.two_factor_disabled"},
      {"admin.reset_two_factor", "user.two_factor_disabled"},
      {"api_key.create", "api_key.created"},
      {"admin.set_role", "user.role_changed"},
      {"admin.ban", "user.banned"},
      {"admin.impersonation_started", "user.impersonated"},
  }};
  for (const Mapping& m : kMap) {
    if (m.audit != audit_type) continue;
    if (outcome != "success" && audit_type != "abuse.account_locked") return std::nullopt;
    return m.webhook;
  }
  return std::nullopt;
}

std::string StandardBody(std::string_view type, std::int64_t at_ms, std::string_view data_json) {
  std::string out;
  json::ObjectWriter(out)
      .String("type", type)
      .String("timestamp", FormatIsoTime(at_ms))
      .Raw("data", data_json)
      .Close();
  return out;
}

std::string SlackBody(std::string_view type, std::int64_t at_ms, std::string_view user_id,
                      std::string_view client_address) {
  std::string text = "latchkey security event " + std::string(type);
  if (!user_id.empty()) text += " for user " + std::string(user_id);
  if (!client_address.empty()) text += " from " + std::string(client_address);
  text += " at " + FormatIsoTime(at_ms);
  std::string out;
  json::ObjectWriter(out).String("text", text).Close();
  return out;
}

bool IsPublicAddress(std::string_view ip) {
  const std::string text(ip);
  std::array<unsigned char, 16> v6{};
  std::array<unsigned char, 4> v4{};
  if (inet_pton(AF_INET6, text.c_str(), v6.data()) == 1) {
    static constexpr std::array<unsigned char, 12> kMapped = {0, 0, 0, 0, 0,    0,
                                                              0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped.begin(), kMapped.end(), v6.begin())) {
      std::copy(v6.begin() + 12, v6.end(), v4.begin());
    } else {
      if (std::all_of(v6.begin(), v6.begin() + 12, [](unsigned char b) { return b == 0; })) {
        return false;  // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
      }
      if ((v6[0] & 0xfe) == 0xfc) return false;                   // fc00::/7 unique local
      if (v6[0] == 0xfe && (v6[1] & 0xc0) == 0x80) return false;  // fe80::/10 link-local
      if (v6[0] == 0xff) return false;                            // multicast
      if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b) {
        return false;  // 64:ff9b::/96 NAT64 could reach any IPv4 address
      }
      return true;
    }
  } else if (inet_pton(AF_INET, text.c_str(), v4.data()) != 1) {
    return false;
  }
  const unsigned a = v4[0];
  const unsigned b = v4[1];
  if (a == 0 || a == 10 || a == 127) return false;     // this network, private, loopback
  if (a == 169 && b == 254) return false;              // link-local, cloud metadata
  if (a == 172 && (b & 0xf0) == 16) return false;      // 172.16/12
  if (a == 192 && b == 168) return false;              // 192.168/16
  if (a == 100 && (b & 0xc0) == 64) return false;      // 100.64/10 CGNAT
  if (a == 192 && b == 0 && v4[2] == 0) return false;  // 192.0.0/24 protocol assignments
  if (a == 198 && (b & 0xfe) == 18) return false;      // 198.18/15 benchmarking
  if (a >= 224) return false;                          // multicast, reserved, broadcast
  return true;
}

}  // namespace latchkey::webhooks

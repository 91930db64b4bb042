// The pure parts of security webhooks (docs/webhooks.md): the endpoint list
// a setting names, the Standard Webhooks signature, the retry schedule, the
// audit events that become webhook events and the bodies sent for them, and
// the address classes an endpoint may not reach.
// Thread-safety: stateless functions.
#ifndef LK_FEATURES_WEBHOOKS_WEBHOOK_FORMAT_H_
#define LK_FEATURES_WEBHOOKS_WEBHOOK_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace latchkey::webhooks {

struct Endpoint {
  std::string name;                 // "0", "1", … or the spec's name=; stored with each delivery
  std::string url;                  // http(s); never logged nor stored (a Slack URL is a secret)
  std::string key;                  // the secret's decoded bytes (HMAC key)
  std::vector<std::string> events;  // webhook event types; empty = every one
  bool slack = false;               // {"text": …} for a Slack incoming webhook
};

// Parses the `webhooks` setting: endpoints separated by ';', each a list of
// whitespace-separated `field=value`: url (required), secret (`whsec_` +
// base64, required for the standard format), events (comma list, default
// all), format (`standard` | `slack`), name. Errors: kInvalidArgument
// INVALID_CONFIG naming the endpoint's position (never the secret).
Result<std::vector<Endpoint>> ParseEndpoints(std::string_view spec);

// `v1,<base64 HMAC-SHA256(key, id "." timestamp "." body)>`, the Standard
// Webhooks `webhook-signature` value; `timestamp` in seconds.
std::string Sign(std::string_view key, std::string_view id, std::int64_t timestamp,
                 std::string_view body);

// Delay before attempt `attempts + 1` after `attempts` failures (≥ 1):
// base_ms · 2^(attempts − 1), capped at max_ms.
std::int64_t BackoffMs(int attempts, std::int64_t base_ms, std::int64_t max_ms);

// The webhook event type an audit event becomes, or nullopt when it is not
// one of the security events (docs/webhooks.md "Events").
std::optional<std::string_view> WebhookTypeFor(std::string_view audit_type,
                                               std::string_view outcome);
// Every webhook event type, for the `events` filter's check.
const std::vector<std::string_view>& WebhookTypes();

// {"type","timestamp","data"}: `data_json` is a JSON object.
std::string StandardBody(std::string_view type, std::int64_t at_ms, std::string_view data_json);
// {"text": "..."} for a Slack incoming webhook.
std::string SlackBody(std::string_view type, std::int64_t at_ms, std::string_view user_id,
                      std::string_view client_address);

// Whether an endpoint may connect to `ip` (textual IPv4 or IPv6): false for
// loopback, private (RFC 1918, fc00::/7), link-local (169.254/16, fe80::/10,
// which holds the cloud metadata address 169.254.169.254), CGNAT
// (100.64/10), unspecified, multicast, broadcast, and their IPv4-mapped
// IPv6 forms. Unparsable text is refused.
bool IsPublicAddress(std::string_view ip);

}  // namespace latchkey::webhooks

#endif  // LK_FEATURES_WEBHOOKS_WEBHOOK_FORMAT_H_

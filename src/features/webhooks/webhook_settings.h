// The webhooks feature's configuration keys (docs/webhooks.md "Setup").
#ifndef LK_FEATURES_WEBHOOKS_WEBHOOK_SETTINGS_H_
#define LK_FEATURES_WEBHOOKS_WEBHOOK_SETTINGS_H_

#include <string>
#include <vector>

#include "core/settings.h"
#include "features/webhooks/webhook_format.h"

namespace latchkey::webhooks {

struct WebhookSettings {
  std::string webhooks;  // the endpoint list (secret: it holds the signing secrets)
  bool webhooks_allow_private = false;
  int webhooks_max_attempts = 8;
  int webhooks_backoff_ms = 5000;    // the first retry's delay; doubles, capped at one hour
  int webhooks_timeout_ms = 5000;    // one delivery request, connect to last byte
  int webhooks_concurrency = 4;      // requests in flight per node
  int webhooks_poll_ms = 1000;       // how often the worker looks for due deliveries
  int webhooks_retention_days = 30;  // delivered and dead rows kept; 0 = forever
  std::vector<Endpoint> endpoints;   // parsed from `webhooks` by the table's Validate
};

settings::Table WebhookSettingsTable();

}  // namespace latchkey::webhooks

#endif  // LK_FEATURES_WEBHOOKS_WEBHOOK_SETTINGS_H_

#include "features/webhooks/webhook_settings.h"

namespace latchkey::webhooks {

settings::Table WebhookSettingsTable() {
  using S = WebhookSettings;
  return settings::SettingsTable<S>("webhooks", "Security webhooks")
      .Add("webhooks", &S::webhooks,
           "endpoints that receive security events, `;`-separated, each `url=… secret=whsec_… "
           "events=a,b format=standard|slack name=…` (secret; "
           "[docs/webhooks.md](docs/webhooks.md))")
      .Secret()
      .Add("webhooks_allow_private", &S::webhooks_allow_private,
           "`true` lets webhook endpoints resolve to loopback, private, link-local and CGNAT "
           "addresses (tests, an internal receiver)")
      .Int("webhooks_max_attempts", &S::webhooks_max_attempts, 1, 50,
           "delivery attempts before a webhook is marked `dead`")
      .Int("webhooks_backoff_ms", &S::webhooks_backoff_ms, 10, 3600000,
           "delay before the first retry; doubles each attempt, at most one hour")
      .Int("webhooks_timeout_ms", &S::webhooks_timeout_ms, 100, 60000,
           "time limit of one delivery request")
      .Int("webhooks_concurrency", &S::webhooks_concurrency, 1, 32,
           "webhook requests in flight at once on a node")
      .Int("webhooks_poll_ms", &S::webhooks_poll_ms, 10, 60000,
           "how often the delivery worker looks for due webhooks")
      .Int("webhooks_retention_days", &S::webhooks_retention_days, 0, 36500,
           "days a delivered or dead `webhook_deliveries` row is kept; 0 = forever")
      .Validate([](S& s, const Config&) -> Result<void> {
        LK_ASSIGN_OR_RETURN(s.endpoints, ParseEndpoints(s.webhooks));
        return {};
      })
      .Build();
}

}  // namespace latchkey::webhooks

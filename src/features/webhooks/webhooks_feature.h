// Security webhooks (docs/webhooks.md): owns the webhook_deliveries outbox,
// the delivery worker and the admin routes under /api/auth/admin/ that list
// and replay deliveries. It follows every audit event through the platform's
// audit-recorded hook and enqueues, in the event's own transaction, one
// delivery per endpoint that wants its webhook type. With no endpoints
// configured it registers nothing and runs no thread.
#ifndef LK_FEATURES_WEBHOOKS_WEBHOOKS_FEATURE_H_
#define LK_FEATURES_WEBHOOKS_WEBHOOKS_FEATURE_H_

#include <memory>

#include "features/feature.h"
#include "features/webhooks/webhook_settings.h"
#include "features/webhooks/webhook_worker.h"

namespace latchkey::webhooks {

class WebhooksFeature final : public Feature {
 public:
  explicit WebhooksFeature(const Services& services);
  std::string_view id() const override { return "webhooks"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;
  Result<void> Start() override;
  void Stop() override;

 private:
  Result<void> OnAuditRecorded(store::Transaction& tx, const platform::AuditRecordedEvent& event);

  const Services services_;
  const WebhookSettings settings_;
  const platform::AccessPolicy* policy_ = nullptr;
  std::unique_ptr<Worker> worker_;
};

}  // namespace latchkey::webhooks

#endif  // LK_FEATURES_WEBHOOKS_WEBHOOKS_FEATURE_H_

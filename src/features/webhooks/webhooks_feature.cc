#include "features/webhooks/webhooks_feature.h"

#include <algorithm>

#include "core/json_writer.h"
#include "crypto/random.h"
#include "features/common/outbound/outbound_errors.h"
#include "features/webhooks/webhook_outbox.h"
#include "features/webhooks/webhook_routes.h"
#include "observability/metrics.h"

namespace latchkey::webhooks {

std::span<const store::Migration> EmbeddedMigrations();

namespace {

bool Wants(const Endpoint& endpoint, std::string_view type) {
  return endpoint.events.empty() ||
         std::find(endpoint.events.begin(), endpoint.events.end(), type) != endpoint.events.end();
}

// What a webhook says of the event: ids, the address and the audit row's
// details, which never hold a secret (docs/audit.md).
std::string DataJson(const platform::AuditRecordedEvent& e) {
  std::string out;
  json::ObjectWriter w(out);
  w.String("auditEventId", e.id).String("auditType", e.type).String("outcome", e.outcome);
  if (!e.user_id.empty()) w.String("userId", e.user_id);
  if (!e.target_user_id.empty()) w.String("targetUserId", e.target_user_id);
  if (!e.client_address.empty()) w.String("clientAddress", e.client_address);
  w.Raw("details", e.details_json.empty() ? std::string_view("{}") : e.details_json).Close();
  return out;
}

}  // namespace

WebhooksFeature::WebhooksFeature(const Services& services)
    : services_(services), settings_(services.config.Get<WebhookSettings>()) {}

std::span<const std::string_view> WebhooksFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"audit"};
  return kDeps;
}

std::span<const store::Migration> WebhooksFeature::Migrations() const {
  return EmbeddedMigrations();
}

std::span<const ErrorInfo> WebhooksFeature::Errors() const {
  // The SSRF refusal is recorded on the delivery (lastError), never answered.
  static constexpr ErrorInfo kErrors[] = {kDeliveryNotFound, kInvalidQuery,
                                          outbound::kOutboundRefused};
  return kErrors;
}

Result<void> WebhooksFeature::Register(platform::Platform& platform) {
  policy_ = &platform.policy;
  if (settings_.endpoints.empty()) return {};
  worker_ = std::make_unique<Worker>(services_.store, services_.clock, settings_);
  platform.hooks.OnAuditRecorded(
      [this](store::Transaction& tx, const platform::AuditRecordedEvent& event) {
        return OnAuditRecorded(tx, event);
      });
  return {};
}

Result<void> WebhooksFeature::OnAuditRecorded(store::Transaction& tx,
                                              const platform::AuditRecordedEvent& event) {
  auto type = WebhookTypeFor(event.type, event.outcome);
  if (!type) return {};
  const std::string data = DataJson(event);
  bool queued = false;
  for (const Endpoint& endpoint : settings_.endpoints) {
    if (!Wants(endpoint, *type)) continue;
    std::string body =
        endpoint.slack ? SlackBody(*type, event.created_at_ms, event.user_id, event.client_address)
                       : StandardBody(*type, event.created_at_ms, data);
    LK_TRY(Enqueue(tx, {.id = "msg_" + crypto::RandomAlnum(27),
                        .endpoint = endpoint.name,
                        .event_type = std::string(*type),
                        .audit_event_id = std::string(event.id),
                        .payload = std::move(body),
                        .next_attempt_at = event.created_at_ms,
                        .created_at = event.created_at_ms}));
    queued = true;
  }
  if (queued) tx.OnCommit([worker = worker_.get()] { worker->Wake(); });
  return {};
}

Result<void> WebhooksFeature::RegisterRoutes(platform::RouteTable& routes) {
  // Without an authorizer nobody could be allowed in, and without endpoints
  // there is nothing to list: no routes (404).
  if (!worker_ || policy_ == nullptr || !policy_->authorize) return {};
  return AddWebhookRoutes(routes, services_, [worker = worker_.get()] { worker->Wake(); });
}

Result<void> WebhooksFeature::Start() {
  if (!worker_) return {};
  store::Store& store = services_.store;
  for (std::string_view status : {kPending, kDead}) {
    metrics::Global().AddGauge("latchkey_webhook_outbox",
                               "Webhook deliveries waiting (pending) or given up on (dead)",
                               "status=\"" + std::string(status) + "\"", [&store, status] {
                                 auto n = Count(store, status);
                                 return n ? static_cast<double>(*n) : -1.0;
                               });
  }
  worker_->Start();
  return {};
}

void WebhooksFeature::Stop() {
  if (worker_) worker_->Stop();
}

}  // namespace latchkey::webhooks

#include "features/webhooks/webhook_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "features/common/outbound/outbound_http.h"
#include "observability/metrics.h"
#include "observability/tracing/error_reports.h"
#include "observability/tracing/span.h"

namespace latchkey::webhooks {
namespace {

constexpr std::int64_t kMaxBackoffMs = std::int64_t{3600} * 1000;

metrics::Counter& Deliveries(std::string_view result) {
  return metrics::Global().GetCounter("latchkey_webhook_deliveries_total",
                                      "Webhook delivery attempts by result",
                                      "result=\"" + std::string(result) + "\"");
}

const Endpoint* FindEndpoint(const WebhookSettings& settings, const std::string& name) {
  for (const Endpoint& e : settings.endpoints) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace

void Worker::Start() {
  if (thread_.joinable()) return;
  // Every result's series exists from the start, at 0, so a dashboard or an
  // alert on it has data before the first delivery (docs/webhooks.md).
  for (std::string_view result : {"delivered", "failed", "dead"}) Deliveries(result);
  thread_ = std::thread([this] { Loop(); });
}

void Worker::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Worker::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void Worker::Loop() {
  while (true) {
    // A full batch suggests more are due: go again without waiting.
    const bool full = RunOnce() >= settings_.webhooks_concurrency;
    PurgeIfDue();
    std::unique_lock lock(mu_);
    if (!full) {
      cv_.wait_for(lock, std::chrono::milliseconds(settings_.webhooks_poll_ms),
                   [this] { return stopping_ || woken_; });
    }
    woken_ = false;
    if (stopping_) return;
  }
}

void Worker::PurgeIfDue() {
  const std::int64_t now = clock_.NowMs();
  if (settings_.webhooks_retention_days <= 0 || now < next_purge_ms_) return;
  next_purge_ms_ = now + std::int64_t{3600} * 1000;
  const std::int64_t before =
      now - std::int64_t{settings_.webhooks_retention_days} * 24 * 3600 * 1000;
  // Bounded batches, each its own short transaction (as the audit purge).
  for (int i = 0; i < 100; ++i) {
    auto deleted = PurgeFinished(store_, before, 1000);
    if (!deleted) {
      spdlog::warn("webhooks: purge failed: {}", deleted.error().detail);
      return;
    }
    if (*deleted < 1000) return;
  }
}

int Worker::RunOnce() {
  // The lease outlasts the request's time limit, so a row is never sent
  // twice at once; a node that died mid-attempt leaves it due after that.
  const std::int64_t lease = settings_.webhooks_timeout_ms + 30000;
  auto claimed = ClaimDue(store_, clock_.NowMs(), settings_.webhooks_concurrency, lease);
  if (!claimed) {
    spdlog::warn("webhooks: claiming deliveries failed: {}", claimed.error().detail);
    return 0;
  }
  std::vector<Attempt> outcomes(claimed->size());
  std::vector<std::thread> threads;
  threads.reserve(claimed->size());
  for (std::size_t i = 0; i < claimed->size(); ++i) {
    threads.emplace_back([&, i] { outcomes[i] = Deliver((*claimed)[i]); });
  }
  for (std::thread& t : threads) t.join();
  for (std::size_t i = 0; i < claimed->size(); ++i) {
    const Attempt& a = outcomes[i];
    Deliveries(a.delivered ? "delivered" : (a.dead ? "dead" : "failed")).Inc();
    if (auto recorded = RecordAttempt(store_, (*claimed)[i].id, clock_.NowMs(), a); !recorded) {
      spdlog::warn("webhooks: recording an attempt failed: {}", recorded.error().detail);
    }
  }
  return static_cast<int>(claimed->size());
}

Attempt Worker::Deliver(const Delivery& d) const {
  // Each delivery is its own trace; the POST below is its child and carries
  // its traceparent to the endpoint (docs/operations.md, "Tracing").
  tracing::Span span(tracing::Span::Root{}, "webhook.deliver", tracing::SpanKind::kProducer);
  Attempt a = DeliverOnce(d);
  if (!a.delivered) {
    // The error code and status only: the endpoint's URL may carry a token.
    const std::string code = a.error.value_or("WEBHOOK_HTTP_STATUS");
    const std::string message =
        a.http_status ? "webhook answered HTTP " + std::to_string(*a.http_status)
                      : std::string(a.dead ? "webhook given up" : "webhook delivery failed");
    span.SetError(code);
    reports::Report({.source = "webhooks", .code = code, .message = message});
  }
  return a;
}

Attempt Worker::DeliverOnce(const Delivery& d) const {
  Attempt a;
  const Endpoint* endpoint = FindEndpoint(settings_, d.endpoint);
  if (endpoint == nullptr) {
    a.dead = true;
    a.error = "ENDPOINT_REMOVED";
    return a;
  }
  const std::int64_t timestamp = clock_.NowMs() / 1000;
  outbound::HttpHeaders headers = {{"Content-Type", "application/json"},
                                   {"webhook-id", d.id},
                                   {"webhook-timestamp", std::to_string(timestamp)}};
  if (!endpoint->key.empty()) {
    headers.emplace_back("webhook-signature", Sign(endpoint->key, d.id, timestamp, d.payload));
  }
  outbound::OutboundOptions options;
  options.timeout = std::chrono::milliseconds(settings_.webhooks_timeout_ms);
  options.connect_timeout = options.timeout;
  options.max_response_bytes = std::size_t{64} * 1024;
  if (!settings_.webhooks_allow_private) options.allow_address = IsPublicAddress;
  auto response = outbound::HttpPost(endpoint->url, d.payload, headers, options);
  if (response && response->status >= 200 && response->status < 300) {
    a.delivered = true;
    a.http_status = response->status;
    return a;
  }
  if (response) {
    a.http_status = response->status;
  } else {
    a.error = std::string(response.error().code);
  }
  const int attempts = static_cast<int>(d.attempts) + 1;
  if (attempts >= settings_.webhooks_max_attempts) {
    a.dead = true;
  } else {
    a.retry_at = clock_.NowMs() + BackoffMs(attempts, settings_.webhooks_backoff_ms, kMaxBackoffMs);
  }
  return a;
}

}  // namespace latchkey::webhooks

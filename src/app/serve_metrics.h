// The metrics `latchkey serve` keeps about the HTTP traffic and the process
// (docs/operations.md "Metrics"): every response counted by route family and
// status class, its latency per family, and the gauges the admin console's
// dashboard draws (active sessions, the KDF pool).
// Thread-safety: RequestMetrics::Record may be called from any thread.
#ifndef LK_APP_SERVE_METRICS_H_
#define LK_APP_SERVE_METRICS_H_

#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bounded_pool.h"
#include "core/clock.h"
#include "observability/metrics.h"
#include "store/store.h"

namespace latchkey {

// The family a matched route pattern belongs to ("sign-in", "session",
// "admin", …; "web" for the pages, "none" when nothing matched). A fixed,
// small set: the label's cardinality is bounded whatever the traffic.
std::string_view RouteFamily(std::string_view route);

// Every family RouteFamily can answer.
std::span<const std::string_view> RouteFamilies();

class RequestMetrics {
 public:
  // Registers every family's counters and histogram up front, so that
  // Record never searches the registry.
  explicit RequestMetrics(metrics::Registry& registry);
  // `error_code` is the error answer's wire code ("" for none): counted in
  // latchkey_http_errors_total{family,error} (at most kMaxErrorSeries pairs;
  // beyond, or for a code that is not UPPER_SNAKE/lower_snake, error="other").
  void Record(std::string_view route, int status, double latency_ms,
              std::string_view error_code = "");

  static constexpr std::size_t kMaxErrorSeries = 500;

 private:
  struct Family {
    std::array<metrics::Counter*, 6> by_class{};  // [1] = 1xx … [5] = 5xx
    metrics::Histogram* latency = nullptr;
  };
  metrics::Counter& ErrorCounter(std::string_view family, std::string_view error_code);

  metrics::Registry& registry_;
  std::vector<Family> families_;  // in RouteFamilies() order
  std::mutex errors_mu_;
  std::map<std::string, metrics::Counter*, std::less<>> errors_;  // GUARDED_BY(errors_mu_)
};

// Gauges read at scrape time: live sessions (counted at most every 10 s, a
// COUNT on an index) and the KDF pool's busy workers and queue. `store`,
// `clock` and `pool` must outlive every scrape (the serving process's).
void RegisterServeGauges(metrics::Registry& registry, store::Store& store, const Clock& clock,
                         const BoundedPool& pool);

// Each of the store's connection pools (store::Store::Pools): connections
// in use, callers waiting, size, by pool. `store` must outlive every scrape.
void RegisterStoreGauges(metrics::Registry& registry, store::Store& store);

// The process: resident memory (process_resident_memory_bytes, from
// /proc/self/statm) and latchkey_build_info{version} = 1.
void RegisterProcessGauges(metrics::Registry& registry, std::string_view version);

// Requests answered 503 because a queue was full, by reason
// (latchkey_shed_total{reason}): "worker_queue" reads `worker_queue` (the
// HTTP worker queue), "kdf_pool" reads `kdf_pool` (password hashing: shed on
// the I/O thread or refused by the pool); both count since the start. And the open
// HTTP connections (latchkey_http_connections_open). The readers must stay
// valid until the next call replaces them (at shutdown, with constants).
void RegisterServerGauges(metrics::Registry& registry, std::function<double()> open_connections,
                          std::function<double()> worker_queue, std::function<double()> kdf_pool);

// What the trace exporter and the error reporter did (docs/operations.md,
// "Tracing", "Error reports"): spans exported, dropped (queue full) and lost
// in failed exports; reports sent, dropped (rate limit, queue) and failed.
// All 0 while they are off.
void RegisterTelemetryCounters(metrics::Registry& registry);

// 1 when base_url is plain http:// on a host other than loopback (a
// production deployment without TLS: cookies and tokens travel in clear),
// else 0. The LatchkeyBaseUrlNotHttps alert reads it (deploy/prometheus/).
bool BaseUrlInsecure(std::string_view base_url);
void RegisterConfigGauges(metrics::Registry& registry, std::string_view base_url);

}  // namespace latchkey

#endif  // LK_APP_SERVE_METRICS_H_

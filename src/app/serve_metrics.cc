#include "app/serve_metrics.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "observability/tracing/error_reports.h"
#include "observability/tracing/tracer.h"

namespace latchkey {
namespace {

constexpr std::string_view kApiPrefix = "/api/auth";

// Route patterns under /api/auth by family. A pattern ending in '/' matches
// every route below it; any other matches itself only. Routes not listed
// here are "meta" (ok, error, the OpenAPI document and reference).
struct FamilyRule {
  std::string_view pattern;
  std::string_view family;
};
constexpr FamilyRule kRules[] = {
    {"/sign-in/", "sign-in"},
    {"/sign-up/", "sign-up"},
    {"/callback/", "social"},
    {"/link-social", "social"},
    {"/unlink-account", "social"},
    {"/list-accounts", "social"},
    {"/account-info", "social"},
    {"/get-access-token", "social"},
    {"/refresh-token", "social"},
    {"/get-session", "session"},
    {"/list-sessions", "session"},
    {"/revoke-session", "session"},
    {"/revoke-sessions", "session"},
    {"/revoke-other-sessions", "session"},
    {"/sign-out", "session"},
    {"/multi-session/", "session"},
    {"/token", "tokens"},
    {"/jwks", "tokens"},
    {"/jwt/", "tokens"},
    {"/refresh", "tokens"},
    {"/refresh/", "tokens"},
    {"/refresh-token/", "tokens"},
    {"/two-factor/", "two-factor"},
    {"/passkey/", "passkey"},
    {"/oauth2/", "oidc"},
    {"/.well-known/", "oidc"},
    {"/admin/", "admin"},
    {"/organization/", "organization"},
    {"/api-key/", "api-key"},
    {"/request-password-reset", "password"},
    {"/reset-password", "password"},
    {"/reset-password/", "password"},
    {"/password/", "password"},
    {"/change-password", "password"},
    {"/verify-password", "password"},
    {"/verify-email", "verification"},
    {"/send-verification-email", "verification"},
    {"/update-user", "account"},
    {"/change-email", "account"},
    {"/delete-user", "account"},
    {"/delete-user/", "account"},
    {"/ws", "realtime"},
};

constexpr std::string_view kFamilies[] = {
    "sign-in",  "sign-up", "social",       "session", "tokens",   "two-factor",   "passkey",
    "oidc",     "admin",   "organization", "api-key", "password", "verification", "account",
    "realtime", "meta",    "ops",          "web",     "none"};

bool Matches(std::string_view pattern, std::string_view path) {
  if (pattern.ends_with('/')) return path.starts_with(pattern);
  return path == pattern;
}

// The index in kFamilies of a route's family, what Record needs per request:
// one pass over the rules (RouteFamily and Record share it).
std::size_t FamilyIndex(std::string_view route) {
  constexpr std::size_t kMeta = 15, kOps = 16, kWeb = 17, kNone = 18;
  static_assert(kFamilies[kMeta] == "meta" && kFamilies[kOps] == "ops" &&
                kFamilies[kWeb] == "web" && kFamilies[kNone] == "none");
  if (route.empty() || route == "-") return kNone;
  if (route == "/metrics" || route == "/healthz" || route == "/readyz") return kOps;
  if (!route.starts_with(kApiPrefix)) return kWeb;
  route.remove_prefix(kApiPrefix.size());
  for (const FamilyRule& rule : kRules) {
    if (Matches(rule.pattern, route)) {
      return static_cast<std::size_t>(
          std::find(std::begin(kFamilies), std::end(kFamilies), rule.family) -
          std::begin(kFamilies));
    }
  }
  return kMeta;
}

}  // namespace

std::string_view RouteFamily(std::string_view route) { return kFamilies[FamilyIndex(route)]; }

std::span<const std::string_view> RouteFamilies() { return kFamilies; }

RequestMetrics::RequestMetrics(metrics::Registry& registry) : registry_(registry) {
  for (std::string_view family : kFamilies) {
    Family f;
    const std::string label = "family=\"" + std::string(family) + "\"";
    for (int c = 1; c <= 5; ++c) {
      f.by_class[c] = &registry.GetCounter("latchkey_http_requests_total",
                                           "HTTP responses by route family and status class",
                                           label + ",code=\"" + std::to_string(c) + "xx\"");
    }
    f.latency = &registry.GetHistogram("latchkey_http_request_duration_seconds",
                                       "Time from request read to response written", label);
    families_.push_back(f);
  }
}

void RequestMetrics::Record(std::string_view route, int status, double latency_ms,
                            std::string_view error_code) {
  const std::size_t index = FamilyIndex(route);
  const Family& family = families_[index];
  if (status >= 100 && status < 600) family.by_class[status / 100]->Inc();
  family.latency->Observe(latency_ms);
  if (!error_code.empty()) ErrorCounter(kFamilies[index], error_code).Inc();
}

// Error codes come from the server's own catalogues (a bounded set), but the
// label is still checked and capped: a code that is not a plain identifier,
// or one past the cap, is counted as "other".
metrics::Counter& RequestMetrics::ErrorCounter(std::string_view family,
                                               std::string_view error_code) {
  const bool plain =
      error_code.size() <= 64 && std::all_of(error_code.begin(), error_code.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_';
      });
  std::string key = std::string(family) + '\n' + std::string(plain ? error_code : "other");
  const std::lock_guard<std::mutex> lock(errors_mu_);
  if (auto it = errors_.find(key); it != errors_.end()) return *it->second;
  if (errors_.size() >= kMaxErrorSeries) key = std::string(family) + "\nother";
  if (auto it = errors_.find(key); it != errors_.end()) return *it->second;
  const std::string_view error = std::string_view(key).substr(family.size() + 1);
  metrics::Counter& counter = registry_.GetCounter(
      "latchkey_http_errors_total", "Error answers by route family and wire error code",
      "family=\"" + std::string(family) + "\",error=\"" + std::string(error) + "\"");
  errors_.emplace(std::move(key), &counter);
  return counter;
}

void RegisterServeGauges(metrics::Registry& registry, store::Store& store, const Clock& clock,
                         const BoundedPool& pool) {
  // The count is a range scan of sessions_expires_at; a scrape every few
  // seconds must not repeat it on a large table, so it is kept 10 s.
  struct Cached {
    std::mutex mu;
    TimeMs at = 0;
    double value = -1;
  };
  auto cached = std::make_shared<Cached>();
  registry.AddGauge("latchkey_sessions_active", "Sessions not yet expired (refreshed every 10 s)",
                    "", [&store, &clock, cached] {
                      std::lock_guard lock(cached->mu);
                      const TimeMs now = clock.NowMs();
                      if (cached->at != 0 && now - cached->at < 10'000) return cached->value;
                      auto rows = store.QueryOnce(
                          "SELECT COUNT(*) AS n FROM sessions WHERE expires_at > ?", {now});
                      cached->at = now;
                      cached->value =
                          (!rows || rows->empty())
                              ? -1.0  // the database did not answer
                              : static_cast<double>(rows->front().GetInt("n").value_or(-1));
                      return cached->value;
                    });
  registry.AddGauge("latchkey_kdf_busy", "Password-hashing workers running a hash", "",
                    [&pool] { return static_cast<double>(pool.busy()); });
  registry.AddGauge("latchkey_kdf_queued", "Password hashes waiting for a worker", "",
                    [&pool] { return static_cast<double>(pool.queued()); });
  registry.AddGauge("latchkey_kdf_threads", "Password-hashing workers", "",
                    [&pool] { return static_cast<double>(pool.threads()); });
}

void RegisterStoreGauges(metrics::Registry& registry, store::Store& store) {
  struct Field {
    std::string_view name, help;
    int store::PoolStats::*member;
  };
  static constexpr Field kFields[] = {
      {"latchkey_db_pool_in_use", "Database connections leased now", &store::PoolStats::in_use},
      {"latchkey_db_pool_waiting", "Callers waiting for a database connection",
       &store::PoolStats::waiting},
      {"latchkey_db_pool_size", "Database connections the pool may hold", &store::PoolStats::size},
  };
  for (const store::PoolStats& pool : store.Pools()) {
    const std::string name(pool.pool);
    for (const Field& field : kFields) {
      registry.AddGauge(field.name, field.help, "pool=\"" + name + "\"",
                        [&store, name, member = field.member] {
                          for (const store::PoolStats& p : store.Pools()) {
                            if (p.pool == name) return static_cast<double>(p.*member);
                          }
                          return 0.0;
                        });
    }
  }
}

double ResidentBytes() {
  // statm: size resident shared text lib data dt, in pages.
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long size = 0, resident = 0;  // NOLINT(google-runtime-int): fscanf's %ld
  const int read = std::fscanf(f, "%ld %ld", &size, &resident);
  std::fclose(f);
  if (read != 2) return 0;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

void RegisterProcessGauges(metrics::Registry& registry, std::string_view version) {
  registry.AddGauge("process_resident_memory_bytes", "Resident memory size in bytes", "",
                    ResidentBytes);
  // The version is the build's (CMake's project version): one series.
  registry.AddGauge("latchkey_build_info", "1, labelled with the running build's version",
                    "version=\"" + std::string(version) + "\"", [] { return 1.0; });
}

void RegisterServerGauges(metrics::Registry& registry, std::function<double()> open_connections,
                          std::function<double()> worker_queue, std::function<double()> kdf_pool) {
  registry.AddGauge("latchkey_http_connections_open",
                    "Open HTTP connections, upgraded WebSockets included", "",
                    std::move(open_connections));
  constexpr std::string_view kShedHelp =
      "Requests answered 503 because a queue was full, by reason";
  registry.AddCounterReader("latchkey_shed_total", kShedHelp, "reason=\"worker_queue\"",
                            std::move(worker_queue));
  registry.AddCounterReader("latchkey_shed_total", kShedHelp, "reason=\"kdf_pool\"",
                            std::move(kdf_pool));
}

void RegisterTelemetryCounters(metrics::Registry& registry) {
  registry.AddCounterReader("latchkey_trace_spans_exported_total",
                            "Spans sent to the OTLP endpoint", "",
                            [] { return static_cast<double>(tracing::Stats().exported); });
  registry.AddCounterReader("latchkey_trace_spans_dropped_total",
                            "Spans dropped because the export queue was full", "",
                            [] { return static_cast<double>(tracing::Stats().dropped); });
  registry.AddCounterReader("latchkey_trace_exports_failed_total",
                            "OTLP export requests that failed (their spans are lost)", "",
                            [] { return static_cast<double>(tracing::Stats().failed); });
  constexpr std::string_view kReportsHelp = "Error reports by what became of them";
  registry.AddCounterReader("latchkey_error_reports_total", kReportsHelp, "result=\"sent\"",
                            [] { return static_cast<double>(reports::ReportStats().sent); });
  registry.AddCounterReader("latchkey_error_reports_total", kReportsHelp, "result=\"dropped\"",
                            [] { return static_cast<double>(reports::ReportStats().dropped); });
  registry.AddCounterReader("latchkey_error_reports_total", kReportsHelp, "result=\"failed\"",
                            [] { return static_cast<double>(reports::ReportStats().failed); });
}

bool BaseUrlInsecure(std::string_view base_url) {
  constexpr std::string_view kHttp = "http://";
  if (!base_url.starts_with(kHttp)) return false;
  std::string_view host = base_url.substr(kHttp.size());
  host = host.substr(0, host.find('/'));
  if (host.starts_with('[')) {
    host = host.substr(0, host.find(']') + 1);  // [::1]:3000 → [::1]
  } else {
    host = host.substr(0, host.find(':'));
  }
  const bool loopback_v4 =
      host.starts_with("127.") && host.find_first_not_of("0123456789.") == std::string_view::npos;
  return !(host == "localhost" || host == "[::1]" || loopback_v4 || host.ends_with(".localhost"));
}

void RegisterConfigGauges(metrics::Registry& registry, std::string_view base_url) {
  const double insecure = BaseUrlInsecure(base_url) ? 1 : 0;
  registry.AddGauge("latchkey_base_url_insecure",
                    "1 when base_url is http:// on a host other than loopback", "",
                    [insecure] { return insecure; });
}

}  // namespace latchkey

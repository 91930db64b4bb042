#include "app/ops_routes.h"

#include "app/ops_docs.h"
#include "core/json_writer.h"
#include "crypto/constant_time.h"
#include "observability/metrics.h"

namespace latchkey::app {
namespace {

bool MetricsAllowed(const Config& config, const http::Request& request) {
  if (config.metrics_token.empty()) return true;
  std::optional<std::string_view> token = http::BearerCredential(request);
  return token && crypto::ConstantTimeEquals(*token, config.metrics_token);
}

}  // namespace

Result<void> RegisterOpsRoutes(http::Router& router, const Config& config, store::Store& store,
                               std::function<Result<bool>()> is_migrated,
                               std::function<std::string()> degraded_reason) {
  LK_TRY(router.Add({.method = http::Method::kGet,
                     .path = "/healthz",
                     .summary = "The process is up",
                     .doc = &kHealthDoc},
                    [](const http::Request&, http::RequestContext&) {
                      return Result<http::Response>(http::Response::Json(R"({"status":"ok"})"));
                    }));
  LK_TRY(router.Add(
      {.method = http::Method::kGet,
       .path = "/readyz",
       .summary = "The database is reachable and migrated",
       .doc = &kReadyDoc},
      [&store, is_migrated = std::move(is_migrated), degraded_reason = std::move(degraded_reason)](
          const http::Request&, http::RequestContext&) -> Result<http::Response> {
        bool ready = store.Ping().has_value();
        if (ready) ready = is_migrated().value_or(false);
        if (ready) {
          // Still ready (a load balancer keeps the node), but
          // an operator sees what is missing.
          const std::string reason = degraded_reason ? degraded_reason() : "";
          if (reason.empty()) return http::Response::Json(R"({"status":"ready"})");
          std::string body;
          json::ObjectWriter(body).String("status", "degraded").String("reason", reason).Close();
          return http::Response::Json(std::move(body));
        }
        http::Response response =
            http::Response::Json(R"({"status":"unavailable","database":false})", 503);
        response.AddHeader("Retry-After", "1");
        return response;
      }));
  return router.Add(
      {.method = http::Method::kGet,
       .path = "/metrics",
       .summary = "Prometheus metrics (Bearer metrics_token when configured)",
       .doc = &kMetricsDoc},
      [&config](const http::Request& request, http::RequestContext&) -> Result<http::Response> {
        if (!MetricsAllowed(config, request)) {
          http::Response response = http::Response::Json(
              R"({"code":"UNAUTHORIZED","message":"A valid metrics token is required"})", 401);
          response.AddHeader("WWW-Authenticate", "Bearer");
          return response;
        }
        http::Response response = http::Response::Text(metrics::Global().RenderPrometheus(),
                                                       "text/plain; version=0.0.4; charset=utf-8");
        response.no_store = true;
        return response;
      });
}

}  // namespace latchkey::app

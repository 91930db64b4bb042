// GET /admin/metrics: the same exposition as GET /metrics, for the admin
// console's live dashboard (docs/web.md "Admin console"). The browser has
// the admin's session, never metrics_token, so the console reads it here,
// behind metrics:read. Per node: a scrape answers for the node it reached.
#include "observability/metrics.h"

#include "features/admin/routes/admin_routes.h"

namespace latchkey::admin {

Result<http::Response> AdminMetrics(const http::Request& /*request*/,
                                    const AdminService& /*service*/,
                                    const sessions::SessionWithUser& /*caller*/) {
  http::Response response = http::Response::Text(metrics::Global().RenderPrometheus(),
                                                 "text/plain; version=0.0.4; charset=utf-8");
  response.no_store = true;
  return response;
}

}  // namespace latchkey::admin

// Routes for operators, outside /api/auth: /healthz (the process is up),
// /readyz (the database answers and is migrated: 200 "ready", or 200
// "degraded" with the reason when a shared part such as Redis is down and
// the node serves on its own counters; 503 otherwise) and /metrics (Prometheus
// text; with metrics_token set, only for "Authorization: Bearer <token>").
#ifndef LK_APP_OPS_ROUTES_H_
#define LK_APP_OPS_ROUTES_H_

#include <functional>

#include "core/config.h"
#include "core/result.h"
#include "http/router.h"
#include "store/store.h"

namespace latchkey::app {

Result<void> RegisterOpsRoutes(http::Router& router, const Config& config, store::Store& store,
                               std::function<Result<bool>()> is_migrated,
                               std::function<std::string()> degraded_reason);

}  // namespace latchkey::app

#endif  // LK_APP_OPS_ROUTES_H_

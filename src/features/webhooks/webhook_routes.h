// The webhooks admin API (docs/webhooks.md "Admin API"): list deliveries
// (webhooks:read) and replay one (webhooks:replay, audited).
#ifndef LK_FEATURES_WEBHOOKS_WEBHOOK_ROUTES_H_
#define LK_FEATURES_WEBHOOKS_WEBHOOK_ROUTES_H_

#include <functional>

#include "core/error.h"
#include "features/platform/route_table.h"
#include "features/services.h"

namespace latchkey::webhooks {

inline constexpr ErrorInfo kDeliveryNotFound{"WEBHOOK_DELIVERY_NOT_FOUND", ErrorKind::kNotFound,
                                             "Webhook delivery not found"};
inline constexpr ErrorInfo kInvalidQuery{"WEBHOOK_INVALID_QUERY", ErrorKind::kInvalidArgument,
                                         "A parameter of the webhook query is malformed"};

// Registers both routes; `wake` asks the worker to look at once (a replay).
Result<void> AddWebhookRoutes(platform::RouteTable& routes, const Services& services,
                              std::function<void()> wake);

}  // namespace latchkey::webhooks

#endif  // LK_FEATURES_WEBHOOKS_WEBHOOK_ROUTES_H_

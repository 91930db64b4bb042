// The errors a route can return: those its RouteDoc lists, plus the ones
// every route of its kind gets from the pipeline, derived from its RouteSpec
// (docs/api.md, "Everywhere"): no session → 401, an API key on account
// management → 403, body framing → 400/413/415, the Origin check on a
// state-changing request → 403, its rate-limit bucket → 429, a full
// password-hashing queue → 503.
#ifndef LK_FEATURES_OPENAPI_ROUTE_ERRORS_H_
#define LK_FEATURES_OPENAPI_ROUTE_ERRORS_H_

#include <vector>

#include "http/route.h"
#include "http/route_doc.h"

namespace latchkey::openapi {

// The doc's errors first, then the derived ones; one entry per (status,
// code) pair.
std::vector<http::ErrorDoc> RouteErrors(const http::RouteSpec& spec);

}  // namespace latchkey::openapi

#endif  // LK_FEATURES_OPENAPI_ROUTE_ERRORS_H_

// Exact-match router (wire contract §1.1): no trailing-slash or `//`
// leniency; unknown path or method → 404 with an empty body.
// Thread-safety: Add() only before the server starts; Match() concurrently.
#ifndef LK_HTTP_ROUTER_H_
#define LK_HTTP_ROUTER_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "http/route.h"

namespace latchkey::http {

class Router {
 public:
  struct Match {
    const RouteSpec* spec;
    const Handler* handler;
    std::vector<std::pair<std::string, std::string>> path_params;
  };

  // Errors: kFailedPrecondition (code "DUPLICATE_ROUTE") if method+path is
  // already registered.
  Result<void> Add(const RouteSpec& spec, Handler handler);
  // std::nullopt when no route matches method and path.
  std::optional<Match> Find(Method method, std::string_view path) const;
  // Body limit for a request before its body is read: the route's limit, or
  // the default when no route matches.
  std::size_t BodyLimitFor(Method method, std::string_view path) const;
  const std::vector<std::pair<RouteSpec, Handler>>& routes() const { return routes_; }

 private:
  std::vector<std::pair<RouteSpec, Handler>> routes_;
};

}  // namespace latchkey::http

#endif  // LK_HTTP_ROUTER_H_

// Exact-match router (docs/api.md): no trailing-slash or `//`
// leniency; unknown path or method → 404 with an empty body.
// Thread-safety: Add() only before the server starts; Match() concurrently.
#ifndef LK_HTTP_ROUTER_H_
#define LK_HTTP_ROUTER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"
#include "http/route.h"
#include "http/websocket.h"

namespace latchkey::http {

class Router {
 public:
  struct Match {
    const RouteSpec* spec;
    const Handler* handler;
    std::vector<std::pair<std::string, std::string>> path_params;
  };

  // Errors: kFailedPrecondition (code "DUPLICATE_ROUTE") if method+path is
  // already registered (patterns differing only in parameter names count as
  // the same path); kFailedPrecondition (code "INVALID_ROUTE") if the path
  // does not start with '/', has an empty segment or a trailing slash, or
  // the body limit exceeds kMaxBodyLimit. REQUIRES: spec.path outlives the
  // router (it is normally a string literal).
  Result<void> Add(const RouteSpec& spec, Handler handler);
  // std::nullopt when no route matches method and path.
  std::optional<Match> Find(Method method, std::string_view path) const;
  // Body limit for a request before its body is read: the route's limit, or
  // kDefaultBodyLimit when no route matches.
  std::size_t BodyLimitFor(Method method, std::string_view path) const;

  // A WebSocket route (GET, static path only). Errors: as Add(); a path
  // also registered with Add() for GET counts as a duplicate.
  Result<void> AddWebSocket(const RouteSpec& spec, UpgradeHandler handler);
  // The WebSocket route for a GET of `path`, or nullptr.
  const std::pair<RouteSpec, UpgradeHandler>* FindWebSocket(Method method,
                                                            std::string_view path) const;

  static constexpr std::size_t kDefaultBodyLimit = std::size_t{16} * 1024;
  static constexpr std::size_t kMaxBodyLimit = std::size_t{1024} * 1024;
  const std::vector<std::pair<RouteSpec, Handler>>& routes() const { return routes_; }
  const std::vector<std::pair<RouteSpec, UpgradeHandler>>& websockets() const {
    return websockets_;
  }

 private:
  std::vector<std::pair<RouteSpec, Handler>> routes_;
  // Static paths → indexes into routes_ (one per method at most).
  std::unordered_map<std::string_view, std::vector<std::size_t>> static_index_;
  // Indexes of routes with at least one ":name" segment, in insertion order.
  std::vector<std::size_t> dynamic_routes_;
  std::vector<std::pair<RouteSpec, UpgradeHandler>> websockets_;
};

}  // namespace latchkey::http

#endif  // LK_HTTP_ROUTER_H_

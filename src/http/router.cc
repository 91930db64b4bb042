// Exact-match routing (docs/api.md). Static paths are found with one
// hash lookup; patterns with ":name" segments are compared segment by
// segment, and a dynamic segment matches exactly one non-empty segment.
#include "http/router.h"

#include <algorithm>

#include "http/http_errors.h"
#include "http/request.h"

namespace latchkey::http {
namespace {

bool IsDynamic(std::string_view pattern) { return pattern.find("/:") != std::string_view::npos; }

// Splits "/a/b" into {"a","b"}. Returns false for a path that has an empty
// segment ("//", trailing '/') or does not start with '/'.
bool SplitPath(std::string_view path, std::vector<std::string_view>& segments) {
  segments.clear();
  if (path.empty() || path.front() != '/') return false;
  if (path == "/") return true;  // the root: no segment (the hosted pages' home)
  path.remove_prefix(1);
  while (true) {
    std::size_t slash = path.find('/');
    std::string_view segment = path.substr(0, slash);
    if (segment.empty()) return false;
    segments.push_back(segment);
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

// Two patterns collide when they have the same segments up to the names of
// their parameters ("/a/:x" and "/a/:y" would match the same requests).
bool SameShape(std::string_view a, std::string_view b) {
  std::vector<std::string_view> sa;
  std::vector<std::string_view> sb;
  if (!SplitPath(a, sa) || !SplitPath(b, sb) || sa.size() != sb.size()) return false;
  for (std::size_t i = 0; i < sa.size(); ++i) {
    bool pa = sa[i].front() == ':';
    bool pb = sb[i].front() == ':';
    if (pa != pb || (!pa && sa[i] != sb[i])) return false;
  }
  return true;
}

// Matches `path` against a dynamic `pattern`, filling `params` on success.
bool MatchDynamic(std::string_view pattern, std::string_view path,
                  std::vector<std::pair<std::string, std::string>>& params) {
  params.clear();
  if (path.empty() || path.front() != '/' || pattern.empty()) return false;
  pattern.remove_prefix(1);
  path.remove_prefix(1);
  while (true) {
    std::size_t ps = pattern.find('/');
    std::size_t qs = path.find('/');
    std::string_view pseg = pattern.substr(0, ps);
    std::string_view qseg = path.substr(0, qs);
    if (qseg.empty()) return false;  // "//" or trailing slash never match
    if (pseg.front() == ':') {
      params.emplace_back(std::string(pseg.substr(1)), PercentDecode(qseg, false));
    } else if (pseg != qseg) {
      return false;
    }
    bool pattern_done = ps == std::string_view::npos;
    bool path_done = qs == std::string_view::npos;
    if (pattern_done || path_done) return pattern_done && path_done;
    pattern.remove_prefix(ps + 1);
    path.remove_prefix(qs + 1);
  }
}

}  // namespace

Result<void> Router::Add(const RouteSpec& spec, Handler handler) {
  std::vector<std::string_view> segments;
  if (!SplitPath(spec.path, segments) || spec.body_limit > kMaxBodyLimit || !handler) {
    return Fail(MakeError(kInvalidRoute, std::string(spec.path)));
  }
  for (std::string_view segment : segments) {
    if (segment == ":") return Fail(MakeError(kInvalidRoute, std::string(spec.path)));
  }
  for (const auto& [existing, unused] : routes_) {
    if (existing.method == spec.method && SameShape(existing.path, spec.path)) {
      return Fail(MakeError(kDuplicateRoute,
                            std::string(MethodName(spec.method)) + " " + std::string(spec.path)));
    }
  }
  for (const auto& [existing, unused] : websockets_) {
    if (spec.method == Method::kGet && SameShape(existing.path, spec.path)) {
      return Fail(MakeError(kDuplicateRoute, "GET " + std::string(spec.path)));
    }
  }
  const std::size_t index = routes_.size();
  routes_.emplace_back(spec, std::move(handler));
  if (IsDynamic(spec.path)) {
    dynamic_routes_.push_back(index);
  } else {
    static_index_[spec.path].push_back(index);
  }
  return {};
}

Result<void> Router::AddWebSocket(const RouteSpec& spec, UpgradeHandler handler) {
  std::vector<std::string_view> segments;
  if (spec.method != Method::kGet || IsDynamic(spec.path) || !SplitPath(spec.path, segments) ||
      !handler) {
    return Fail(MakeError(kInvalidRoute, std::string(spec.path)));
  }
  if (Find(Method::kGet, spec.path) || FindWebSocket(Method::kGet, spec.path)) {
    return Fail(MakeError(kDuplicateRoute, "GET " + std::string(spec.path)));
  }
  websockets_.emplace_back(spec, std::move(handler));
  return {};
}

const std::pair<RouteSpec, UpgradeHandler>* Router::FindWebSocket(Method method,
                                                                  std::string_view path) const {
  if (method != Method::kGet) return nullptr;
  for (const auto& route : websockets_) {
    if (route.first.path == path) return &route;
  }
  return nullptr;
}

std::optional<Router::Match> Router::Find(Method method, std::string_view path) const {
  if (auto it = static_index_.find(path); it != static_index_.end()) {
    for (std::size_t index : it->second) {
      const auto& [spec, handler] = routes_[index];
      if (spec.method == method) return Match{&spec, &handler, {}};
    }
  }
  std::vector<std::pair<std::string, std::string>> params;
  for (std::size_t index : dynamic_routes_) {
    const auto& [spec, handler] = routes_[index];
    if (spec.method == method && MatchDynamic(spec.path, path, params)) {
      return Match{&spec, &handler, std::move(params)};
    }
  }
  return std::nullopt;
}

std::size_t Router::BodyLimitFor(Method method, std::string_view path) const {
  std::optional<Match> match = Find(method, path);
  if (!match) return kDefaultBodyLimit;
  return std::min(match->spec->body_limit, kMaxBodyLimit);
}

}  // namespace latchkey::http

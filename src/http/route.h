// What a feature gives the router. No Beast or Asio types leak out.
#ifndef LK_HTTP_ROUTE_H_
#define LK_HTTP_ROUTE_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "http/request.h"
#include "http/response.h"

namespace latchkey::http {

inline constexpr std::string_view kApiBase = "/api/auth";

// The caller a route needs; the feature platform's route table enforces it
// before the handler runs (docs/design.md "Routes"). kSession: any
// credential that stands for a session. kSensitiveSession and kFreshSession
// are account management (password, e-mail, sessions, keys, deletion): an
// API key standing for a session is refused there (docs/api.md "API keys as
// credentials"); kFreshSession also wants a recent sign-in. kAdmin: a
// platform permission (RouteSpec::permission). kApiKey: an API key only.
// A session route with a RouteSpec::permission_scope wants the caller's
// permission in the instance of that scope the request names (an
// organization), checked by the scope's guard.
enum class Auth { kPublic, kSession, kSensitiveSession, kFreshSession, kAdmin, kApiKey };

// A permission an API key must hold to use a route in place of a session:
// `action` listed under `resource` in the key's permissions
// ({"apiKey":["read"]}). Empty resource = the route asks for none.
struct KeyPermission {
  std::string_view resource;
  std::string_view action;
};

struct RouteDoc;  // http/route_doc.h: what the OpenAPI document says of a route

// The fields' order is the order every route declaration's designated
// initializers follow (method, path, auth first); packing them tighter would
// save 8 bytes of static data per route and reorder every declaration.
struct RouteSpec {  // NOLINT(clang-analyzer-optin.performance.Padding)
  Method method = Method::kGet;
  std::string_view path;  // full path; ":name" marks a dynamic segment
  Auth auth = Auth::kPublic;
  std::size_t body_limit = std::size_t{16} * 1024;  // enforced by the parser; hard cap 1 MiB
  // The rate-limit rule the route draws on, shared by every route naming it
  // (features/abuse/limits/rules.h BucketDefaults); empty or a bucket without
  // a rule = the global rule only.
  std::string_view rate_limit_bucket;
  std::string_view summary;      // one line for OpenAPI
  bool hashes_password = false;  // runs a password hash: shed at once when the KDF pool is full
  KeyPermission key_permission;  // what an API key must be granted here (the api_keys resolver)
  // The permission the caller needs, "resource:action". Auth::kAdmin: a
  // platform permission (the admin feature's authorizer decides). With a
  // permission_scope: one held in that scope (empty there: membership
  // suffices). docs/design.md "Routes".
  std::string_view permission;
  // Where `permission` is held: empty = the caller's platform roles; a scope
  // name ("organization") = the caller's roles in the one the request names,
  // resolved and checked by the guard the scope's feature registers.
  std::string_view permission_scope;
  const RouteDoc* doc = nullptr;
};

// Per-request state the pipeline hands to a handler.
struct RequestContext {
  const Clock& clock;
  std::string_view route_pattern;  // the matched RouteSpec::path (for logs/metrics)
};

// Plain synchronous function: no sockets, no threads. http/ runs it on the
// worker pool, maps an Error to {"code","message"} plus a status, and adds
// security headers.
using Handler = std::function<Result<Response>(const Request&, RequestContext&)>;

}  // namespace latchkey::http

#endif  // LK_HTTP_ROUTE_H_

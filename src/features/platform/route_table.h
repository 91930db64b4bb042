// Where features register their routes: the RouteTable wraps the router so
// that what a RouteSpec declares is enforced before the handler runs
// (docs/design.md "Routes"). For every route that needs a caller it asks the
// credential chain once, refuses with the contract's error when the caller
// does not qualify (none: 401 UNAUTHORIZED; an API key on an
// account-management route: 403 SESSION_NOT_FRESH; a stale session on a
// fresh-session route: 403 SESSION_NOT_FRESH; a missing platform
// permission: the authorizer's 403; a scoped permission: the scope guard's
// refusal), and hands the handler the principal.
// Thread-safety: Add() only at startup; the handlers it builds run
// concurrently.
#ifndef LK_FEATURES_PLATFORM_ROUTE_TABLE_H_
#define LK_FEATURES_PLATFORM_ROUTE_TABLE_H_

#include <any>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "features/platform/credentials.h"
#include "features/platform/principal.h"
#include "http/router.h"

namespace latchkey::platform {

// What a platform handler receives besides the request.
class Call {
 public:
  Call(http::RequestContext& http, const Principal* principal)
      : http_(http), principal_(principal) {}
  // The caller. REQUIRES: the route's auth is not kPublic.
  const Principal& principal() const { return *principal_; }
  const sessions::SessionWithUser& caller() const { return principal_->caller; }
  bool has_principal() const { return principal_ != nullptr; }
  http::RequestContext& http() { return http_; }

  // What a ScopeGuard resolved (its scope and the caller's place in it), for
  // the handler it runs; `Grant` is the type the scope's feature documents.
  // REQUIRES: the route has that permission_scope (else a null dereference).
  template <class Grant>
  Grant& grant() const {
    return **std::any_cast<Grant*>(&grant_);
  }
  template <class Grant>
  void set_grant(Grant* grant) {
    grant_ = grant;
  }

 private:
  http::RequestContext& http_;
  const Principal* principal_;
  std::any grant_;
};

using Handler = std::function<Result<http::Response>(const http::Request&, Call&)>;

// A scope a permission is held in (docs/design.md "Routes"): the guard finds
// the instance the request names (an organization), checks that the caller
// holds RouteSpec::permission there, puts what it found on the Call
// (Call::set_grant) and runs `next`, returning its answer. It may run `next`
// inside a transaction, so that what it checked still holds when the
// handler writes. Errors: the scope's refusals.
using ScopeGuard = std::function<Result<http::Response>(
    const http::Request&, Call&, const http::RouteSpec&, const Handler& next)>;

// The policies the route pipeline applies, set at startup by the features
// that own them (sessions: freshness and the dead-cookie cleanup; admin:
// platform permissions; organizations: the "organization" scope).
struct AccessPolicy {
  // Errors: SESSION_NOT_FRESH when the session is too old for kFreshSession.
  std::function<Result<void>(const Principal&)> require_fresh;
  // A 401 answering a route that needs a caller passes through here (the
  // sessions feature expires the session cookies a browser sent).
  std::function<void(const http::Request&, http::Response&)> on_unauthenticated;
  // Codes besides UNAUTHORIZED whose 401 also passes through
  // on_unauthenticated: the session the request named has just ended
  // (session binding's SESSION_BINDING_MISMATCH).
  std::vector<std::string_view> session_ending_codes;
  // kAdmin routes: Errors: the authorizer's 403 when the principal lacks
  // RouteSpec::permission. Without one, kAdmin routes cannot be registered.
  std::function<Result<void>(const Principal&, std::string_view permission)> authorize;
  // Routes with a RouteSpec::permission_scope, by scope name. A route whose
  // scope has no guard cannot be registered.
  std::map<std::string, ScopeGuard, std::less<>> scopes;
};

// For the few routes whose refusals Better Auth orders or names
// differently from the rule.
struct RouteOptions {
  // Runs once a bad credential has been refused, before anything else; an
  // answer ends the request there (delete-user when switched off: an empty
  // 404, yet an API key is still refused there first, as Better Auth does).
  std::function<std::optional<http::Response>(const http::Request&)> answer_first;
  // Runs before the caller is resolved, where Better Auth validates the
  // body first (its error then wins over UNAUTHORIZED).
  std::function<Result<void>(const http::Request&)> check_first;
  // The route's own error when there is no caller (api-key/create answers
  // UNAUTHORIZED_SESSION); null = UNAUTHORIZED.
  const ErrorInfo* unauthenticated = nullptr;
};

class RouteTable {
 public:
  RouteTable(http::Router& router, const CredentialChain& credentials, const AccessPolicy& policy)
      : router_(router), credentials_(credentials), policy_(policy) {}

  using Options = RouteOptions;

  // Errors: as http::Router::Add; INVALID_ROUTE for a kAdmin route without
  // a permission or without an authorizer, and for a scoped permission on a
  // route that is not a session route or whose scope has no guard.
  Result<void> Add(const http::RouteSpec& spec, Handler handler, Options options = {});

  // The caller a request carries, for public routes that answer either way
  // (get-session). nullopt: no credential. Errors: a bad credential's.
  Result<std::optional<Principal>> Resolve(const http::Request& request,
                                           const http::RouteSpec& spec) const;

  http::Router& router() { return router_; }

  // `result`, or for a 401 UNAUTHORIZED (or one of the policy's
  // session_ending_codes) its error response with the policy's
  // on_unauthenticated applied: what every route that needs a caller
  // answers, for the public routes that resolve the caller themselves.
  Result<http::Response> Refuse(const http::Request& request, Result<http::Response> result) const;

 private:
  // The principal the route's auth demands, from what the chain found.
  // Errors: as the class comment.
  Result<Principal> Authorize(std::optional<Principal> found, const http::RouteSpec& spec) const;

  http::Router& router_;
  const CredentialChain& credentials_;
  const AccessPolicy& policy_;
};

}  // namespace latchkey::platform

#endif  // LK_FEATURES_PLATFORM_ROUTE_TABLE_H_

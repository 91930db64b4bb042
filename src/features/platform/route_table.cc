#include "features/platform/route_table.h"

#include <algorithm>
#include <utility>

#include "features/common/base_errors.h"
#include "http/error_mapping.h"
#include "http/http_errors.h"

namespace latchkey::platform {
namespace {

// Account management, and administration: an API key never stands in.
bool IsAccountRoute(http::Auth auth) {
  return auth == http::Auth::kSensitiveSession || auth == http::Auth::kFreshSession ||
         auth == http::Auth::kAdmin;
}

// A caller that stands for a session: what a scoped permission is held by.
bool IsSessionRoute(http::Auth auth) {
  return auth == http::Auth::kSession || auth == http::Auth::kSensitiveSession ||
         auth == http::Auth::kFreshSession;
}

}  // namespace

Result<void> RouteTable::Add(const http::RouteSpec& spec, Handler handler, Options options) {
  if (spec.auth == http::Auth::kAdmin && (spec.permission.empty() || !policy_.authorize)) {
    return Fail(MakeError(http::kInvalidRoute, std::string(spec.path) +
                                                   ": an admin route needs a permission and an "
                                                   "authorizer (the admin feature)"));
  }
  ScopeGuard guard;
  if (!spec.permission_scope.empty()) {
    const auto found = policy_.scopes.find(spec.permission_scope);
    if (!IsSessionRoute(spec.auth) || found == policy_.scopes.end()) {
      return Fail(
          MakeError(http::kInvalidRoute, std::string(spec.path) + ": a permission in scope '" +
                                             std::string(spec.permission_scope) +
                                             "' needs a session route and the scope's guard"));
    }
    guard = found->second;
  }
  const bool needs_caller = spec.auth != http::Auth::kPublic;
  return router_.Add(
      spec,
      [this, spec, needs_caller, handler = std::move(handler), guard = std::move(guard),
       options = std::move(options)](const http::Request& request,
                                     http::RequestContext& context) -> Result<http::Response> {
        // A bad credential's refusal comes first (an API key on an account
        // route is refused before its body is read), then the route's early
        // answer and body check, then the rule of the route's auth. Public
        // routes never ask who calls.
        std::optional<Principal> found;
        if (needs_caller) {
          Result<std::optional<Principal>> resolved = credentials_.Resolve(request, spec);
          if (!resolved) return Refuse(request, Fail(std::move(resolved).error()));
          found = std::move(*resolved);
        }
        if (options.answer_first) {
          if (auto answer = options.answer_first(request)) return std::move(*answer);
        }
        if (options.check_first) LK_TRY(options.check_first(request));
        if (!needs_caller) {
          Call call(context, nullptr);
          return handler(request, call);
        }
        Result<Principal> principal = Authorize(std::move(found), spec);
        if (!principal) {
          Error error = std::move(principal).error();
          if (options.unauthenticated && error.code == errors::kUnauthorized.code) {
            error = MakeError(*options.unauthenticated);
          }
          return Refuse(request, Fail(std::move(error)));
        }
        Call call(context, &*principal);
        if (guard) return Refuse(request, guard(request, call, spec, handler));
        return Refuse(request, handler(request, call));
      });
}

Result<std::optional<Principal>> RouteTable::Resolve(const http::Request& request,
                                                     const http::RouteSpec& spec) const {
  return credentials_.Resolve(request, spec);
}

Result<Principal> RouteTable::Authorize(std::optional<Principal> found,
                                        const http::RouteSpec& spec) const {
  if (!found) return Fail(MakeError(errors::kUnauthorized));
  const bool by_key = found->kind == CredentialKind::kApiKey;
  if (spec.auth == http::Auth::kApiKey && !by_key) return Fail(MakeError(errors::kUnauthorized));
  // An API key never stands for a session on account management; the API
  // key resolver refuses it first (and audits it), this is the backstop.
  // Nor does any credential but the session's own (an OAuth access token).
  if (IsAccountRoute(spec.auth) && found->kind != CredentialKind::kSessionToken) {
    return Fail(MakeError(errors::kSessionNotFresh));
  }
  // Administration wants a recent sign-in too (docs/permissions.md).
  if ((spec.auth == http::Auth::kFreshSession || spec.auth == http::Auth::kAdmin) &&
      policy_.require_fresh) {
    LK_TRY(policy_.require_fresh(*found));
  }
  if (spec.auth == http::Auth::kAdmin) LK_TRY(policy_.authorize(*found, spec.permission));
  return std::move(*found);
}

Result<http::Response> RouteTable::Refuse(const http::Request& request,
                                          Result<http::Response> result) const {
  if (result || !policy_.on_unauthenticated) return result;
  const std::string_view code = result.error().code;
  if (code != errors::kUnauthorized.code &&
      std::find(policy_.session_ending_codes.begin(), policy_.session_ending_codes.end(), code) ==
          policy_.session_ending_codes.end()) {
    return result;
  }
  http::Response response = http::ErrorResponse(result.error());
  policy_.on_unauthenticated(request, response);
  return response;
}

}  // namespace latchkey::platform

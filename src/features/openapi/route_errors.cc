#include "features/openapi/route_errors.h"

#include <algorithm>

#include "features/common/base_errors.h"
#include "http/error_mapping.h"
#include "http/http_errors.h"

namespace latchkey::openapi {
namespace {

using http::Auth;
using http::ErrorDoc;

ErrorDoc From(const ErrorInfo& info, std::string_view when) { return {info.kind, info.code, when}; }

void Derive(const http::RouteSpec& spec, std::vector<ErrorDoc>& out) {
  if (spec.auth != Auth::kPublic) out.push_back(From(errors::kUnauthorized, "no valid session"));
  if (spec.auth == Auth::kSensitiveSession) {
    out.push_back(From(errors::kSessionNotFresh, "an API key (account management refuses keys)"));
  }
  if (spec.auth == Auth::kFreshSession) {
    out.push_back(From(errors::kSessionNotFresh,
                       "the session is older than session_fresh_age, or an API key"));
  }
  const bool safe = spec.method == http::Method::kGet || spec.method == http::Method::kHead;
  if (!safe) {
    if (spec.doc && !spec.doc->body.empty()) {
      out.push_back(From(http::kInvalidJson, "malformed JSON, a duplicate key or depth > 32"));
      out.push_back(From(http::kUnsupportedMediaType, "a body that is not JSON"));
    }
    out.push_back(From(http::kPayloadTooLarge, "the body is over the route's limit"));
    out.push_back(From(errors::kMissingOrNullOrigin, "a request with a cookie and no Origin"));
    out.push_back(From(errors::kInvalidOrigin, "a request with a cookie from an untrusted origin"));
  }
  if (!spec.rate_limit_bucket.empty()) {
    // The rate limiter's 429 is Better Auth's code-less "Too many requests".
    out.push_back({ErrorKind::kRateLimited, "", "the route's rate limit is hit (X-Retry-After)"});
  }
  if (spec.hashes_password) {
    out.push_back(From(errors::kBusy, "the password-hashing queue is full (Retry-After: 1)"));
  }
}

}  // namespace

std::vector<ErrorDoc> RouteErrors(const http::RouteSpec& spec) {
  std::vector<ErrorDoc> out;
  if (spec.doc) out.assign(spec.doc->errors.begin(), spec.doc->errors.end());
  Derive(spec, out);
  std::vector<ErrorDoc> unique;
  for (const ErrorDoc& error : out) {
    const bool seen = std::any_of(unique.begin(), unique.end(), [&](const ErrorDoc& e) {
      return e.code == error.code && http::StatusFor(e.kind) == http::StatusFor(error.kind);
    });
    if (!seen) unique.push_back(error);
  }
  return unique;
}

}  // namespace latchkey::openapi

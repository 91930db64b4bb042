#include "app/origin_check.h"

#include "features/common/base_errors.h"
#include "http/body.h"
#include "http/error_mapping.h"

namespace latchkey::app {
namespace {

bool IsSafeMethod(http::Method m) {
  return m == http::Method::kGet || m == http::Method::kHead || m == http::Method::kOptions;
}

bool IsLoginRoute(std::string_view path) {
  return path == "/api/auth/sign-in/email" || path == "/api/auth/sign-up/email";
}

http::Response Refuse(const ErrorInfo& info) { return http::ErrorResponse(MakeError(info)); }

// The request's claimed origin: Origin, else the origin of Referer.
std::string ClaimedOrigin(const TrustedOrigins& trusted, const http::Request& request) {
  std::string origin(request.Header("origin").value_or(""));
  if (origin == "null" && request.Header("sec-fetch-site") == "same-origin") {
    return trusted.base_origin();
  }
  if (origin.empty()) {
    auto referer = request.Header("referer");
    if (referer) origin = OriginOf(*referer).value_or("null");
  }
  return origin;
}

std::optional<http::Response> RequireTrustedOrigin(const TrustedOrigins& trusted,
                                                   const http::Request& request) {
  const std::string origin = ClaimedOrigin(trusted, request);
  if (origin.empty() || origin == "null") return Refuse(errors::kMissingOrNullOrigin);
  if (!trusted.IsTrustedOrigin(origin)) return Refuse(errors::kInvalidOrigin);
  return std::nullopt;
}

struct RedirectField {
  std::string_view key;
  const ErrorInfo& error;
};

// docs/api.md, "Redirects and callback URLs": runs even without cookies.
std::optional<http::Response> CheckRedirectTargets(const TrustedOrigins& trusted,
                                                   const http::Request& request) {
  static const RedirectField kFields[] = {
      {"callbackURL", errors::kInvalidCallbackUrl},
      {"redirectTo", errors::kInvalidRedirectUrl},
      {"errorCallbackURL", errors::kInvalidErrorCallbackUrl},
      {"newUserCallbackURL", errors::kInvalidNewUserCallbackUrl},
  };
  if (auto query = request.QueryParam("callbackURL"); query && !trusted.IsTrustedRedirect(*query)) {
    return Refuse(errors::kInvalidCallbackUrl);
  }
  // Parse the body only when it can hold one of the fields; a body that does
  // not parse is left for the handler to report.
  bool mentions = false;
  for (const auto& f : kFields)
    mentions = mentions || request.body.find(f.key) != std::string::npos;
  if (!mentions) return std::nullopt;
  auto body = http::ParseBody(request, /*allow_form=*/IsLoginRoute(request.path));
  if (!body) return std::nullopt;
  for (const auto& f : kFields) {
    const auto* value = body->if_contains(f.key);
    if (!value || value->is_null()) continue;
    if (!value->is_string()) {
      Error error = MakeError({"", ErrorKind::kInvalidArgument, ""});
      error.wire_message = "Invalid " + std::string(f.key) + ": expected a string";
      return http::ErrorResponse(error);
    }
    if (!trusted.IsTrustedRedirect(std::string_view(value->get_string()))) return Refuse(f.error);
  }
  return std::nullopt;
}

}  // namespace

std::optional<http::Response> CheckOrigin(const TrustedOrigins& trusted,
                                          const http::Request& request) {
  if (request.path.rfind("/api/auth/", 0) != 0 || IsSafeMethod(request.method)) {
    return std::nullopt;
  }
  if (request.Header("cookie")) {
    if (auto refused = RequireTrustedOrigin(trusted, request)) return refused;
  } else if (IsLoginRoute(request.path)) {
    auto site = request.Header("sec-fetch-site");
    auto mode = request.Header("sec-fetch-mode");
    bool fetch_metadata = site || mode || request.Header("sec-fetch-dest");
    if (fetch_metadata) {
      if (site == "cross-site" && mode == "navigate") {
        return Refuse(errors::kCrossSiteNavigationLoginBlocked);
      }
      if (auto refused = RequireTrustedOrigin(trusted, request)) return refused;
    } else if (request.Header("origin") || request.Header("referer")) {
      if (auto refused = RequireTrustedOrigin(trusted, request)) return refused;
    }
  }
  return CheckRedirectTargets(trusted, request);
}

}  // namespace latchkey::app

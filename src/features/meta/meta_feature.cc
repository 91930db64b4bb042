#include "features/meta/meta_feature.h"

#include <algorithm>
#include <cctype>

#include "features/meta/meta_docs.h"

namespace latchkey::meta {
namespace {

constexpr http::RouteSpec kOkRoute{.method = http::Method::kGet,
                                   .path = "/api/auth/ok",
                                   .summary = "Liveness of the auth API: {\"ok\":true}",
                                   .doc = &kOkDoc};
constexpr http::RouteSpec kErrorRoute{.method = http::Method::kGet,
                                      .path = "/api/auth/error",
                                      .summary = "Redirects to the app with a sanitised error code",
                                      .doc = &kErrorDoc};

// Production Better Auth answers /error with a redirect to the app's root
// carrying the code; the code is sanitised and the description re-encoded, so
// nothing attacker-chosen is ever rendered by us.
http::Response ErrorRedirect(const http::Request& request) {
  const std::string code = SanitizeErrorCode(request.QueryParam("error").value_or(""));
  std::string location = "/?error=" + http::PercentEncode(code);
  if (auto description = request.QueryParam("error_description"); description) {
    location += "&error_description=" + http::PercentEncode(description->substr(0, 500));
  }
  return http::Response::Redirect(std::move(location));
}

}  // namespace

std::string SanitizeErrorCode(std::string_view code) {
  bool ok = !code.empty() && std::all_of(code.begin(), code.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-' || c == '\'';
  });
  return ok ? std::string(code) : "UNKNOWN";
}

Result<void> MetaFeature::RegisterRoutes(platform::RouteTable& routes) {
  LK_TRY(routes.Add(kOkRoute, [](const http::Request&, platform::Call&) {
    return Result<http::Response>(http::Response::Json(R"({"ok":true})"));
  }));
  return routes.Add(kErrorRoute, [](const http::Request& req, platform::Call&) {
    return Result<http::Response>(ErrorRedirect(req));
  });
}

}  // namespace latchkey::meta

#include "features/meta/meta_feature.h"

#include <algorithm>
#include <cctype>

namespace latchkey::meta {
namespace {

constexpr http::RouteSpec kOkRoute{.method = http::Method::kGet,
                                   .path = "/api/auth/ok",
                                   .body_limit = 0,
                                   .summary = "Liveness of the auth API: {\"ok\":true}"};
constexpr http::RouteSpec kErrorRoute{.method = http::Method::kGet,
                                      .path = "/api/auth/error",
                                      .body_limit = 0,
                                      .summary = "A plain error page for failed redirects"};

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

http::Response ErrorPage(const http::Request& request) {
  const std::string code = SanitizeErrorCode(request.QueryParam("error").value_or("UNKNOWN"));
  std::string description = request.QueryParam("error_description").value_or("");
  if (description.size() > 500) description.resize(500);
  std::string html =
      "<!doctype html><html><head><meta charset=\"utf-8\"><title>Error</title></head>"
      "<body><h1>Something went wrong</h1><p>Error code: <code>" + HtmlEscape(code) +
      "</code></p>" + (description.empty() ? "" : "<p>" + HtmlEscape(description) + "</p>") +
      "</body></html>";
  http::Response response = http::Response::Text(std::move(html), "text/html; charset=utf-8");
  // The page shows attacker-chosen text: forbid scripts outright.
  response.AddHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  return response;
}

}  // namespace

std::string SanitizeErrorCode(std::string_view code) {
  bool ok = !code.empty() && std::all_of(code.begin(), code.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-' || c == '\'';
  });
  return ok ? std::string(code) : "UNKNOWN";
}

Result<void> MetaFeature::RegisterRoutes(http::Router& router) {
  LK_TRY(router.Add(kOkRoute, [](const http::Request&, http::RequestContext&) {
    return Result<http::Response>(http::Response::Json(R"({"ok":true})"));
  }));
  return router.Add(kErrorRoute, [](const http::Request& req, http::RequestContext&) {
    return Result<http::Response>(ErrorPage(req));
  });
}

}  // namespace latchkey::meta

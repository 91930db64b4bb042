// Response factories and Set-Cookie serialisation in Better Auth's attribute
// order (docs/api.md).
#include "http/response.h"

#include <cassert>

#include "http/util.h"

namespace latchkey::http {
namespace {

constexpr std::string_view kJsonType = "application/json";

// Browsers cap Max-Age at 400 days; Better Auth refuses larger values.
constexpr long long kMaxCookieAgeSeconds = 400LL * 24 * 60 * 60;

// "lax" / "LAX" → "Lax", as Better Auth capitalises the SameSite value.
std::string CapitaliseSameSite(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = ascii::Lower(value[i]);
    out.push_back(i == 0 && c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool Response::HasHeader(std::string_view name) const {
  for (const auto& header : headers) {
    if (EqualsIgnoreCase(header.first, name)) return true;
  }
  return false;
}

Response Response::Json(std::string json_body, int status) {
  Response response;
  response.status = status;
  response.headers.emplace_back("Content-Type", kJsonType);
  response.body = std::move(json_body);
  return response;
}

Response Response::Empty(int status) {
  Response response;
  response.status = status;
  response.headers.emplace_back("Content-Type", kJsonType);
  return response;
}

Response Response::Redirect(std::string location, int status) {
  Response response = Empty(status);
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

Response Response::Text(std::string text, std::string content_type, int status) {
  Response response;
  response.status = status;
  response.headers.emplace_back("Content-Type", std::move(content_type));
  response.body = std::move(text);
  return response;
}

std::string SerializeCookie(const CookieSpec& cookie) {
  assert(cookie.max_age <= kMaxCookieAgeSeconds && "Max-Age above 400 days");
  // Browser-enforced prefix rules (docs/api.md, "Cookies"): __Host- means Path=/, no Domain;
  // both prefixes and SameSite=None require Secure or the cookie is dropped.
  const bool host_prefix = StartsWith(cookie.name, "__Host-");
  const std::string same_site = CapitaliseSameSite(cookie.same_site);
  const bool secure =
      cookie.secure || host_prefix || StartsWith(cookie.name, "__Secure-") || same_site == "None";
  std::string out;
  out.reserve(cookie.name.size() + cookie.value.size() + 96);
  out.append(cookie.name).append("=").append(cookie.value);
  if (cookie.max_age >= 0) out.append("; Max-Age=").append(std::to_string(cookie.max_age));
  if (!cookie.domain.empty() && !host_prefix) out.append("; Domain=").append(cookie.domain);
  if (host_prefix) {
    out.append("; Path=/");
  } else if (!cookie.path.empty()) {
    out.append("; Path=").append(cookie.path);
  }
  if (cookie.http_only) out.append("; HttpOnly");
  if (secure) out.append("; Secure");
  if (!same_site.empty()) out.append("; SameSite=").append(same_site);
  return out;
}

}  // namespace latchkey::http

#include "testing/cookies.h"

#include <algorithm>
#include <cctype>

namespace latchkey::testing {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsSetCookie(std::string_view name) { return Lower(name) == "set-cookie"; }

}  // namespace

bool SetCookie::Has(std::string_view attribute) const {
  return attributes.contains(Lower(attribute));
}

std::optional<std::string> SetCookie::Attribute(std::string_view attribute) const {
  auto it = attributes.find(Lower(attribute));
  if (it == attributes.end()) return std::nullopt;
  return it->second;
}

bool SetCookie::Expires() const {
  auto max_age = Attribute("max-age");
  return max_age && !max_age->empty() && (max_age->front() == '-' || *max_age == "0");
}

std::optional<SetCookie> ParseSetCookie(std::string_view header) {
  std::size_t semi = header.find(';');
  std::string_view pair = header.substr(0, semi);
  std::size_t eq = pair.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  SetCookie cookie;
  cookie.name = std::string(Trim(pair.substr(0, eq)));
  cookie.value = std::string(Trim(pair.substr(eq + 1)));
  while (semi != std::string_view::npos) {
    header.remove_prefix(semi + 1);
    semi = header.find(';');
    std::string_view part = Trim(header.substr(0, semi));
    if (part.empty()) continue;
    std::size_t part_eq = part.find('=');
    std::string value =
        part_eq == std::string_view::npos ? "" : std::string(Trim(part.substr(part_eq + 1)));
    cookie.attributes[Lower(Trim(part.substr(0, part_eq)))] = std::move(value);
  }
  return cookie;
}

std::vector<SetCookie> SetCookies(const http::Response& response) {
  std::vector<SetCookie> out;
  for (const auto& [name, value] : response.headers) {
    if (!IsSetCookie(name)) continue;
    if (auto cookie = ParseSetCookie(value)) out.push_back(std::move(*cookie));
  }
  return out;
}

std::optional<SetCookie> FindSetCookie(const http::Response& response, std::string_view name) {
  std::optional<SetCookie> found;
  for (SetCookie& cookie : SetCookies(response)) {
    if (cookie.name == name) found = std::move(cookie);
  }
  return found;
}

void CookieJar::Update(const http::Response& response) {
  for (SetCookie& cookie : SetCookies(response)) {
    if (cookie.Expires()) {
      cookies_.erase(cookie.name);
    } else {
      cookies_[cookie.name] = std::move(cookie.value);
    }
  }
}

std::optional<std::string> CookieJar::Get(const std::string& name) const {
  auto it = cookies_.find(name);
  if (it == cookies_.end()) return std::nullopt;
  return it->second;
}

std::string CookieJar::Header() const {
  std::string out;
  for (const auto& [name, value] : cookies_) {
    if (!out.empty()) out += "; ";
    out += name + "=" + value;
  }
  return out;
}

}  // namespace latchkey::testing

#include "core/trusted_origins.h"

#include <algorithm>
#include <cctype>

namespace latchkey {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool HasControlChars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

}  // namespace

std::optional<std::string> OriginOf(std::string_view url) {
  if (HasControlChars(url)) return std::nullopt;
  auto sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  std::string scheme = Lower(url.substr(0, sep));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(sep + 3);
  auto end = rest.find_first_of("/?#\\");
  std::string_view authority = rest.substr(0, end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string host = Lower(authority);
  // Drop the scheme's default port, as WHATWG URL.origin does.
  if (scheme == "http" && host.size() > 3 && host.ends_with(":80")) host.resize(host.size() - 3);
  if (scheme == "https" && host.size() > 4 && host.ends_with(":443")) host.resize(host.size() - 4);
  if (host.empty() || host.front() == ':') return std::nullopt;
  for (char c : host) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
          c == '[' || c == ']' || c == '_')) {
      return std::nullopt;
    }
  }
  return scheme + "://" + host;
}

bool IsSafeRelativeUrl(std::string_view url) {
  if (url.empty() || url.front() != '/') return false;
  if (url.size() > 1 && (url[1] == '/' || url[1] == '\\')) return false;
  if (url.find('\\') != std::string_view::npos || HasControlChars(url)) return false;
  std::string lower = Lower(url.substr(0, url.find_first_of("?#")));
  return lower.find("%2f") == std::string::npos && lower.find("%5c") == std::string::npos;
}

bool WildcardMatch(std::string_view pattern, std::string_view text) {
  // Iterative glob with backtracking to the last '*'.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  auto eq = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  };
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || eq(pattern[p], text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

TrustedOrigins::TrustedOrigins(std::string_view base_url,
                               const std::vector<std::string>& patterns) {
  base_origin_ = OriginOf(base_url).value_or("");
  for (const std::string& p : patterns) {
    std::string lower = Lower(p);
    while (lower.size() > 1 && lower.back() == '/') lower.pop_back();
    if (auto origin = OriginOf(lower); origin && lower.find('*') == std::string::npos) {
      patterns_.push_back(*origin);
    } else {
      patterns_.push_back(lower);
    }
  }
}

bool TrustedOrigins::IsTrustedOrigin(std::string_view origin) const {
  auto normalized = OriginOf(origin);
  if (!normalized) return false;
  if (*normalized == base_origin_) return true;
  const std::string host = normalized->substr(normalized->find("://") + 3);
  for (const std::string& p : patterns_) {
    if (p.find("://") != std::string::npos) {
      if (p == *normalized || WildcardMatch(p, *normalized)) return true;
    } else if (WildcardMatch(p, host)) {
      return true;
    }
  }
  return false;
}

bool TrustedOrigins::IsTrustedRedirect(std::string_view url) const {
  if (IsSafeRelativeUrl(url)) return true;
  auto origin = OriginOf(url);
  return origin && IsTrustedOrigin(*origin);
}

}  // namespace latchkey

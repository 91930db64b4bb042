// Request accessors: headers, query string, path parameters, cookies
// (docs/api.md), and the percent-encoding helpers they share.
#include "http/request.h"

#include <cstddef>

#include "http/util.h"

namespace latchkey::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// encodeURIComponent leaves exactly these unescaped (ECMA-262 uriUnreserved).
bool IsUriUnreserved(unsigned char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '!':
    case '~':
    case '*':
    case '\'':
    case '(':
    case ')':
      return true;
    default:
      return false;
  }
}

// Calls fn(name, raw_value) for each `name=value` pair of a Cookie header,
// with the value trimmed and unquoted but not yet decoded (DecodeCookieValue),
// so a lookup decodes only the cookie it wants. Returns early when fn
// returns true.
template <class Fn>
bool ForEachCookie(std::string_view header, Fn&& fn) {
  while (!header.empty()) {
    std::size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;  // not a cookie pair: ignored
    std::string_view name = TrimOws(pair.substr(0, eq));
    std::string_view value = TrimOws(pair.substr(eq + 1));
    if (name.empty()) continue;
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (fn(name, value)) return true;
  }
  return false;
}

std::string DecodeCookieValue(std::string_view value) {
  return value.find('%') == std::string_view::npos ? std::string(value)
                                                   : PercentDecode(value, /*plus_is_space=*/false);
}

}  // namespace

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      break;
  }
  return "OTHER";
}

std::optional<std::string_view> Request::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> Request::QueryParam(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    std::size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string_view raw_key = pair.substr(0, eq);
    std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    // Fast path: compare undecoded keys when they need no decoding.
    bool plain = raw_key.find_first_of("%+") == std::string_view::npos;
    if (plain ? raw_key == name : PercentDecode(raw_key, true) == name) {
      return PercentDecode(raw_value, /*plus_is_space=*/true);
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::PathParam(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  std::optional<std::string> found;
  for (const auto& [key, value] : headers) {
    if (key != "cookie") continue;
    bool done = ForEachCookie(value, [&](std::string_view cookie_name, std::string_view raw) {
      if (cookie_name != name) return false;
      found = DecodeCookieValue(raw);  // first occurrence wins
      return true;
    });
    if (done) break;
  }
  return found;
}

std::vector<std::pair<std::string, std::string>> Request::Cookies() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, value] : headers) {
    if (key != "cookie") continue;
    ForEachCookie(value, [&](std::string_view cookie_name, std::string_view raw) {
      out.emplace_back(std::string(cookie_name), DecodeCookieValue(raw));
      return false;
    });
  }
  return out;
}

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (IsUriUnreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::optional<std::string_view> BearerCredential(const Request& request) {
  std::optional<std::string_view> header = request.Header("authorization");
  constexpr std::string_view kScheme = "bearer ";
  if (!header || header->size() <= kScheme.size()) return std::nullopt;
  if (!ascii::StartsWithIgnoreCase(*header, kScheme)) return std::nullopt;
  return header->substr(kScheme.size());
}

}  // namespace latchkey::http

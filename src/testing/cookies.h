// Cookies as a browser sees them, for the in-process harness
// (docs/testing.md): Set-Cookie headers parsed into name, value and
// attributes, and a jar that carries them to the next request.
// Thread-safety: none; one jar per test client.
#ifndef LK_TESTING_COOKIES_H_
#define LK_TESTING_COOKIES_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/response.h"

namespace latchkey::testing {

// One Set-Cookie header. Attribute names are lower-cased; flags (HttpOnly,
// Secure) map to "".
struct SetCookie {
  std::string name;
  std::string value;  // as on the wire (still percent-encoded)
  std::map<std::string, std::string> attributes;

  bool Has(std::string_view attribute) const;
  std::optional<std::string> Attribute(std::string_view attribute) const;
  // Max-Age=0 (or negative): the browser drops the cookie.
  bool Expires() const;
};

// Parses "name=value; Attr=x; Flag". nullopt when there is no '=' in the
// first part (a browser ignores such a header).
std::optional<SetCookie> ParseSetCookie(std::string_view header);
// Every Set-Cookie of `response`, in order.
std::vector<SetCookie> SetCookies(const http::Response& response);
// The last Set-Cookie of `response` named `name` (the one a browser keeps).
std::optional<SetCookie> FindSetCookie(const http::Response& response, std::string_view name);

// Name → value, as a browser holds them for one site. Path and Domain are
// not modelled: every cookie goes with every request, which is what the
// server's cookies (Path=/, host-only) get from a browser too.
class CookieJar {
 public:
  // Stores or replaces each cookie; drops those that expire.
  void Update(const http::Response& response);
  void Set(std::string name, std::string value) { cookies_[std::move(name)] = std::move(value); }
  void Erase(const std::string& name) { cookies_.erase(name); }
  void Clear() { cookies_.clear(); }
  std::optional<std::string> Get(const std::string& name) const;
  bool empty() const { return cookies_.empty(); }
  // "a=1; b=2", or "" when empty.
  std::string Header() const;

 private:
  std::map<std::string, std::string> cookies_;
};

}  // namespace latchkey::testing

#endif  // LK_TESTING_COOKIES_H_

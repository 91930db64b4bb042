// Which origins and redirect targets the server trusts (docs/api.md):
// the base URL's origin plus configured patterns. Patterns are exact origins
// ("https://app.example.com"), origins with wildcards ("https://*.example.com"),
// or host-only wildcards ("*.example.com", any scheme).
// Thread-safety: immutable after construction.
#ifndef LK_CORE_TRUSTED_ORIGINS_H_
#define LK_CORE_TRUSTED_ORIGINS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace latchkey {

// "HTTPS://Example.com:443/x?y" → "https://example.com"; nullopt when `url`
// is not an absolute http(s) URL with a host (or has userinfo).
std::optional<std::string> OriginOf(std::string_view url);

// A relative redirect target that cannot leave the site: starts with one '/',
// no '\', no control characters, no encoded '/' or '\' (docs/api.md, "Redirects and
// callback URLs").
bool IsSafeRelativeUrl(std::string_view url);

// Glob match with '*' (any run) and '?' (one character), case-insensitive.
bool WildcardMatch(std::string_view pattern, std::string_view text);

class TrustedOrigins {
 public:
  TrustedOrigins(std::string_view base_url, const std::vector<std::string>& patterns);

  // `origin` is an Origin header value.
  bool IsTrustedOrigin(std::string_view origin) const;
  // A callbackURL/redirectTo value: safe relative, or absolute with a trusted origin.
  bool IsTrustedRedirect(std::string_view url) const;
  const std::string& base_origin() const { return base_origin_; }

 private:
  std::string base_origin_;
  std::vector<std::string> patterns_;  // lower-cased
};

}  // namespace latchkey

#endif  // LK_CORE_TRUSTED_ORIGINS_H_

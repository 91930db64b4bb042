#include "features/oidc_provider/redirect_uri.h"

#include <algorithm>
#include <optional>

#include "features/oidc_provider/oidc_errors.h"

namespace latchkey::oidc_provider {
namespace {

constexpr std::string_view kLoopbackPrefixes[] = {"http://127.0.0.1", "http://[::1]"};

// "http://127.0.0.1:8080/cb?x" → "http://127.0.0.1/cb?x": the URI without
// its port, when it is an http loopback IP literal with a port or none and a
// path, query or nothing after; nullopt for anything else.
std::optional<std::string> WithoutLoopbackPort(std::string_view uri) {
  for (std::string_view prefix : kLoopbackPrefixes) {
    if (!uri.starts_with(prefix)) continue;
    std::string_view rest = uri.substr(prefix.size());
    if (rest.starts_with(':')) {
      std::size_t digits = 1;
      while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
      if (digits == 1 || digits > 6) return std::nullopt;
      rest.remove_prefix(digits);
    }
    if (!rest.empty() && rest.front() != '/' && rest.front() != '?') return std::nullopt;
    return std::string(prefix) + std::string(rest);
  }
  return std::nullopt;
}

Error InvalidRedirectUri(std::string_view problem) {
  Error error = MakeError(kInvalidRedirectUri);
  error.wire_message = "Invalid redirect URI: " + std::string(problem);
  return error;
}

bool IsSchemeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

}  // namespace

bool MatchesRegisteredRedirect(const std::vector<std::string>& registered,
                               std::string_view presented) {
  if (presented.empty()) return false;
  if (std::find(registered.begin(), registered.end(), presented) != registered.end()) return true;
  const auto loose = WithoutLoopbackPort(presented);
  if (!loose) return false;
  return std::any_of(registered.begin(), registered.end(), [&](const std::string& uri) {
    auto registered_loose = WithoutLoopbackPort(uri);
    return registered_loose && *registered_loose == *loose;
  });
}

Result<void> CheckRedirectUriForRegistration(std::string_view uri) {
  if (uri.empty() || uri.size() > 2000) return Fail(InvalidRedirectUri("is empty or too long"));
  for (char c : uri) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return Fail(InvalidRedirectUri("has whitespace or a control character"));
    }
  }
  if (uri.find('#') != std::string_view::npos) return Fail(InvalidRedirectUri("has a fragment"));
  if (uri.find('*') != std::string_view::npos) return Fail(InvalidRedirectUri("has a wildcard"));
  const std::size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return Fail(InvalidRedirectUri("is not absolute"));
  const std::string_view scheme = uri.substr(0, colon);
  if (!std::all_of(scheme.begin(), scheme.end(), IsSchemeChar) || scheme.front() < 'a') {
    return Fail(InvalidRedirectUri("has a bad scheme (lower case only)"));
  }
  const std::string_view rest = uri.substr(colon + 1);
  if (scheme == "https" || scheme == "http") {
    if (!rest.starts_with("//")) return Fail(InvalidRedirectUri("has no authority"));
    const std::string_view after = rest.substr(2);
    const std::string_view authority = after.substr(0, after.find_first_of("/?"));
    if (authority.empty()) return Fail(InvalidRedirectUri("has no host"));
    if (authority.find('@') != std::string_view::npos)
      return Fail(InvalidRedirectUri("has userinfo"));
    if (authority.find('\\') != std::string_view::npos)
      return Fail(InvalidRedirectUri("has a backslash"));
    if (scheme == "http") {
      const std::string_view host = authority.starts_with('[')
                                        ? authority.substr(0, authority.find(']') + 1)
                                        : authority.substr(0, authority.find(':'));
      if (host != "127.0.0.1" && host != "[::1]" && host != "localhost") {
        return Fail(InvalidRedirectUri("uses http on a host other than loopback"));
      }
    }
    return {};
  }
  // A private-use scheme (RFC 8252 §7.1): reverse domain name, so with a dot.
  if (scheme.find('.') == std::string_view::npos) {
    return Fail(
        InvalidRedirectUri("uses a scheme that is neither https nor a reverse domain name"));
  }
  return {};
}

}  // namespace latchkey::oidc_provider

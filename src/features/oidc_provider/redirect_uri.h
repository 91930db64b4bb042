// Redirect URIs of OAuth clients (docs/oidc.md "Clients"): registration
// rules and the match at authorization. Exact string comparison
// (OAuth 2.1 §2.3.1, RFC 9700 §4.1.3): no wildcard, no prefix, no case folding, no
// normalisation; the one exception is RFC 8252 §7.3, a loopback IP literal
// registered with http, which matches on any port.
// Thread-safety: pure functions.
#ifndef LK_FEATURES_OIDC_PROVIDER_REDIRECT_URI_H_
#define LK_FEATURES_OIDC_PROVIDER_REDIRECT_URI_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace latchkey::oidc_provider {

// True when `presented` may receive a response for a client registered
// with `registered`.
bool MatchesRegisteredRedirect(const std::vector<std::string>& registered,
                               std::string_view presented);

// Whether `uri` may be registered: an absolute URI without fragment,
// userinfo, wildcard, whitespace or control characters; https, or http on a
// loopback host (127.0.0.1, [::1], localhost), or a private-use scheme with a
// dot (RFC 8252 §7.1: com.example.app:/callback). Errors: kInvalidArgument
// naming the problem.
Result<void> CheckRedirectUriForRegistration(std::string_view uri);

}  // namespace latchkey::oidc_provider

#endif  // LK_FEATURES_OIDC_PROVIDER_REDIRECT_URI_H_

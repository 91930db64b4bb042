// Which `iss` an ID token of a provider may carry (OIDC Core §3.1.3.7 step
// 2): the configured issuer exactly, except for Microsoft's multi-tenant
// endpoints (docs/social.md "Microsoft Entra ID"): with the issuer
// `https://login.microsoftonline.com/{common|organizations|consumers}/v2.0`
// Microsoft's discovery names the template
// `https://login.microsoftonline.com/{tenantid}/v2.0`, and each token's
// `iss` must be that template with the token's own `tid` claim (as
// Microsoft documents for multi-tenant apps).
#ifndef LK_FEATURES_SOCIAL_ISSUER_H_
#define LK_FEATURES_SOCIAL_ISSUER_H_

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace latchkey::social {

inline constexpr std::string_view kMicrosoftIssuerTemplate =
    "https://login.microsoftonline.com/{tenantid}/v2.0";
// The tenant of personal Microsoft accounts.
inline constexpr std::string_view kMicrosoftConsumersTenant =
    "9188040d-6c67-4c5b-b112-36a304b66dad";

// "common", "organizations" or "consumers" when `issuer` is one of
// Microsoft's multi-tenant issuers; "" otherwise.
std::string_view MicrosoftAudience(std::string_view issuer);

// Whether a discovery document's `issuer` is the configured one's
// (OpenID Connect Discovery 1.0 §4.3): exactly it, or for the multi-tenant
// issuers the template (common, organizations) or an allowed tenant's own
// issuer (consumers names its one tenant).
bool DiscoveryIssuerMatches(const std::string& issuer, std::string_view named);

// Checks the verified token's `iss` against the configured issuer.
// Errors: INVALID_ID_TOKEN (detail: what differed).
Result<void> CheckIssuer(const std::string& issuer, const boost::json::object& claims);

// Whether `iss` (an authorization response's, RFC 9207) may be the
// configured issuer's; for multi-tenant, any tenant id of the audience.
bool IssuerParameterMatches(const std::string& issuer, std::string_view iss);

}  // namespace latchkey::social

#endif  // LK_FEATURES_SOCIAL_ISSUER_H_

// PKCE (RFC 7636), S256 only (OAuth 2.1 §4.1.1; docs/oidc.md).
// Thread-safety: pure functions.
#ifndef LK_FEATURES_OIDC_PROVIDER_PKCE_H_
#define LK_FEATURES_OIDC_PROVIDER_PKCE_H_

#include <string_view>

namespace latchkey::oidc_provider {

// RFC 7636 §4.1: 43..128 characters of [A-Za-z0-9-._~].
bool IsValidCodeVerifier(std::string_view verifier);
// An S256 challenge: 43 characters of base64url (SHA-256, no padding).
bool IsValidS256Challenge(std::string_view challenge);
// RFC 7636 §4.6: BASE64URL(SHA256(verifier)) == challenge, in constant time.
bool VerifyS256(std::string_view verifier, std::string_view challenge);

}  // namespace latchkey::oidc_provider

#endif  // LK_FEATURES_OIDC_PROVIDER_PKCE_H_

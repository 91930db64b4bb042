// Internal to crypto/webauthn: clientDataJSON (WebAuthn L2 §5.8.1), checked
// as WebAuthn L2 §7.1 steps 5-10 and §7.2 steps 9-14 say.
// Thread-safety: pure; safe to call concurrently.
#ifndef LK_CRYPTO_WEBAUTHN_CLIENT_DATA_H_
#define LK_CRYPTO_WEBAUTHN_CLIENT_DATA_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace latchkey::crypto::webauthn {

// Parses `json` strictly (well-formed UTF-8, one object, no repeated member),
// then checks, in order: type == `type`, challenge == `expected_challenge`
// (the base64url text, compared in constant time; an empty expectation
// never matches), origin is one of `origins` (exact match). tokenBinding is
// ignored: no browser sends it any more, and we never bind. Returns the
// origin. Errors: WEBAUTHN_MALFORMED_CLIENT_DATA, WEBAUTHN_CLIENT_DATA_TYPE,
// WEBAUTHN_CHALLENGE_MISMATCH, WEBAUTHN_ORIGIN_MISMATCH.
Result<std::string> CheckClientData(std::string_view json, std::string_view type,
                                    std::string_view expected_challenge,
                                    const std::vector<std::string>& origins);

}  // namespace latchkey::crypto::webauthn

#endif  // LK_CRYPTO_WEBAUTHN_CLIENT_DATA_H_

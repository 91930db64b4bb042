// Internal to crypto/webauthn: authenticator data (WebAuthn L2 §6.1): the RP
// ID hash, the flags, the signature counter, the attested credential data
// when AT is set (WebAuthn L2 §6.5.1) and the extensions map when ED is set,
// with nothing after them.
// Thread-safety: pure; safe to call concurrently.
#ifndef LK_CRYPTO_WEBAUTHN_AUTH_DATA_H_
#define LK_CRYPTO_WEBAUTHN_AUTH_DATA_H_

#include <cstdint>
#include <string_view>

#include "core/result.h"

namespace latchkey::crypto::webauthn {

inline constexpr std::uint8_t kFlagUp = 0x01, kFlagUv = 0x04, kFlagBe = 0x08, kFlagBs = 0x10,
                              kFlagAt = 0x40, kFlagEd = 0x80;

// Views into the bytes parsed; they live as long as those bytes.
struct AuthenticatorData {
  std::string_view rp_id_hash;  // 32 bytes
  std::uint8_t flags = 0;
  std::uint32_t sign_count = 0;
  // Attested credential data (AT set).
  std::string_view aaguid;         // 16 bytes
  std::string_view credential_id;  // 1..1023 bytes
  std::string_view public_key;     // the COSE_Key's encoding (a strict CBOR map; not yet checked)
  std::string_view extensions;     // the extensions map's encoding (ED set)

  bool Has(std::uint8_t flag) const { return (flags & flag) != 0; }
};

// Structure only (no policy: UP, UV, BE/BS and the RP ID hash are checked by
// the caller, step by step). `attested` says whether attested credential
// data must be present (registration) or absent (an assertion).
// Errors: WEBAUTHN_MALFORMED_AUTH_DATA (too short, AT not as `attested`
// requires, a credential id of 0 or more than 1023 bytes, truncated data,
// trailing bytes), WEBAUTHN_MALFORMED_CBOR (the key or the extensions).
Result<AuthenticatorData> ParseAuthenticatorData(std::string_view bytes, bool attested);

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" of 16 bytes.
std::string FormatAaguid(std::string_view aaguid);

}  // namespace latchkey::crypto::webauthn

#endif  // LK_CRYPTO_WEBAUTHN_AUTH_DATA_H_

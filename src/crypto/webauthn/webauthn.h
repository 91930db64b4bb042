// The WebAuthn Level 2 relying party: verification of a registration
// (navigator.credentials.create; WebAuthn L2 §7.1) and of an assertion
// (navigator.credentials.get; WebAuthn L2 §7.2), step by step, each refusal
// with its own code (crypto/webauthn/errors.h). A pure library: no HTTP, no
// storage. The caller keeps the challenge (single use, bound to its cookie),
// looks the credential up by id, checks the user handle and that a new
// credential id is not registered yet (WebAuthn L2 §7.1 step 22, §7.2 steps
// 5-7).
//
// Attestation: `none`, `packed`, `fido-u2f`, `tpm` and `android-key`
// statements are verified as far as they can be without trust anchors (the
// signature, and the certificate requirements that need no root). No trust
// anchor is required or checked (WebAuthn L2 §7.1 steps 20-21 skipped): any
// attestation is accepted as self or anonymous attestation, and only its
// format is recorded. So the attestation proves nothing about the
// authenticator's make; do not base policy on it.
//
// Input bounds (each refused with WEBAUTHN_INPUT_TOO_LARGE): clientDataJSON
// and authenticatorData 16 KiB, attestationObject 64 KiB, signatures 2 KiB,
// COSE keys 4 KiB. Credential ids must be 1..1023 bytes (WebAuthn L2 §6.5.1,
// credentialIdLength; WEBAUTHN_INVALID_CREDENTIAL_ID). CBOR is read strictly
// (crypto/webauthn/cbor.h): definite lengths only, at most 16 levels deep,
// no repeated map key, no bytes after the item.
//
// Thread-safety: every function is pure and safe to call concurrently.
#ifndef LK_CRYPTO_WEBAUTHN_WEBAUTHN_H_
#define LK_CRYPTO_WEBAUTHN_WEBAUTHN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace latchkey::crypto::webauthn {

// COSE algorithm identifiers we accept (RFC 9053 / RFC 8812).
inline constexpr int kEs256 = -7, kEdDsa = -8, kRs256 = -257;

inline constexpr std::size_t kMaxClientDataBytes = std::size_t{16} * 1024;
inline constexpr std::size_t kMaxAuthenticatorDataBytes = std::size_t{16} * 1024;
inline constexpr std::size_t kMaxAttestationObjectBytes = std::size_t{64} * 1024;
inline constexpr std::size_t kMaxSignatureBytes = 2048;
inline constexpr std::size_t kMaxPublicKeyBytes = 4096;
inline constexpr std::size_t kMaxCredentialIdBytes = 1023;

struct RelyingParty {
  std::string rp_id;                 // e.g. "localhost", "example.com"
  std::vector<std::string> origins;  // exact origins, e.g. "http://localhost:3000"
  bool require_user_verification = false;
  std::vector<int> algorithms = {kEdDsa, kEs256, kRs256};
};

struct RegistrationInput {
  std::string credential_id;       // raw bytes of response.rawId (the caller base64url-decodes)
  std::string client_data_json;    // raw bytes
  std::string attestation_object;  // raw bytes
  std::string expected_challenge;  // the challenge exactly as sent in the options (base64url text)
};

struct RegisteredCredential {
  std::string credential_id;  // raw bytes (from authenticator data; equals input.credential_id)
  std::string public_key;  // the COSE_Key bytes exactly as received (stored, re-parsed at sign-in)
  int algorithm = 0;
  std::uint32_t sign_count = 0;
  std::string aaguid;  // "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
  bool user_verified = false, backup_eligible = false, backed_up = false;
  std::string attestation_format;  // "none", "packed", "fido-u2f", "tpm", "android-key"
  std::string origin;              // the origin clientDataJSON named (one of rp.origins)
};

// WebAuthn L2 §7.1 steps 5-19 and 23. Errors (kInvalidArgument, never
// kInternal for bad input): WEBAUTHN_INPUT_TOO_LARGE, _INVALID_CREDENTIAL_ID,
// _MALFORMED_CLIENT_DATA, _CLIENT_DATA_TYPE, _CHALLENGE_MISMATCH,
// _ORIGIN_MISMATCH, _MALFORMED_CBOR, _MALFORMED_ATTESTATION_OBJECT,
// _MALFORMED_AUTH_DATA, _RP_ID_HASH_MISMATCH, _USER_NOT_PRESENT,
// _USER_NOT_VERIFIED, _BACKUP_STATE_INVALID, _CREDENTIAL_ID_MISMATCH,
// _BAD_COSE_KEY, _UNSUPPORTED_ALGORITHM, _ALGORITHM_NOT_ALLOWED,
// _UNSUPPORTED_ATTESTATION, _BAD_ATTESTATION (in that order of the checks).
Result<RegisteredCredential> VerifyRegistration(const RelyingParty& rp,
                                                const RegistrationInput& in);

struct AuthenticationInput {
  std::string credential_id;                                    // raw bytes of response.rawId
  std::string client_data_json, authenticator_data, signature;  // raw bytes
  std::string user_handle;         // raw bytes, may be empty (the caller compares it, step 6)
  std::string expected_challenge;  // as sent
  std::string public_key;          // the stored COSE_Key bytes
  std::uint32_t stored_sign_count = 0;
};

struct AuthenticationResult {
  std::uint32_t sign_count = 0;
  // WebAuthn L2 §7.2 step 21: either counter is nonzero and the new one is
  // not greater than the stored one (a possibly cloned authenticator).
  // Flagged, not refused: the caller decides.
  bool counter_regressed = false;
  bool user_verified = false, backup_eligible = false, backed_up = false;
};

// WebAuthn L2 §7.2 steps 8-21. Errors as VerifyRegistration's (the
// attestation ones aside), plus WEBAUTHN_BAD_SIGNATURE; a stored key that no
// longer parses or whose algorithm is no longer allowed fails as at
// registration.
Result<AuthenticationResult> VerifyAuthentication(const RelyingParty& rp,
                                                  const AuthenticationInput& in);

}  // namespace latchkey::crypto::webauthn

#endif  // LK_CRYPTO_WEBAUTHN_WEBAUTHN_H_

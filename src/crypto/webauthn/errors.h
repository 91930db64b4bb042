// Wire error codes of the WebAuthn relying-party core (crypto/webauthn). Each
// code is one distinct reason a registration or an assertion was refused
// (docs/api.md, "Error codes"); all are kInvalidArgument (400): bad input
// from a browser or an authenticator is never a server failure.
#ifndef LK_CRYPTO_WEBAUTHN_ERRORS_H_
#define LK_CRYPTO_WEBAUTHN_ERRORS_H_

#include <span>

#include "core/error.h"

namespace latchkey::crypto::webauthn {

// An input longer than its bound (webauthn.h, kMax*).
inline constexpr ErrorInfo kInputTooLarge{"WEBAUTHN_INPUT_TOO_LARGE", ErrorKind::kInvalidArgument,
                                          "WebAuthn input too large"};
// A rawId that is empty or longer than 1023 bytes.
inline constexpr ErrorInfo kInvalidCredentialId{
    "WEBAUTHN_INVALID_CREDENTIAL_ID", ErrorKind::kInvalidArgument, "Invalid credential id"};
// clientDataJSON that is not one strict JSON object (ill-formed UTF-8, a
// repeated member, trailing text), or whose type/challenge/origin member is
// missing or not a string.
inline constexpr ErrorInfo kMalformedClientData{
    "WEBAUTHN_MALFORMED_CLIENT_DATA", ErrorKind::kInvalidArgument, "Malformed client data"};
// clientDataJSON.type is not "webauthn.create" (registration) or
// "webauthn.get" (authentication).
inline constexpr ErrorInfo kClientDataType{"WEBAUTHN_CLIENT_DATA_TYPE", ErrorKind::kInvalidArgument,
                                           "Wrong client data type"};
inline constexpr ErrorInfo kChallengeMismatch{"WEBAUTHN_CHALLENGE_MISMATCH",
                                              ErrorKind::kInvalidArgument, "Challenge mismatch"};
inline constexpr ErrorInfo kOriginMismatch{"WEBAUTHN_ORIGIN_MISMATCH", ErrorKind::kInvalidArgument,
                                           "Origin not allowed"};
// Not well-formed CBOR, CBOR beyond the nesting limit, an indefinite length,
// a map with a repeated key or a key that is neither an integer nor a
// string, or bytes after the item.
inline constexpr ErrorInfo kMalformedCbor{"WEBAUTHN_MALFORMED_CBOR", ErrorKind::kInvalidArgument,
                                          "Malformed CBOR"};
// The attestation object is not a map of exactly fmt (text), attStmt (map)
// and authData (bytes).
inline constexpr ErrorInfo kMalformedAttestationObject{"WEBAUTHN_MALFORMED_ATTESTATION_OBJECT",
                                                       ErrorKind::kInvalidArgument,
                                                       "Malformed attestation object"};
// Authenticator data too short, attested credential data missing where
// required (or present in an assertion), truncated, or followed by bytes
// the flags do not announce.
inline constexpr ErrorInfo kMalformedAuthData{
    "WEBAUTHN_MALFORMED_AUTH_DATA", ErrorKind::kInvalidArgument, "Malformed authenticator data"};
// The BS (backed up) flag without the BE (backup eligible) flag.
inline constexpr ErrorInfo kBackupStateInvalid{"WEBAUTHN_BACKUP_STATE_INVALID",
                                               ErrorKind::kInvalidArgument,
                                               "Backup state without backup eligibility"};
inline constexpr ErrorInfo kRpIdHashMismatch{"WEBAUTHN_RP_ID_HASH_MISMATCH",
                                             ErrorKind::kInvalidArgument, "RP ID hash mismatch"};
inline constexpr ErrorInfo kUserNotPresent{"WEBAUTHN_USER_NOT_PRESENT", ErrorKind::kInvalidArgument,
                                           "User not present"};
inline constexpr ErrorInfo kUserNotVerified{"WEBAUTHN_USER_NOT_VERIFIED",
                                            ErrorKind::kInvalidArgument, "User not verified"};
// A COSE key that is not a map of integer labels, has a missing, repeated,
// unknown or mistyped member, private members, a kty/alg/crv combination we
// do not pair, a coordinate of the wrong size, a point off the curve, or an
// RSA modulus below 2048 bits.
inline constexpr ErrorInfo kBadCoseKey{"WEBAUTHN_BAD_COSE_KEY", ErrorKind::kInvalidArgument,
                                       "Invalid credential public key"};
// A COSE alg other than ES256 (-7), EdDSA (-8) and RS256 (-257).
inline constexpr ErrorInfo kUnsupportedAlgorithm{"WEBAUTHN_UNSUPPORTED_ALGORITHM",
                                                 ErrorKind::kInvalidArgument,
                                                 "Unsupported credential algorithm"};
// A supported alg that RelyingParty::algorithms does not list.
inline constexpr ErrorInfo kAlgorithmNotAllowed{"WEBAUTHN_ALGORITHM_NOT_ALLOWED",
                                                ErrorKind::kInvalidArgument,
                                                "Credential algorithm not allowed"};
// The rawId the client sent differs from the credential id in the
// authenticator data.
inline constexpr ErrorInfo kCredentialIdMismatch{
    "WEBAUTHN_CREDENTIAL_ID_MISMATCH", ErrorKind::kInvalidArgument, "Credential id mismatch"};
// An attestation format we do not know (matched case-sensitively).
inline constexpr ErrorInfo kUnsupportedAttestation{"WEBAUTHN_UNSUPPORTED_ATTESTATION",
                                                   ErrorKind::kInvalidArgument,
                                                   "Unsupported attestation format"};
// An attestation statement that is malformed or does not verify: a member
// missing, unknown or mistyped, a certificate that does not parse or breaks
// its format's requirements, a signature that does not verify.
inline constexpr ErrorInfo kBadAttestation{"WEBAUTHN_BAD_ATTESTATION", ErrorKind::kInvalidArgument,
                                           "Invalid attestation statement"};
// The assertion signature does not verify with the stored key.
inline constexpr ErrorInfo kBadSignature{"WEBAUTHN_BAD_SIGNATURE", ErrorKind::kInvalidArgument,
                                         "Invalid assertion signature"};

// Every row above, for ErrorRegistry registration. The span is static.
std::span<const ErrorInfo> WebAuthnErrors();

}  // namespace latchkey::crypto::webauthn

#endif  // LK_CRYPTO_WEBAUTHN_ERRORS_H_

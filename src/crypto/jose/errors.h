// Wire error codes of the JOSE library. Every JWT_* code is a distinct,
// stable reason a token was refused (kUnauthenticated, 401); features may
// collapse them into one code on the wire if they must not say why. The
// JWK_* / JOSE_* codes are for key material (configuration or stored keys).
#ifndef LK_CRYPTO_JOSE_ERRORS_H_
#define LK_CRYPTO_JOSE_ERRORS_H_

#include <span>

#include "core/error.h"

namespace latchkey::crypto::jose {

// Wrong segment count, non-base64url text or padding, header or claims that
// are not a JSON object, or a registered member of the wrong type.
inline constexpr ErrorInfo kJwtMalformed{"JWT_MALFORMED", ErrorKind::kUnauthenticated,
                                         "Malformed token"};
// Longer than VerifyOptions::max_token_bytes.
inline constexpr ErrorInfo kJwtTooLarge{"JWT_TOO_LARGE", ErrorKind::kUnauthenticated,
                                        "Token too large"};
// A repeated member name in the header or the claims (RFC 7515 §4, RFC 7519 §4).
inline constexpr ErrorInfo kJwtDuplicateMember{"JWT_DUPLICATE_MEMBER", ErrorKind::kUnauthenticated,
                                               "Duplicate member in token"};
// `alg` missing, `none` in any case, unsupported, or not the key's algorithm.
inline constexpr ErrorInfo kJwtAlgNotAllowed{"JWT_ALG_NOT_ALLOWED", ErrorKind::kUnauthenticated,
                                             "Token algorithm not allowed"};
// `kid` missing, not a string, or not in the local key set.
inline constexpr ErrorInfo kJwtUnknownKid{"JWT_UNKNOWN_KID", ErrorKind::kUnauthenticated,
                                          "Unknown token key"};
// `jku`, `x5u`, `x5c`, `jwk`, `crit` or `b64` in the protected header.
inline constexpr ErrorInfo kJwtForbiddenHeader{"JWT_FORBIDDEN_HEADER", ErrorKind::kUnauthenticated,
                                               "Forbidden token header"};
// `typ` differs from VerifyOptions::typ.
inline constexpr ErrorInfo kJwtBadType{"JWT_BAD_TYPE", ErrorKind::kUnauthenticated,
                                       "Wrong token type"};
inline constexpr ErrorInfo kJwtBadSignature{"JWT_BAD_SIGNATURE", ErrorKind::kUnauthenticated,
                                            "Invalid token signature"};
// A claim VerifyOptions requires (`exp`) is absent.
inline constexpr ErrorInfo kJwtMissingClaim{"JWT_MISSING_CLAIM", ErrorKind::kUnauthenticated,
                                            "Token is missing a required claim"};
inline constexpr ErrorInfo kJwtExpired{"JWT_EXPIRED", ErrorKind::kUnauthenticated, "Token expired"};
// `nbf` in the future, or `iat` in the future, beyond the leeway.
inline constexpr ErrorInfo kJwtNotYetValid{"JWT_NOT_YET_VALID", ErrorKind::kUnauthenticated,
                                           "Token not yet valid"};
inline constexpr ErrorInfo kJwtBadIssuer{"JWT_BAD_ISSUER", ErrorKind::kUnauthenticated,
                                         "Wrong token issuer"};
inline constexpr ErrorInfo kJwtBadAudience{"JWT_BAD_AUDIENCE", ErrorKind::kUnauthenticated,
                                           "Wrong token audience"};

// A public JWK that is malformed, of an unsupported type, holds private
// members, disagrees with its `alg`, is off-curve or too small.
inline constexpr ErrorInfo kInvalidJwk{"JWK_INVALID", ErrorKind::kInvalidArgument,
                                       "Invalid JSON Web Key"};
// A second key with a `kid` already in the KeySet.
inline constexpr ErrorInfo kDuplicateKid{"JWK_DUPLICATE_KID", ErrorKind::kConflict,
                                         "Duplicate key id"};
// Serialised private key bytes that do not load as a key of the stated algorithm.
inline constexpr ErrorInfo kInvalidPrivateKey{"JOSE_INVALID_PRIVATE_KEY",
                                              ErrorKind::kInvalidArgument, "Invalid private key"};

// Every row above, for ErrorRegistry registration. The span is static.
std::span<const ErrorInfo> JoseErrors();

}  // namespace latchkey::crypto::jose

#endif  // LK_CRYPTO_JOSE_ERRORS_H_

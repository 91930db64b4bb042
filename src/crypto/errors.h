// Wire error codes the crypto module can return, and the table that lets the
// app register them with the error registry at startup.
#ifndef LK_CRYPTO_ERRORS_H_
#define LK_CRYPTO_ERRORS_H_

#include <span>

#include "core/error.h"

namespace latchkey::crypto {

// Malformed base64/base64url/hex/base32 input (Base64Decode, Base64UrlDecode,
// HexDecode, Base32Decode).
inline constexpr ErrorInfo kInvalidEncoding{"INVALID_ENCODING", ErrorKind::kInvalidArgument,
                                            "Invalid encoding"};

// A password that is not well-formed UTF-8 (NormalizePassword).
inline constexpr ErrorInfo kInvalidPasswordEncoding{
    "INVALID_PASSWORD_ENCODING", ErrorKind::kInvalidArgument, "Password is not valid UTF-8"};

// A requested key-derivation output length that is out of range (HkdfSha256).
inline constexpr ErrorInfo kInvalidKeyLength{"INVALID_KEY_LENGTH", ErrorKind::kInvalidArgument,
                                             "Invalid key length"};

// Argon2 parameters outside what libsodium accepts (ValidateArgon2Params).
inline constexpr ErrorInfo kInvalidArgon2Params{
    "INVALID_ARGON2_PARAMS", ErrorKind::kInvalidArgument, "Invalid Argon2 parameters"};

// AEAD ciphertext that does not open: tampered, truncated, sealed under
// another key or with other associated data (crypto/aead.h Open).
inline constexpr ErrorInfo kDecryptionFailed{"DECRYPTION_FAILED", ErrorKind::kInvalidArgument,
                                             "Decryption failed"};

// HOTP/TOTP parameters out of range: digits outside 6..8, a period that is
// not positive, a window outside 0..kMaxTotpWindow, a negative step
// (crypto/otp.h).
inline constexpr ErrorInfo kInvalidOtpParams{"INVALID_OTP_PARAMS", ErrorKind::kInvalidArgument,
                                             "Invalid one-time password parameters"};

// Every row above, for ErrorRegistry registration. The span is static.
std::span<const ErrorInfo> CryptoErrors();

}  // namespace latchkey::crypto

#endif  // LK_CRYPTO_ERRORS_H_

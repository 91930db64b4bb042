// One-time passwords for the second factor: HOTP (RFC 4226) and TOTP
// (RFC 6238) with HMAC-SHA1, over liboath (docs/architecture.md), and the
// RFC 4648 base32 that otpauth:// URIs carry the key in.
// Thread-safety: every function is safe to call concurrently.
#ifndef LK_CRYPTO_OTP_H_
#define LK_CRYPTO_OTP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace latchkey::crypto {

// RFC 4226 HOTP (HMAC-SHA1, dynamic truncation) of `key` (raw bytes, any
// length) at `counter`: `digits` ASCII digits, zero-padded.
// Errors: kInvalidArgument INVALID_OTP_PARAMS unless 6 <= digits <= 8;
// kInternal if liboath fails.
Result<std::string> Hotp(std::string_view key, std::uint64_t counter, int digits = 6);

// RFC 6238 parameters. `window` is the number of steps accepted on either
// side of the current one (clock skew).
struct TotpParams {
  int digits = 6;              // 6..8
  std::int64_t period_s = 30;  // > 0
  int window = 1;              // 0..kMaxTotpWindow
};

inline constexpr int kMaxTotpWindow = 10;

// The step number T = floor(unix_s / period_s) (rounded down for times
// before the epoch too).
// REQUIRES: params.period_s > 0.
std::int64_t TotpStep(std::int64_t unix_s, const TotpParams& params = {});

// The code for step `step`: Hotp(key, step, params.digits).
// Errors: kInvalidArgument INVALID_OTP_PARAMS when `params` is out of range
// or `step` is negative; kInternal if liboath fails.
Result<std::string> TotpAtStep(std::string_view key, std::int64_t step,
                               const TotpParams& params = {});

// The step within [TotpStep(unix_s) - window, TotpStep(unix_s) + window]
// whose code equals `code` (the earliest, should two steps share a code), or
// nullopt. Every step of the window is computed and compared in constant time
// whatever matches, so the time taken does not say which step matched. A
// `code` that is not exactly params.digits ASCII digits is nullopt at once
// (its shape is not secret). Steps before 0 have no code and never match.
// The caller refuses a step it has already accepted (replay).
// Errors: kInvalidArgument INVALID_OTP_PARAMS when `params` is out of range;
// kInternal if liboath fails.
Result<std::optional<std::int64_t>> MatchTotp(std::string_view key, std::string_view code,
                                              std::int64_t unix_s, const TotpParams& params = {});

// RFC 4648 §6 base32: upper case, without '=' padding (the form otpauth://
// URIs use).
std::string Base32Encode(std::string_view bytes);

// Decodes RFC 4648 base32 in upper or lower case, unpadded or with exact '='
// padding. Strict otherwise: no whitespace or separators, a length some
// encoding produces, and unused trailing bits zero (so each byte string has
// one accepted spelling per case and padding).
// Errors: kInvalidArgument INVALID_ENCODING.
Result<std::string> Base32Decode(std::string_view text);

}  // namespace latchkey::crypto

#endif  // LK_CRYPTO_OTP_H_

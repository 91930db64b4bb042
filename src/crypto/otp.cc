// HOTP/TOTP over liboath's oath_hotp_generate (a TOTP code is the HOTP code
// of the step number, RFC 6238 §4.2), and a base32 codec of our own: liboath's
// decoder skips spaces and its encoder pads, while otpauth:// URIs want no
// padding and a key's spelling should be checked, not cleaned up.
#include "crypto/otp.h"

#include <oath.h>

#include <cassert>
#include <limits>
#include <mutex>

#include "crypto/constant_time.h"
#include "crypto/errors.h"

namespace latchkey::crypto {
namespace {

// liboath wants oath_init() once before use; it sets up its crypto backend.
Result<void> InitOath() {
  static std::once_flag once;
  static int rc = OATH_OK;
  std::call_once(once, [] { rc = oath_init(); });
  if (rc != OATH_OK) return Fail(InternalError(std::string("oath_init: ") + oath_strerror(rc)));
  return {};
}

Result<void> CheckParams(const TotpParams& params) {
  if (params.digits < 6 || params.digits > 8 || params.period_s <= 0 || params.window < 0 ||
      params.window > kMaxTotpWindow) {
    return Fail(MakeError(kInvalidOtpParams, "digits 6..8, period_s > 0, window 0..10"));
  }
  return {};
}

bool IsDigits(std::string_view code, int digits) {
  if (code.size() != static_cast<std::size_t>(digits)) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Base32 digits are mapped with arithmetic instead of a table or branches
// (as libsodium's base64 does), so a secret key's characters do not steer
// memory accesses or branches. C++20 defines >> of a negative int as
// arithmetic, which the masks below rely on.
char EncodeDigit(unsigned v) {  // 0..31 -> 'A'..'Z', '2'..'7'
  const int x = static_cast<int>(v);
  const int below26 = (x - 26) >> 8;  // -1 (all ones) when x < 26, else 0
  return static_cast<char>(x + ('2' - 26) + (below26 & ('A' - '2' + 26)));
}

// -1 when c is in the open interval (lo, hi), else 0.
int Between(int c, int lo, int hi) { return ((lo - c) & (c - hi)) >> 8; }

int DecodeDigit(unsigned char uc) {  // 0..31, or -1 outside the alphabet
  const int c = uc;
  int v = -1;
  v += Between(c, 'A' - 1, 'Z' + 1) & (c - 'A' + 1);
  v += Between(c, 'a' - 1, 'z' + 1) & (c - 'a' + 1);
  v += Between(c, '2' - 1, '7' + 1) & (c - '2' + 26 + 1);
  return v;
}

Result<std::string> Malformed() { return Fail(MakeError(kInvalidEncoding, "malformed base32")); }

}  // namespace

Result<std::string> Hotp(std::string_view key, std::uint64_t counter, int digits) {
  if (digits < 6 || digits > 8) {
    return Fail(MakeError(kInvalidOtpParams, "HOTP digits must be 6..8"));
  }
  LK_TRY(InitOath());
  char out[9] = {};
  // An empty view may hold a null pointer; HMAC over a zero-length key does
  // not read it, but liboath should not be handed null.
  const char* secret = key.empty() ? "" : key.data();
  const int rc = oath_hotp_generate(secret, key.size(), counter, static_cast<unsigned>(digits),
                                    false, OATH_HOTP_DYNAMIC_TRUNCATION, out);
  if (rc != OATH_OK) {
    return Fail(InternalError(std::string("oath_hotp_generate: ") + oath_strerror(rc)));
  }
  return std::string(out, static_cast<std::size_t>(digits));
}

std::int64_t TotpStep(std::int64_t unix_s, const TotpParams& params) {
  assert(params.period_s > 0);
  std::int64_t step = unix_s / params.period_s;
  if (unix_s % params.period_s != 0 && unix_s < 0) --step;  // floor, not truncation
  return step;
}

Result<std::string> TotpAtStep(std::string_view key, std::int64_t step, const TotpParams& params) {
  LK_TRY(CheckParams(params));
  if (step < 0) return Fail(MakeError(kInvalidOtpParams, "negative TOTP step"));
  return Hotp(key, static_cast<std::uint64_t>(step), params.digits);
}

Result<std::optional<std::int64_t>> MatchTotp(std::string_view key, std::string_view code,
                                              std::int64_t unix_s, const TotpParams& params) {
  LK_TRY(CheckParams(params));
  std::optional<std::int64_t> matched;
  if (!IsDigits(code, params.digits)) return matched;
  const std::int64_t center = TotpStep(unix_s, params);
  for (int offset = -params.window; offset <= params.window; ++offset) {
    // Skip the steps below 0 or beyond int64, testing before adding so that
    // nothing overflows. Which steps exist depends on the time only.
    if (offset < 0 ? center < -offset
                   : center < 0 || center > std::numeric_limits<std::int64_t>::max() - offset) {
      continue;
    }
    const std::int64_t step = center + offset;
    LK_ASSIGN_OR_RETURN(const std::string expected, TotpAtStep(key, step, params));
    // No early exit: every step of the window costs the same whether or not
    // an earlier one matched.
    const bool equal = ConstantTimeEquals(expected, code);
    if (equal && !matched) matched = step;
  }
  return matched;
}

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += EncodeDigit((buffer >> bits) & 31u);
    }
  }
  if (bits > 0) out += EncodeDigit((buffer << (5 - bits)) & 31u);
  return out;
}

Result<std::string> Base32Decode(std::string_view text) {
  // Padding, if any, fills the last 8-character block exactly.
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == '=') --end;
  const std::size_t rem = end % 8;
  if (rem == 1 || rem == 3 || rem == 6) return Malformed();  // no byte count encodes to these
  if (end != text.size() && (text.size() % 8 != 0 || rem == 0)) return Malformed();

  std::string out;
  out.reserve(end * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  int bad = 0;
  for (std::size_t i = 0; i < end; ++i) {
    const int v = DecodeDigit(static_cast<unsigned char>(text[i]));
    bad |= v;  // negative once any character was outside the alphabet
    buffer = (buffer << 5) | static_cast<std::uint32_t>(v & 31);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFFu);
    }
  }
  if (bad < 0 || (buffer & ((1u << bits) - 1u)) != 0) return Malformed();
  return out;
}

}  // namespace latchkey::crypto

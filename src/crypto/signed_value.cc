// Signed cookie values, byte-compatible with better-call's crypto.ts.
#include "crypto/signed_value.h"

#include "crypto/constant_time.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace latchkey::crypto {

std::string SignValue(std::string_view value, std::string_view secret) {
  std::string out;
  out.reserve(value.size() + 1 + kSignatureChars);
  out.append(value);
  out.push_back('.');
  out.append(Base64Encode(HmacSha256(secret, value)));
  return out;
}

std::optional<std::string> VerifySignedValue(std::string_view signed_value,
                                             std::string_view secret) {
  const std::size_t dot = signed_value.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  const std::string_view value = signed_value.substr(0, dot);
  const std::string_view signature = signed_value.substr(dot + 1);
  if (signature.size() != kSignatureChars || signature.back() != '=') return std::nullopt;
  // Comparing the canonical encodings is equivalent to comparing the decoded
  // MACs for canonical input, and needs no decoder on attacker input.
  const std::string expected = Base64Encode(HmacSha256(secret, value));
  if (!ConstantTimeEquals(expected, signature)) return std::nullopt;
  return std::string(value);
}

std::optional<std::string> VerifySignedValue(std::string_view signed_value,
                                             std::span<const std::string> secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    if (auto value = VerifySignedValue(signed_value, secret)) return value;
  }
  return std::nullopt;
}

}  // namespace latchkey::crypto

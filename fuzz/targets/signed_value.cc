// crypto/signed_value: Better Auth's signed cookie values, read from every
// Cookie header and Bearer token; plus the base64/base64url/hex codecs they
// and the JOSE code decode with. Properties: no crash; only values signed
// with the secret verify (a fuzzed value verifies only if it is exactly
// SignValue of its own prefix); Sign/Verify round-trips; every decoder is
// canonical (what decodes re-encodes to the same text).
#include "crypto/signed_value.h"

#include <cstddef>
#include <cstdint>
#include <string>

#include "crypto/encoding.h"
#include "fuzz_input.h"

namespace {

namespace crypto = latchkey::crypto;

constexpr std::string_view kSecret = "fuzz-secret-0123456789abcdef0123456789";

void CheckCodecs(std::string_view text) {
  if (auto bytes = crypto::Base64Decode(text)) {
    LK_FUZZ_CHECK(crypto::Base64Encode(*bytes) == text);
  }
  if (auto bytes = crypto::Base64UrlDecode(text)) {
    // Padding is optional on input, never produced on output.
    std::string_view unpadded = text;
    while (unpadded.ends_with('=')) unpadded.remove_suffix(1);
    LK_FUZZ_CHECK(crypto::Base64UrlEncode(*bytes) == unpadded);
  }
  if (auto bytes = crypto::HexDecode(text)) {
    LK_FUZZ_CHECK(bytes->size() * 2 == text.size());
    std::string lower(text);
    for (char& c : lower) c = (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
    LK_FUZZ_CHECK(crypto::HexEncode(*bytes) == lower);
  }
  LK_FUZZ_CHECK(crypto::Base64Decode(crypto::Base64Encode(text)).value() == text);
  LK_FUZZ_CHECK(crypto::Base64UrlDecode(crypto::Base64UrlEncode(text)).value() == text);
  LK_FUZZ_CHECK(crypto::HexDecode(crypto::HexEncode(text)).value() == text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto value = crypto::VerifySignedValue(text, kSecret)) {
    LK_FUZZ_CHECK(!value->empty());
    LK_FUZZ_CHECK(crypto::SignValue(*value, kSecret) == text);
  }
  if (!text.empty()) {
    const std::string signed_value = crypto::SignValue(text, kSecret);
    LK_FUZZ_CHECK(signed_value.size() == text.size() + 1 + crypto::kSignatureChars);
    auto back = crypto::VerifySignedValue(signed_value, kSecret);
    LK_FUZZ_CHECK(back.has_value() && *back == text);
    LK_FUZZ_CHECK(!crypto::VerifySignedValue(signed_value, "another-secret").has_value());
  }
  CheckCodecs(text);
  return 0;
}

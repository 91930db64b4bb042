// Encodings over libsodium's sodium_bin2base64 / sodium_base642bin /
// sodium_bin2hex / sodium_hex2bin. Passing ignore=nullptr and end=nullptr to
// the decoders makes them reject any character outside the alphabet and any
// trailing input.
#include "crypto/encoding.h"

#include <sodium.h>

#include "crypto/errors.h"

namespace latchkey::crypto {
namespace {

std::string EncodeBase64(std::string_view bytes, int variant) {
  // sodium_base64_ENCODED_LEN includes the trailing NUL.
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.pop_back();
  return out;
}

Result<std::string> DecodeBase64(std::string_view text, int variant) {
  // libsodium 1.0.18 (Debian 12) decodes every byte >= 0x80 as if it were a
  // base64 digit, so "QUI\xC2" decoded like "QUJD". Found by fuzzing.
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return Fail(MakeError(kInvalidEncoding, "malformed base64"));
    }
  }
  // Three bytes per four characters, rounded up; +1 keeps the buffer
  // non-empty so bin is never null.
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, variant) != 0) {
    return Fail(MakeError(kInvalidEncoding, "malformed base64"));
  }
  out.resize(len);
  return out;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  return EncodeBase64(bytes, sodium_base64_VARIANT_ORIGINAL);
}

Result<std::string> Base64Decode(std::string_view text) {
  return DecodeBase64(text, sodium_base64_VARIANT_ORIGINAL);
}

std::string Base64UrlEncode(std::string_view bytes) {
  return EncodeBase64(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  const bool padded = !text.empty() && text.back() == '=';
  return DecodeBase64(
      text, padded ? sodium_base64_VARIANT_URLSAFE : sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string HexEncode(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

Result<std::string> HexDecode(std::string_view text) {
  if (text.size() % 2 != 0) return Fail(MakeError(kInvalidEncoding, "odd-length hex"));
  std::string out(text.size() / 2 + 1, '\0');
  std::size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                     text.size(), nullptr, &len, nullptr) != 0) {
    return Fail(MakeError(kInvalidEncoding, "malformed hex"));
  }
  out.resize(len);
  return out;
}

}  // namespace latchkey::crypto

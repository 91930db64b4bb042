// Binary-to-text encodings: base64 (RFC 4648 §4, padded), base64url (§5,
// unpadded on output) and lowercase hex. Backed by libsodium's codecs, which
// run in constant time for a given length, so they are safe on secrets.
// Thread-safety: every function is pure and safe to call concurrently.
#ifndef LK_CRYPTO_ENCODING_H_
#define LK_CRYPTO_ENCODING_H_

#include <string>
#include <string_view>

#include "core/result.h"

namespace latchkey::crypto {

// Standard alphabet ('+', '/') with '=' padding.
std::string Base64Encode(std::string_view bytes);

// Decodes standard, padded base64. Strict: the padding must be present and
// exact, no whitespace or other characters, and unused trailing bits zero.
// Errors: kInvalidArgument INVALID_ENCODING.
Result<std::string> Base64Decode(std::string_view text);

// URL-safe alphabet ('-', '_') without padding.
std::string Base64UrlEncode(std::string_view bytes);

// Decodes base64url with or without '=' padding (padding, when present, must
// be exact). Otherwise as strict as Base64Decode.
// Errors: kInvalidArgument INVALID_ENCODING.
Result<std::string> Base64UrlDecode(std::string_view text);

// Lowercase hex, two characters per byte.
std::string HexEncode(std::string_view bytes);

// Decodes hex of either case. Errors: kInvalidArgument INVALID_ENCODING on an
// odd length or a non-hex character.
Result<std::string> HexDecode(std::string_view text);

}  // namespace latchkey::crypto

#endif  // LK_CRYPTO_ENCODING_H_

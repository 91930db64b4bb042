// Internal to crypto/webauthn: strict CBOR (RFC 8949) over libcbor. libcbor
// decodes whatever is well-formed, keeps repeated map keys, accepts
// indefinite lengths and allocates what a length field claims; so every
// input is first walked here and refused unless it is one definite-length
// item at most kMaxDepth deep, without tags, reserved or simple values, with
// map keys that are integers or strings and never repeated (compared by
// value, so a non-minimal encoding does not hide a repeat), and every length
// within the bytes that remain. Only then does libcbor build the tree (it
// refuses text strings that are not UTF-8).
// Thread-safety: pure; safe to call concurrently.
#ifndef LK_CRYPTO_WEBAUTHN_CBOR_H_
#define LK_CRYPTO_WEBAUTHN_CBOR_H_

#include <cbor.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "core/result.h"

namespace latchkey::crypto::webauthn::cbor {

inline constexpr std::size_t kMaxDepth = 16;

struct ItemDeleter {
  void operator()(cbor_item_t* item) const { cbor_decref(&item); }
};
using ItemPtr = std::unique_ptr<cbor_item_t, ItemDeleter>;

// The encoded length of the one strict item at the start of `bytes` (bytes
// after it are not looked at). Errors: WEBAUTHN_MALFORMED_CBOR.
Result<std::size_t> ItemLength(std::string_view bytes);

// The item that fills `bytes` exactly. Errors: WEBAUTHN_MALFORMED_CBOR
// (including bytes after the item).
Result<ItemPtr> Parse(std::string_view bytes);

// An unsigned or negative integer that fits in int64_t.
std::optional<std::int64_t> Int(const cbor_item_t* item);
// A byte string's or a text string's bytes (views into the item).
std::optional<std::string_view> Bytes(const cbor_item_t* item);
std::optional<std::string_view> Text(const cbor_item_t* item);

// The value under an integer or a text key of `map`, or null. Keys are
// unique (Parse refuses repeats), so the answer is unambiguous.
const cbor_item_t* Find(const cbor_item_t* map, std::int64_t key);
const cbor_item_t* Find(const cbor_item_t* map, std::string_view key);

}  // namespace latchkey::crypto::webauthn::cbor

#endif  // LK_CRYPTO_WEBAUTHN_CBOR_H_

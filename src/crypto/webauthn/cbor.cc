// The strict walk before libcbor (cbor.h says why), and typed accessors.
#include "crypto/webauthn/cbor.h"

#include <set>
#include <string>
#include <utility>

#include "crypto/webauthn/errors.h"

namespace latchkey::crypto::webauthn::cbor {
namespace {

enum Major : std::uint8_t {
  kUnsigned = 0,
  kNegative = 1,
  kByteString = 2,
  kTextString = 3,
  kArray = 4,
  kMap = 5,
  kTag = 6,
  kSimple = 7,
};

// A recursive descent over the encoding (RFC 8949 §3), depth-bounded, so the
// recursion is too.
class Walker {
 public:
  explicit Walker(std::string_view in) : in_(in) {}

  bool Item(std::size_t depth) {
    std::uint8_t major = 0;
    std::uint64_t arg = 0;
    if (!Head(major, arg)) return false;
    switch (major) {
      case kUnsigned:
      case kNegative:
        return true;
      case kByteString:
      case kTextString:
        return Skip(arg);
      case kArray:
        // Each element takes at least one byte: a count beyond what remains
        // is refused before anything is allocated for it.
        if (depth >= kMaxDepth || arg > Remaining()) return false;
        for (std::uint64_t i = 0; i < arg; ++i) {
          if (!Item(depth + 1)) return false;
        }
        return true;
      case kMap:
        return Map(depth, arg);
      default:  // kTag, kSimple
        return major == kSimple && SimpleOrFloat(arg);
    }
  }

  std::size_t position() const { return pos_; }

 private:
  std::size_t Remaining() const { return in_.size() - pos_; }

  bool Skip(std::uint64_t n) {
    if (n > Remaining()) return false;
    pos_ += static_cast<std::size_t>(n);
    return true;
  }

  // The initial byte and its argument. Refuses the reserved additional
  // information values 28-30 and 31 (indefinite length, or a break outside
  // one): WebAuthn's CTAP2 canonical encoding uses definite lengths only.
  bool Head(std::uint8_t& major, std::uint64_t& arg) {
    if (Remaining() < 1) return false;
    const auto initial = static_cast<std::uint8_t>(in_[pos_++]);
    major = initial >> 5;
    const std::uint8_t info = initial & 0x1f;
    last_info_ = info;
    if (info < 24) {
      arg = info;
      return true;
    }
    if (info > 27) return false;
    const std::size_t n = std::size_t{1} << (info - 24);  // 1, 2, 4 or 8 bytes
    if (Remaining() < n) return false;
    arg = 0;
    for (std::size_t i = 0; i < n; ++i) {
      arg = (arg << 8) | static_cast<std::uint8_t>(in_[pos_++]);
    }
    return true;
  }

  // Major type 7: false/true/null/undefined (20-23) and floats (25-27, whose
  // bytes Head consumed as the argument). Unassigned simple values and the
  // two-byte simple form are refused: WebAuthn never sends them.
  bool SimpleOrFloat(std::uint64_t arg) const {
    if (last_info_ >= 25) return true;
    return last_info_ >= 20 && last_info_ <= 23 && arg == last_info_;
  }

  bool Map(std::size_t depth, std::uint64_t pairs) {
    if (depth >= kMaxDepth || pairs > Remaining() / 2) return false;
    std::set<std::pair<std::uint8_t, std::string>> keys;
    for (std::uint64_t i = 0; i < pairs; ++i) {
      std::uint8_t major = 0;
      std::uint64_t arg = 0;
      if (!Head(major, arg)) return false;
      std::string identity;
      if (major == kUnsigned || major == kNegative) {
        for (int shift = 56; shift >= 0; shift -= 8) {
          identity.push_back(static_cast<char>((arg >> shift) & 0xff));
        }
      } else if (major == kByteString || major == kTextString) {
        const std::size_t start = pos_;
        if (!Skip(arg)) return false;
        identity.assign(in_.substr(start, pos_ - start));
      } else {
        return false;  // WebAuthn and COSE keys are integers or strings
      }
      if (!keys.emplace(major, std::move(identity)).second) return false;
      if (!Item(depth + 1)) return false;
    }
    return true;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  std::uint8_t last_info_ = 0;
};

Error Malformed(const char* detail) { return MakeError(kMalformedCbor, detail); }

}  // namespace

Result<std::size_t> ItemLength(std::string_view bytes) {
  Walker walker(bytes);
  if (!walker.Item(0)) return Fail(Malformed("not one strict CBOR item"));
  return walker.position();
}

Result<ItemPtr> Parse(std::string_view bytes) {
  LK_ASSIGN_OR_RETURN(std::size_t length, ItemLength(bytes));
  if (length != bytes.size()) return Fail(Malformed("bytes after the CBOR item"));
  cbor_load_result result{};
  ItemPtr item(cbor_load(reinterpret_cast<cbor_data>(bytes.data()), bytes.size(), &result));
  if (!item || result.error.code != CBOR_ERR_NONE || result.read != bytes.size()) {
    return Fail(Malformed("libcbor refused the item"));
  }
  return item;
}

std::optional<std::int64_t> Int(const cbor_item_t* item) {
  if (item == nullptr) return std::nullopt;
  const bool negative = cbor_isa_negint(item);
  if (!negative && !cbor_isa_uint(item)) return std::nullopt;
  const std::uint64_t raw = cbor_get_int(item);
  if (raw > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  const auto value = static_cast<std::int64_t>(raw);
  return negative ? -1 - value : value;
}

std::optional<std::string_view> Bytes(const cbor_item_t* item) {
  if (item == nullptr || !cbor_isa_bytestring(item) || !cbor_bytestring_is_definite(item)) {
    return std::nullopt;
  }
  return std::string_view(reinterpret_cast<const char*>(cbor_bytestring_handle(item)),
                          cbor_bytestring_length(item));
}

std::optional<std::string_view> Text(const cbor_item_t* item) {
  if (item == nullptr || !cbor_isa_string(item) || !cbor_string_is_definite(item)) {
    return std::nullopt;
  }
  return std::string_view(reinterpret_cast<const char*>(cbor_string_handle(item)),
                          cbor_string_length(item));
}

const cbor_item_t* Find(const cbor_item_t* map, std::int64_t key) {
  if (map == nullptr || !cbor_isa_map(map)) return nullptr;
  const cbor_pair* pairs = cbor_map_handle(map);
  for (std::size_t i = 0; i < cbor_map_size(map); ++i) {
    if (Int(pairs[i].key) == key) return pairs[i].value;
  }
  return nullptr;
}

const cbor_item_t* Find(const cbor_item_t* map, std::string_view key) {
  if (map == nullptr || !cbor_isa_map(map)) return nullptr;
  const cbor_pair* pairs = cbor_map_handle(map);
  for (std::size_t i = 0; i < cbor_map_size(map); ++i) {
    if (Text(pairs[i].key) == key) return pairs[i].value;
  }
  return nullptr;
}

}  // namespace latchkey::crypto::webauthn::cbor

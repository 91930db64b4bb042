// On-disk layout of the offline breached-password index, shared by the
// importer and the reader. Internal to abuse/checks; see pwned_index.h for
// the description.
#ifndef LK_FEATURES_ABUSE_CHECKS_PWNED_INDEX_FORMAT_H_
#define LK_FEATURES_ABUSE_CHECKS_PWNED_INDEX_FORMAT_H_

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace latchkey::abuse::pwned_format {

// The file is written and read with memcpy of native integers.
static_assert(std::endian::native == std::endian::little, "index format is little-endian");

inline constexpr char kMagic[8] = {'L', 'K', 'P', 'W', 'N', 'D', 'X', '1'};
inline constexpr std::uint32_t kVersion = 1;
inline constexpr std::size_t kHashBytes = 20;
inline constexpr std::uint32_t kPrefixBits = 16;
inline constexpr std::size_t kBuckets = std::size_t{1} << kPrefixBits;
inline constexpr std::size_t kHeaderBytes = 64;
inline constexpr std::size_t kTableBytes = (kBuckets + 1) * sizeof(std::uint64_t);
inline constexpr std::size_t kRecordsOffset = kHeaderBytes + kTableBytes;

struct Header {
  char magic[8];
  std::uint32_t version;
  std::uint32_t record_bytes;
  std::uint32_t hash_bytes;
  std::uint32_t prefix_bits;
  std::uint64_t count;
  unsigned char reserved[32];
};
static_assert(sizeof(Header) == kHeaderBytes);

struct Record {
  std::array<unsigned char, kHashBytes> hash;
  std::uint32_t count;
};
static_assert(sizeof(Record) == 24, "records are packed 20 + 4 bytes");
inline constexpr std::size_t kRecordBytes = sizeof(Record);

inline std::size_t BucketOf(const unsigned char* hash) {
  return (static_cast<std::size_t>(hash[0]) << 8) | hash[1];
}

}  // namespace latchkey::abuse::pwned_format

#endif  // LK_FEATURES_ABUSE_CHECKS_PWNED_INDEX_FORMAT_H_

// Reader: mmap plus validation on open, then a binary search inside one of
// 65,536 buckets. Open checks everything that is O(table) so a truncated or
// foreign file fails at startup, not as a wrong answer at sign-up; the
// records themselves are not re-verified (that would read the whole file).
#include "features/abuse/checks/pwned_index.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "crypto/hash.h"
#include "features/abuse/checks/errors.h"
#include "features/abuse/checks/pwned_index_format.h"

namespace latchkey::abuse {
namespace {

namespace fmt = pwned_format;

std::uint64_t TableAt(const unsigned char* base, std::size_t i) {
  std::uint64_t v;
  std::memcpy(&v, base + fmt::kHeaderBytes + i * sizeof(v), sizeof(v));
  return v;
}

const unsigned char* RecordAt(const unsigned char* base, std::uint64_t i) {
  return base + fmt::kRecordsOffset + i * fmt::kRecordBytes;
}

Error Corrupt(const std::string& path, const std::string& why) {
  return MakeError(kPwnedCorrupt, path + ": " + why);
}

// Returns an empty string when the mapped file is consistent.
std::string Validate(const unsigned char* base, std::size_t length, std::uint64_t* count) {
  if (length < fmt::kRecordsOffset) return "file shorter than header and table";
  fmt::Header h;
  std::memcpy(&h, base, sizeof(h));
  if (std::memcmp(h.magic, fmt::kMagic, sizeof(h.magic)) != 0) return "bad magic";
  if (h.version != fmt::kVersion) return "unsupported version " + std::to_string(h.version);
  if (h.record_bytes != fmt::kRecordBytes || h.hash_bytes != fmt::kHashBytes ||
      h.prefix_bits != fmt::kPrefixBits) {
    return "unexpected record layout";
  }
  if (h.count > (length - fmt::kRecordsOffset) / fmt::kRecordBytes ||
      fmt::kRecordsOffset + h.count * fmt::kRecordBytes != length) {
    return "size does not match record count (truncated?)";
  }
  if (TableAt(base, 0) != 0 || TableAt(base, fmt::kBuckets) != h.count) return "bad prefix table";
  for (std::size_t b = 0; b < fmt::kBuckets; ++b) {
    std::uint64_t lo = TableAt(base, b), hi = TableAt(base, b + 1);
    if (hi < lo) return "prefix table not monotonic";
    // The first and last record of each bucket must carry its prefix.
    if (hi > lo &&
        (fmt::BucketOf(RecordAt(base, lo)) != b || fmt::BucketOf(RecordAt(base, hi - 1)) != b)) {
      return "record outside its bucket at bucket " + std::to_string(b);
    }
  }
  *count = h.count;
  return {};
}

}  // namespace

Result<std::unique_ptr<PwnedIndex>> PwnedIndex::Open(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(MakeError(kPwnedIo, "open " + path + ": " + std::strerror(errno)));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int err = errno;
    close(fd);
    return Fail(MakeError(kPwnedIo, "stat " + path + ": " + std::strerror(err)));
  }
  const auto length = static_cast<std::size_t>(st.st_size);
  if (length < fmt::kRecordsOffset) {
    close(fd);
    return Fail(Corrupt(path, "file shorter than header and table"));
  }
  void* map = mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
  int map_err = errno;
  close(fd);  // the mapping keeps the file alive
  if (map == MAP_FAILED) {
    return Fail(MakeError(kPwnedIo, "mmap " + path + ": " + std::strerror(map_err)));
  }
  // Lookups touch a few random pages each; read-ahead would only evict.
  madvise(map, length, MADV_RANDOM);
  const auto* base = static_cast<const unsigned char*>(map);
  std::uint64_t count = 0;
  if (std::string why = Validate(base, length, &count); !why.empty()) {
    munmap(map, length);
    return Fail(Corrupt(path, why));
  }
  return std::unique_ptr<PwnedIndex>(new PwnedIndex(base, length, count));
}

PwnedIndex::PwnedIndex(const unsigned char* base, std::size_t length, std::uint64_t count)
    : base_(base), length_(length), count_(count) {}

PwnedIndex::~PwnedIndex() { munmap(const_cast<unsigned char*>(base_), length_); }

std::uint32_t PwnedIndex::Count(std::string_view sha1) const {
  if (sha1.size() != fmt::kHashBytes) return 0;
  const auto* key = reinterpret_cast<const unsigned char*>(sha1.data());
  const std::size_t bucket = fmt::BucketOf(key);
  std::uint64_t lo = TableAt(base_, bucket), hi = TableAt(base_, bucket + 1);
  while (lo < hi) {
    std::uint64_t mid = lo + (hi - lo) / 2;
    const unsigned char* rec = RecordAt(base_, mid);
    int cmp = std::memcmp(rec, key, fmt::kHashBytes);
    if (cmp == 0) {
      std::uint32_t n;
      std::memcpy(&n, rec + fmt::kHashBytes, sizeof(n));
      return n;
    }
    if (cmp < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return 0;
}

std::uint32_t PwnedIndex::CountPassword(std::string_view password) const {
  return Count(crypto::Sha1(password));
}

}  // namespace latchkey::abuse

// abuse/checks/pwned_index Open() and Count(): the offline breached-password
// index is a file an operator downloads or builds, mapped and trusted for
// lookups once Open() has validated it. Files made from fuzz bytes: either
// the bytes verbatim, or (mostly) a well-formed index built from the input's
// records and then damaged in one place (a table entry, a header field, the
// length). Properties: no crash or out-of-bounds read on any file Open()
// accepts; an undamaged index opens and finds every record it holds; any
// damage to the header, a table entry or the length is refused.
#include "features/abuse/checks/pwned_index.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "features/abuse/checks/pwned_index_format.h"
#include "fuzz_input.h"

namespace {

namespace abuse = latchkey::abuse;
namespace fmt = latchkey::abuse::pwned_format;

constexpr std::size_t kMaxRecords = 256;

// One in-memory file reused for every input; Open() takes its /proc path.
int MemFd() {
  static const int fd = memfd_create("latchkey-fuzz-pwned", MFD_CLOEXEC);
  return fd;
}

bool WriteFile(const std::string& bytes) {
  const int fd = MemFd();
  if (fd < 0 || ftruncate(fd, 0) != 0) return false;
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

struct Built {
  std::string file;
  std::map<std::string, std::uint32_t> records;  // hash → count, when well-formed
};

Built BuildIndex(latchkey::fuzz::FuzzInput& in, bool sorted) {
  std::vector<fmt::Record> records;
  while (records.size() < kMaxRecords && !in.empty()) {
    std::string_view raw = in.Take(fmt::kRecordBytes);
    fmt::Record r{};
    std::memcpy(&r, raw.data(), raw.size());
    records.push_back(r);
  }
  Built out;
  if (sorted) {
    std::stable_sort(records.begin(), records.end(),
                     [](const fmt::Record& a, const fmt::Record& b) { return a.hash < b.hash; });
    records.erase(
        std::unique(records.begin(), records.end(),
                    [](const fmt::Record& a, const fmt::Record& b) { return a.hash == b.hash; }),
        records.end());
    for (const fmt::Record& r : records) {
      out.records.emplace(std::string(reinterpret_cast<const char*>(r.hash.data()), r.hash.size()),
                          r.count);
    }
  }
  fmt::Header h{};
  std::memcpy(h.magic, fmt::kMagic, sizeof(h.magic));
  h.version = fmt::kVersion;
  h.record_bytes = fmt::kRecordBytes;
  h.hash_bytes = fmt::kHashBytes;
  h.prefix_bits = fmt::kPrefixBits;
  h.count = records.size();
  // table[b] = number of records in buckets below b (right for sorted input).
  std::vector<std::uint64_t> table(fmt::kBuckets + 1, 0);
  for (const fmt::Record& r : records) ++table[fmt::BucketOf(r.hash.data()) + 1];
  for (std::size_t b = 1; b <= fmt::kBuckets; ++b) table[b] += table[b - 1];

  out.file.resize(fmt::kRecordsOffset + records.size() * fmt::kRecordBytes);
  std::memcpy(out.file.data(), &h, sizeof(h));
  std::memcpy(out.file.data() + fmt::kHeaderBytes, table.data(), fmt::kTableBytes);
  if (!records.empty()) {
    std::memcpy(out.file.data() + fmt::kRecordsOffset, records.data(),
                records.size() * fmt::kRecordBytes);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  latchkey::fuzz::FuzzInput in(data, size);
  const std::uint8_t flags = in.Byte();
  // Damage parameters, read up front so the record bytes that follow align.
  const std::size_t table_slot = (std::size_t{in.Byte()} << 8 | in.Byte()) % (fmt::kBuckets + 1);
  const auto table_delta = static_cast<std::int8_t>(in.Byte());
  const std::size_t header_byte = in.Byte() % fmt::kHeaderBytes;
  const std::uint8_t header_xor = in.Byte();
  const auto length_delta = static_cast<std::int8_t>(in.Byte());

  Built built;
  bool damaged = false;      // no promise about what Open() says
  bool must_refuse = false;  // a checked field was changed
  if ((flags & 1) != 0) {
    built.file = std::string(in.Rest());
    damaged = true;
  } else {
    const bool sorted = (flags & 2) == 0;
    built = BuildIndex(in, sorted);
    damaged = !sorted;
    if ((flags & 4) != 0 && table_delta != 0) {
      std::uint64_t v;
      char* at = built.file.data() + fmt::kHeaderBytes + table_slot * sizeof(v);
      std::memcpy(&v, at, sizeof(v));
      v += static_cast<std::uint64_t>(static_cast<std::int64_t>(table_delta));
      std::memcpy(at, &v, sizeof(v));
      damaged = must_refuse = true;
    }
    if ((flags & 8) != 0 && header_xor != 0 && header_byte < 32) {  // bytes 32.. are reserved
      built.file[header_byte] = static_cast<char>(built.file[header_byte] ^ header_xor);
      damaged = must_refuse = true;
    }
    if ((flags & 16) != 0 && length_delta != 0) {
      const auto delta = static_cast<std::ptrdiff_t>(length_delta);
      built.file.resize(static_cast<std::size_t>(
          std::max<std::ptrdiff_t>(0, static_cast<std::ptrdiff_t>(built.file.size()) + delta)));
      damaged = must_refuse = true;
    }
    must_refuse = must_refuse && sorted;  // unsorted files may fail differently
  }
  if (!WriteFile(built.file)) return 0;

  auto index = abuse::PwnedIndex::Open("/proc/self/fd/" + std::to_string(MemFd()));
  if (!index) {
    LK_FUZZ_CHECK(damaged);
    return 0;
  }
  LK_FUZZ_CHECK(!must_refuse);
  // Whatever was accepted must answer lookups from inside the file.
  const std::size_t n = built.file.size() < fmt::kRecordsOffset
                            ? 0
                            : (built.file.size() - fmt::kRecordsOffset) / fmt::kRecordBytes;
  for (std::size_t i = 0; i < n; ++i) {
    (void)(*index)->Count(
        std::string_view(built.file)
            .substr(fmt::kRecordsOffset + i * fmt::kRecordBytes, fmt::kHashBytes));
  }
  (void)(*index)->CountPassword("password");
  LK_FUZZ_CHECK((*index)->Count("short") == 0);
  if (!damaged) {
    LK_FUZZ_CHECK((*index)->size() == built.records.size());
    for (const auto& [hash, count] : built.records) LK_FUZZ_CHECK((*index)->Count(hash) == count);
  }
  return 0;
}

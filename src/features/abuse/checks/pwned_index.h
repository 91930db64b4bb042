// Offline breached-password index: the HIBP "Pwned Passwords" SHA-1 corpus
// (or any subset of it) turned into a compact sorted file that is mmapped
// and searched locally. It replaces the range API where outbound calls are
// not allowed, or backs it up when the API is down (docs/operations.md,
// "optional self-hosted mirror"; ASVS 2.1.7).
//
// File format (little-endian, version 1; pwned_index_format.h):
//   header  64 bytes: magic "LKPWNDX1", version, record size, hash size,
//           prefix bits (16), record count
//   table   65,537 u64: table[b] = index of the first record whose first two
//           hash bytes are >= b; table[65536] = count
//   records count × 24 bytes: full 20-byte SHA-1, u32 breach count,
//           sorted by hash, unique
// Full hashes are kept, so a lookup has no false positives. Size is about
// 24 bytes per hash plus 512 KiB: roughly 22 GiB for a corpus of a
// billion hashes.
//
// Thread-safety: Import is re-entrant (distinct output paths). An open
// PwnedIndex is immutable and safe for concurrent lookups.
#ifndef LK_FEATURES_ABUSE_CHECKS_PWNED_INDEX_H_
#define LK_FEATURES_ABUSE_CHECKS_PWNED_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace latchkey::abuse {

struct PwnedImportOptions {
  // Records sorted in memory before they spill to a temporary run file next
  // to the output (24 bytes each: the default needs ~384 MiB). Inputs larger
  // than this are merged from runs, so memory stays bounded for any size;
  // disk needs about twice the final index while importing.
  std::size_t max_records_in_memory = std::size_t{16} << 20;
};

struct PwnedImportStats {
  std::uint64_t lines = 0;        // non-empty input lines
  std::uint64_t records = 0;      // unique hashes written
  std::uint64_t duplicates = 0;   // repeated hashes merged (the larger count wins)
  std::uint64_t zero_counts = 0;  // "HASH:0" lines skipped (0 means "not breached")
};

class PwnedIndex {
 public:
  // Reads `input_path` ("SHA1HEX:COUNT" or bare "SHA1HEX" per line, count 1;
  // hex of either case; LF or CRLF; any order; duplicates allowed) and
  // writes the index to `output_path` atomically: a temporary file in the
  // same directory, fsync, then rename. On error `output_path` is untouched.
  // Malformed lines are an error rather than skipped: a truncated or
  // mis-typed corpus (for example the NTLM variant) would otherwise give a
  // silently weaker check.
  // Errors: PWNED_IMPORT_MALFORMED_LINE (the detail names the 1-based line
  // number); PWNED_INDEX_IO on any read, write or rename failure.
  static Result<PwnedImportStats> Import(const std::string& input_path,
                                         const std::string& output_path,
                                         const PwnedImportOptions& options = {});

  // Maps `path` read-only and validates the header, the size and the prefix
  // table. Errors: PWNED_INDEX_IO if it cannot be opened or mapped;
  // PWNED_INDEX_CORRUPT on a wrong magic, version or layout, a size that
  // does not match the header (truncation), or an inconsistent table.
  static Result<std::unique_ptr<PwnedIndex>> Open(const std::string& path);

  PwnedIndex(const PwnedIndex&) = delete;
  PwnedIndex& operator=(const PwnedIndex&) = delete;
  ~PwnedIndex();

  // `sha1` is 20 raw bytes (crypto::Sha1). Returns the breach count, 0 when
  // absent. Any other length returns 0. O(log bucket): microseconds.
  std::uint32_t Count(std::string_view sha1) const;
  bool Contains(std::string_view sha1) const { return Count(sha1) > 0; }

  // SHA-1s `password` (REQUIRES: NFKC-normalised UTF-8) and looks it up.
  std::uint32_t CountPassword(std::string_view password) const;

  std::uint64_t size() const { return count_; }

 private:
  PwnedIndex(const unsigned char* base, std::size_t length, std::uint64_t count);

  const unsigned char* base_;
  std::size_t length_;
  std::uint64_t count_;
};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_CHECKS_PWNED_INDEX_H_

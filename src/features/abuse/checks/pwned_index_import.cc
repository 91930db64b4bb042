// Corpus → index. Lines are parsed while streaming; records are sorted in
// chunks of options.max_records_in_memory, spilled to unlinked temporary
// run files when there is more than one chunk, and k-way merged into the
// output. The common input (HIBP's own download, already sorted) therefore
// costs one pass and bounded memory, and an unordered subset works too.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <queue>
#include <vector>

#include "features/abuse/checks/errors.h"
#include "features/abuse/checks/pwned_index.h"
#include "features/abuse/checks/pwned_index_format.h"

namespace latchkey::abuse {
namespace {

using pwned_format::Record;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

Error IoError(const std::string& what) {
  return MakeError(kPwnedIo, what + ": " + std::strerror(errno));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "HEX40[:COUNT]" → record. Returns false on anything else.
bool ParseLine(std::string_view line, Record& out) {
  std::size_t colon = line.find(':');
  std::string_view hex = line.substr(0, colon);
  if (hex.size() != 2 * pwned_format::kHashBytes) return false;
  for (std::size_t i = 0; i < pwned_format::kHashBytes; ++i) {
    int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.hash[i] = static_cast<unsigned char>((hi << 4) | lo);
  }
  out.count = 1;
  if (colon == std::string_view::npos) return true;
  std::string_view digits = line.substr(colon + 1);
  if (digits.empty() || digits.size() > 12) return false;
  std::uint64_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  out.count = static_cast<std::uint32_t>(std::min<std::uint64_t>(n, UINT32_MAX));  // saturate
  return true;
}

bool HashLess(const Record& a, const Record& b) { return a.hash < b.hash; }

// Writes sorted records, merging duplicates, into a temp file that becomes
// `path` on Finish().
class IndexWriter {
 public:
  Result<void> Start(const std::string& path) {
    path_ = path;
    tmp_path_ = path + ".tmp.XXXXXX";
    int fd = mkstemp(tmp_path_.data());
    if (fd < 0) return Fail(IoError("create " + tmp_path_));
    file_.reset(fdopen(fd, "wb"));
    if (!file_) return Fail(IoError("fdopen"));
    std::vector<char> zeros(pwned_format::kRecordsOffset, 0);
    if (std::fwrite(zeros.data(), 1, zeros.size(), file_.get()) != zeros.size()) {
      return Fail(IoError("write"));
    }
    return {};
  }
  ~IndexWriter() {
    if (!tmp_path_.empty()) unlink(tmp_path_.c_str());  // only if not renamed
  }

  Result<void> Add(const Record& r, PwnedImportStats& stats) {
    if (r.count == 0) {
      ++stats.zero_counts;
      return {};
    }
    if (has_pending_ && pending_.hash == r.hash) {
      ++stats.duplicates;
      pending_.count = std::max(pending_.count, r.count);
      return {};
    }
    if (has_pending_) LK_TRY(Emit(pending_));
    pending_ = r;
    has_pending_ = true;
    return {};
  }

  Result<void> Finish(PwnedImportStats& stats) {
    if (has_pending_) LK_TRY(Emit(pending_));
    std::vector<std::uint64_t> table(pwned_format::kBuckets + 1, 0);
    for (std::size_t b = 0; b < pwned_format::kBuckets; ++b) table[b + 1] = table[b] + counts_[b];
    pwned_format::Header h{};
    std::memcpy(h.magic, pwned_format::kMagic, sizeof(h.magic));
    h.version = pwned_format::kVersion;
    h.record_bytes = pwned_format::kRecordBytes;
    h.hash_bytes = pwned_format::kHashBytes;
    h.prefix_bits = pwned_format::kPrefixBits;
    h.count = written_;
    std::FILE* f = file_.get();
    if (std::fseek(f, 0, SEEK_SET) != 0 || std::fwrite(&h, sizeof(h), 1, f) != 1 ||
        std::fwrite(table.data(), sizeof(std::uint64_t), table.size(), f) != table.size() ||
        std::fflush(f) != 0 || fsync(fileno(f)) != 0) {
      return Fail(IoError("write " + tmp_path_));
    }
    file_.reset();
    if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0) return Fail(IoError("rename"));
    tmp_path_.clear();
    // Make the rename itself durable.
    std::string dir = path_.substr(0, path_.find_last_of('/') + 1);
    int dfd = open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
      fsync(dfd);
      close(dfd);
    }
    stats.records = written_;
    return {};
  }

 private:
  Result<void> Emit(const Record& r) {
    if (std::fwrite(&r, sizeof(r), 1, file_.get()) != 1) return Fail(IoError("write"));
    ++counts_[pwned_format::BucketOf(r.hash.data())];
    ++written_;
    return {};
  }

  std::string path_, tmp_path_;
  File file_;
  std::vector<std::uint64_t> counts_ = std::vector<std::uint64_t>(pwned_format::kBuckets, 0);
  std::uint64_t written_ = 0;
  Record pending_{};
  bool has_pending_ = false;
};

// Sorts `chunk` and writes it to an anonymous file beside the output.
Result<File> SpillRun(std::vector<Record>& chunk, const std::string& output_path) {
  std::sort(chunk.begin(), chunk.end(), HashLess);
  std::string tmpl = output_path + ".run.XXXXXX";
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return Fail(IoError("create run file"));
  unlink(tmpl.c_str());  // freed when closed, even on a crash
  File f(fdopen(fd, "w+b"));
  if (!f) return Fail(IoError("fdopen"));
  if (std::fwrite(chunk.data(), sizeof(Record), chunk.size(), f.get()) != chunk.size() ||
      std::fflush(f.get()) != 0 || std::fseek(f.get(), 0, SEEK_SET) != 0) {
    return Fail(IoError("write run file"));
  }
  chunk.clear();
  return f;
}

Result<void> MergeRuns(std::vector<File>& runs, IndexWriter& writer, PwnedImportStats& stats) {
  using Head = std::pair<Record, std::size_t>;  // record, run index
  auto greater = [](const Head& a, const Head& b) { return HashLess(b.first, a.first); };
  std::priority_queue<Head, std::vector<Head>, decltype(greater)> heap(greater);
  Record r;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (std::fread(&r, sizeof(r), 1, runs[i].get()) == 1) heap.emplace(r, i);
  }
  while (!heap.empty()) {
    auto [top, i] = heap.top();
    heap.pop();
    LK_TRY(writer.Add(top, stats));
    if (std::fread(&r, sizeof(r), 1, runs[i].get()) == 1)
      heap.emplace(r, i);
    else if (std::ferror(runs[i].get()))
      return Fail(IoError("read run file"));
  }
  return {};
}

}  // namespace

Result<PwnedImportStats> PwnedIndex::Import(const std::string& input_path,
                                            const std::string& output_path,
                                            const PwnedImportOptions& options) {
  std::ifstream in(input_path, std::ios::binary);
  if (!in) return Fail(IoError("open " + input_path));
  const std::size_t chunk_max = std::max<std::size_t>(options.max_records_in_memory, 1);
  PwnedImportStats stats;
  std::vector<Record> chunk;
  chunk.reserve(std::min<std::size_t>(chunk_max, 1 << 20));
  std::vector<File> runs;
  std::string line;
  std::uint64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view view(line);
    if (view.ends_with('\r')) view.remove_suffix(1);
    if (view.empty()) continue;
    ++stats.lines;
    Record r;
    if (!ParseLine(view, r)) {
      return Fail(MakeError(kPwnedImportMalformed,
                            input_path + ":" + std::to_string(line_no) +
                                ": expected 40 hex digits (SHA-1), optionally :COUNT"));
    }
    chunk.push_back(r);
    if (chunk.size() >= chunk_max) {
      LK_ASSIGN_OR_RETURN(File run, SpillRun(chunk, output_path));
      runs.push_back(std::move(run));
    }
  }
  if (in.bad()) return Fail(IoError("read " + input_path));

  IndexWriter writer;
  LK_TRY(writer.Start(output_path));
  if (runs.empty()) {
    std::sort(chunk.begin(), chunk.end(), HashLess);
    for (const Record& r : chunk) LK_TRY(writer.Add(r, stats));
  } else {
    if (!chunk.empty()) {
      LK_ASSIGN_OR_RETURN(File run, SpillRun(chunk, output_path));
      runs.push_back(std::move(run));
    }
    LK_TRY(MergeRuns(runs, writer, stats));
  }
  LK_TRY(writer.Finish(stats));
  return stats;
}

}  // namespace latchkey::abuse

// abuse/checks/pwned_index Import(): the "SHA1HEX[:COUNT]" text corpus an
// operator downloads is turned into the index file. The first byte sets the
// in-memory chunk size (1..8 records, so the external merge runs too); the
// rest is the corpus. Properties: no crash; Import refuses exactly the
// inputs with a malformed line; what it builds opens, and each hash is found
// with the largest count it was listed with (saturated at 2^32-1; a hash
// listed only with count 0 is absent).
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "features/abuse/checks/pwned_index.h"
#include "fuzz_input.h"

namespace {

namespace abuse = latchkey::abuse;
namespace fs = std::filesystem;

// A private directory in memory (fsync there is cheap), removed at exit.
const fs::path& WorkDir() {
  static const fs::path dir = [] {
    fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    fs::path d = base / ("latchkey-fuzz-import-" + std::to_string(getpid()));
    fs::create_directories(d);
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(WorkDir(), ec);
    });
    return d;
  }();
  return dir;
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The reference reader: false on a malformed line, else hash → max count.
bool Expected(std::string_view text, std::map<std::string, std::uint64_t>& out) {
  latchkey::fuzz::FuzzInput lines(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  while (!lines.empty()) {
    std::string_view line = lines.Until('\n');
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.size() < 40) return false;
    std::string hash;
    for (std::size_t i = 0; i < 40; i += 2) {
      if (Hex(line[i]) < 0 || Hex(line[i + 1]) < 0) return false;
      hash.push_back(static_cast<char>(Hex(line[i]) * 16 + Hex(line[i + 1])));
    }
    std::uint64_t count = 1;
    if (line.size() > 40) {
      std::string_view digits = line.substr(41);
      if (line[40] != ':' || digits.empty() || digits.size() > 12) return false;
      count = 0;
      for (char c : digits) {
        if (c < '0' || c > '9') return false;
        count = count * 10 + static_cast<std::uint64_t>(c - '0');
      }
    }
    count = std::min<std::uint64_t>(count, UINT32_MAX);
    auto& slot = out[hash];
    slot = std::max(slot, count);
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  latchkey::fuzz::FuzzInput in(data, size);
  abuse::PwnedImportOptions options;
  options.max_records_in_memory = 1 + in.Byte() % 8;
  const std::string_view text = in.Rest();

  const fs::path input = WorkDir() / "corpus.txt";
  const fs::path output = WorkDir() / "index.bin";
  {
    std::ofstream f(input, std::ios::binary | std::ios::trunc);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  std::map<std::string, std::uint64_t> expected;
  const bool well_formed = Expected(text, expected);
  auto stats = abuse::PwnedIndex::Import(input.string(), output.string(), options);
  if (!stats) {
    LK_FUZZ_CHECK(!well_formed);
    LK_FUZZ_CHECK(stats.error().code == "PWNED_IMPORT_MALFORMED_LINE");
    return 0;
  }
  LK_FUZZ_CHECK(well_formed);
  auto index = abuse::PwnedIndex::Open(output.string());
  LK_FUZZ_CHECK(index.has_value());
  std::uint64_t present = 0;
  for (const auto& [hash, count] : expected) {
    LK_FUZZ_CHECK((*index)->Count(hash) == count);
    present += count > 0 ? 1 : 0;
  }
  LK_FUZZ_CHECK((*index)->size() == present);
  LK_FUZZ_CHECK(stats->records == present);
  fs::remove(output);
  return 0;
}

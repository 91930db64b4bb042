// abuse/checks/hibp_client FindSuffixCount(): the body of a Have I Been Pwned
// range reply (or of whatever answers on the configured mirror URL). The
// suffix looked for is the one of "password" (SHA-1 5BAA6…), so seeds and
// mutations can hit it. Properties: no crash; a reply that is accepted has
// only "35 hex digits:count" lines, and the count found is the largest count
// on a line naming the suffix (in any hex case).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "features/abuse/checks/hibp_client.h"
#include "fuzz_input.h"

namespace {

constexpr std::string_view kSuffix = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";

bool SameHex(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto found = latchkey::abuse::FindSuffixCount(body, kSuffix);
  if (!found) {
    LK_FUZZ_CHECK(found.error().code == "HIBP_MALFORMED_RESPONSE");
    return 0;
  }
  // Recount independently.
  std::uint64_t expected = 0;
  latchkey::fuzz::FuzzInput lines(data, size);
  while (!lines.empty()) {
    std::string_view line = lines.Until('\n');
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    LK_FUZZ_CHECK(line.size() > 36 && line[35] == ':');
    if (!SameHex(line.substr(0, 35), kSuffix)) continue;
    std::uint64_t count = 0;
    for (char c : line.substr(36)) {
      LK_FUZZ_CHECK(c >= '0' && c <= '9');
      count = count * 10 + static_cast<std::uint64_t>(c - '0');
    }
    expected = std::max(expected, count);
  }
  LK_FUZZ_CHECK(*found == expected);
  return 0;
}

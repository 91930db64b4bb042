// Range query: SHA-1 → 40 upper-case hex digits → send 5, keep 35. The
// request carries `Add-Padding: true` so the reply size does not reveal
// how many suffixes the prefix has (padding lines have count 0).
#include "features/abuse/checks/hibp_client.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>

#include "core/ascii.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "features/abuse/checks/errors.h"

namespace latchkey::abuse {
namespace {

constexpr std::size_t kPrefixLen = 5;
constexpr std::size_t kSuffixLen = 35;

bool IsHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

}  // namespace

HibpClient::HibpClient(HibpOptions options) : options_(std::move(options)) {
  while (options_.base_url.ends_with('/')) options_.base_url.pop_back();
}

Result<std::uint64_t> HibpClient::BreachCount(std::string_view password) const {
  const std::string hex = ascii::Uppered(crypto::HexEncode(crypto::Sha1(password)));
  const std::string_view prefix = std::string_view(hex).substr(0, kPrefixLen);
  const std::string_view suffix = std::string_view(hex).substr(kPrefixLen);

  outbound::OutboundOptions http;
  http.timeout = options_.timeout;
  http.connect_timeout = options_.connect_timeout;
  // A padded reply is ~1,000 lines of 40 bytes; 1 MiB leaves a wide margin.
  http.max_response_bytes = std::size_t{1024} * 1024;
  http.user_agent = "latchkey-pwned-check";
  const outbound::HttpHeaders headers = {{"Add-Padding", "true"}};
  LK_ASSIGN_OR_RETURN(
      outbound::HttpResponse response,
      outbound::HttpGet(options_.base_url + "/range/" + std::string(prefix), headers, http));
  if (response.status != 200) {
    return Fail(MakeError(kHibpBadStatus, "status " + std::to_string(response.status)));
  }
  return FindSuffixCount(response.body, suffix);
}

Result<std::uint64_t> FindSuffixCount(std::string_view body, std::string_view suffix) {
  std::uint64_t found = 0;
  std::size_t line_no = 0;
  while (!body.empty()) {
    ++line_no;
    std::size_t eol = body.find('\n');
    std::string_view line = body.substr(0, eol);
    body = eol == std::string_view::npos ? std::string_view() : body.substr(eol + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    // Every line is validated, not just the one that matches: a reply that
    // is not the range format (a captive portal, an HTML error page) must
    // not read as "not breached".
    std::size_t colon = line.find(':');
    std::string_view hex = line.substr(0, colon);
    std::string_view digits =
        colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    std::uint64_t count = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    if (hex.size() != kSuffixLen || !IsHex(hex) || digits.empty() || ec != std::errc() ||
        ptr != digits.data() + digits.size()) {
      return Fail(MakeError(kHibpMalformed, "line " + std::to_string(line_no)));
    }
    if (ascii::EqualsIgnoreCase(hex, suffix)) found = std::max(found, count);
  }
  return found;
}

}  // namespace latchkey::abuse

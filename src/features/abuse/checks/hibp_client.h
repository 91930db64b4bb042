// Breached-password check against the Have I Been Pwned "Pwned Passwords"
// range API (k-anonymity, docs/operations.md). Only the first 5 hex digits
// of SHA-1(password) leave the process; the reply lists every known suffix
// under that prefix and the match happens locally.
//
// Thread-safety: a HibpClient is immutable; BreachCount may be called
// concurrently.
#ifndef LK_FEATURES_ABUSE_CHECKS_HIBP_CLIENT_H_
#define LK_FEATURES_ABUSE_CHECKS_HIBP_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "features/common/outbound/outbound_http.h"

namespace latchkey::abuse {

struct HibpOptions {
  // Without a trailing slash; requests go to {base_url}/range/{PREFIX}. A
  // self-hosted mirror speaking the same protocol works too.
  std::string base_url = "https://api.pwnedpasswords.com";
  // Whole request; after it the check fails with OUTBOUND_TIMEOUT and the
  // caller applies its fail-closed policy.
  std::chrono::milliseconds timeout{2000};
  std::chrono::milliseconds connect_timeout{1000};
};

class HibpClient {
 public:
  explicit HibpClient(HibpOptions options);

  // Returns how many times `password` appears in the HIBP corpus (0 = not
  // found). REQUIRES: `password` is already NFKC-normalised UTF-8, exactly
  // the bytes that will be hashed for storage.
  // Errors: the OUTBOUND_* codes of outbound_http.h; HIBP_BAD_STATUS for a
  // status other than 200; HIBP_MALFORMED_RESPONSE when a line is not
  // "SUFFIX:COUNT". Neither the password nor its full hash is ever logged.
  Result<std::uint64_t> BreachCount(std::string_view password) const;

 private:
  HibpOptions options_;
};

// Finds `suffix` (35 upper-case hex digits) in a range reply body and
// returns its count; 0 when absent or when only present as a padding line
// (count 0). Accepts LF or CRLF and a missing final newline; matches hex
// case-insensitively. Exposed for tests.
// Errors: HIBP_MALFORMED_RESPONSE naming the 1-based line number.
Result<std::uint64_t> FindSuffixCount(std::string_view body, std::string_view suffix);

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_CHECKS_HIBP_CLIENT_H_

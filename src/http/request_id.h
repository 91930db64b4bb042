// Per-request ids: a sane incoming X-Request-Id is kept (so a proxy's id
// threads through our logs), anything else is replaced by 16 random hex chars.
// Internal to src/http. Thread-safety: safe from any thread.
#ifndef LK_HTTP_REQUEST_ID_H_
#define LK_HTTP_REQUEST_ID_H_

#include <string>
#include <string_view>

namespace latchkey::http {

// True for 1..64 chars of [A-Za-z0-9_-] (nothing that could forge a log line).
bool IsAcceptableRequestId(std::string_view id);

// Replaces `out` with `incoming` if acceptable, else with a fresh random id.
// Ids are for correlation only, not secrets, so a fast PRNG is enough.
void AssignRequestId(std::string_view incoming, std::string& out);

}  // namespace latchkey::http

#endif  // LK_HTTP_REQUEST_ID_H_

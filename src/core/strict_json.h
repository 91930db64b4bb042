// Strict JSON parsing shared by request bodies (http/body.cc) and JOSE
// headers, claims and JWKs (crypto/jose): no comments, no trailing text, a
// depth limit, no number beyond a double's range (1e999), and no repeated
// member name at any depth. Boost.JSON 1.81
// silently keeps the last duplicate; two parsers disagreeing on which "sub"
// or "role" counts is a known smuggling vector (RFC 7515 §4, RFC 8259 §4).
// Thread-safety: pure; safe to call concurrently. Never throws.
#ifndef LK_CORE_STRICT_JSON_H_
#define LK_CORE_STRICT_JSON_H_

#include <boost/json/value.hpp>
#include <cstddef>
#include <string_view>

namespace latchkey::json {

enum class StrictJsonProblem { kNone, kSyntax, kDuplicate };

struct StrictJson {
  boost::json::value value;  // null unless problem == kNone
  StrictJsonProblem problem = StrictJsonProblem::kNone;
};

StrictJson ParseStrict(std::string_view text, std::size_t max_depth);

}  // namespace latchkey::json

#endif  // LK_CORE_STRICT_JSON_H_

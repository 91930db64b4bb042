// Strict JSON for JOSE headers, claims and JWKs: one object, no comments, no
// trailing text, and no repeated member names at any depth (Boost.JSON 1.81
// silently keeps the last duplicate, which RFC 7515 §4 / RFC 7519 §4 let a
// verifier refuse; two parsers disagreeing on "sub" is a known token-smuggling
// vector). The parser is core/strict_json.h, shared with request bodies.
// Thread-safety: pure; safe to call concurrently.
#ifndef LK_CRYPTO_JOSE_STRICT_JSON_H_
#define LK_CRYPTO_JOSE_STRICT_JSON_H_

#include <boost/json/object.hpp>
#include <cstddef>
#include <string_view>

namespace latchkey::crypto::jose {

enum class JsonProblem { kNone, kSyntax, kNotObject, kDuplicate };

struct ParsedObject {
  boost::json::object object;
  JsonProblem problem = JsonProblem::kNone;
};

// Parses `text` as one JSON object nested at most `max_depth` deep. On
// failure `problem` says why and `object` is empty. Never throws.
ParsedObject ParseStrictObject(std::string_view text, std::size_t max_depth = 16);

}  // namespace latchkey::crypto::jose

#endif  // LK_CRYPTO_JOSE_STRICT_JSON_H_

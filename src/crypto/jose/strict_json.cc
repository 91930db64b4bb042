#include "crypto/jose/strict_json.h"

#include "core/strict_json.h"

namespace latchkey::crypto::jose {

ParsedObject ParseStrictObject(std::string_view text, std::size_t max_depth) {
  ParsedObject out;
  latchkey::json::StrictJson parsed = latchkey::json::ParseStrict(text, max_depth);
  if (parsed.problem != latchkey::json::StrictJsonProblem::kNone) {
    out.problem = parsed.problem == latchkey::json::StrictJsonProblem::kDuplicate
                      ? JsonProblem::kDuplicate
                      : JsonProblem::kSyntax;
    return out;
  }
  if (!parsed.value.is_object()) {
    out.problem = JsonProblem::kNotObject;
    return out;
  }
  out.object = std::move(parsed.value.get_object());
  return out;
}

}  // namespace latchkey::crypto::jose

// core/strict_json: the strict JSON reader behind every request body and every
// JOSE header, claim set and JWK. Properties: never crashes or throws; what it
// accepts survives a serialise/parse round trip; it never accepts an
// object with a repeated key at any depth (RFC 8259 §4: the number of keys in
// the text must equal the number of members in the value, since a last-wins
// parser would drop the repeats).
#include "core/strict_json.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstddef>
#include <cstdint>

#include "fuzz_input.h"

namespace {

namespace bj = boost::json;

// Total number of object members at every depth.
std::size_t MemberCount(const bj::value& v) {
  std::size_t n = 0;
  if (const bj::object* o = v.if_object()) {
    n += o->size();
    for (const auto& member : *o) n += MemberCount(member.value());
  } else if (const bj::array* a = v.if_array()) {
    for (const bj::value& e : *a) n += MemberCount(e);
  }
  return n;
}

// A SAX handler that only counts the keys the text names.
struct KeyCounter {
  static constexpr std::size_t max_object_size = bj::object::max_size();
  static constexpr std::size_t max_array_size = bj::array::max_size();
  static constexpr std::size_t max_key_size = bj::string::max_size();
  static constexpr std::size_t max_string_size = bj::string::max_size();
  std::size_t keys = 0;
  bool on_document_begin(bj::error_code&) { return true; }
  bool on_document_end(bj::error_code&) { return true; }
  bool on_object_begin(bj::error_code&) { return true; }
  bool on_object_end(std::size_t, bj::error_code&) { return true; }
  bool on_array_begin(bj::error_code&) { return true; }
  bool on_array_end(std::size_t, bj::error_code&) { return true; }
  bool on_key_part(bj::string_view, std::size_t, bj::error_code&) { return true; }
  bool on_key(bj::string_view, std::size_t, bj::error_code&) {
    ++keys;
    return true;
  }
  bool on_string_part(bj::string_view, std::size_t, bj::error_code&) { return true; }
  bool on_string(bj::string_view, std::size_t, bj::error_code&) { return true; }
  bool on_number_part(bj::string_view, bj::error_code&) { return true; }
  bool on_int64(std::int64_t, bj::string_view, bj::error_code&) { return true; }
  bool on_uint64(std::uint64_t, bj::string_view, bj::error_code&) { return true; }
  bool on_double(double, bj::string_view, bj::error_code&) { return true; }
  bool on_bool(bool, bj::error_code&) { return true; }
  bool on_null(bj::error_code&) { return true; }
  bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
  bool on_comment(bj::string_view, bj::error_code&) { return true; }
};

std::size_t KeysInText(std::string_view text, std::size_t max_depth) {
  bj::parse_options options;
  options.max_depth = max_depth;
  bj::basic_parser<KeyCounter> parser(options);
  bj::error_code ec;
  parser.write_some(false, text.data(), text.size(), ec);
  LK_FUZZ_CHECK(!ec);
  return parser.handler().keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  latchkey::fuzz::FuzzInput in(data, size);
  const std::size_t max_depth = 1 + in.Byte() % 40;
  const std::string_view text = in.Rest();
  latchkey::json::StrictJson parsed = latchkey::json::ParseStrict(text, max_depth);
  if (parsed.problem != latchkey::json::StrictJsonProblem::kNone) {
    LK_FUZZ_CHECK(parsed.value.is_null());
    return 0;
  }
  // Agrees with Boost.JSON's own parser, and no key was dropped as a repeat.
  bj::parse_options lenient;
  lenient.max_depth = max_depth;
  bj::error_code ec;
  bj::value reference = bj::parse(text, ec, {}, lenient);
  LK_FUZZ_CHECK(!ec);
  LK_FUZZ_CHECK(reference == parsed.value);
  LK_FUZZ_CHECK(KeysInText(text, max_depth) == MemberCount(parsed.value));

  const std::string again = bj::serialize(parsed.value);
  latchkey::json::StrictJson reparsed = latchkey::json::ParseStrict(again, max_depth);
  LK_FUZZ_CHECK(reparsed.problem == latchkey::json::StrictJsonProblem::kNone);
  // Not value equality: Boost.JSON 1.81 does not round long decimal numbers
  // exactly, so a double can move by an ulp through serialise-and-parse.
  LK_FUZZ_CHECK(MemberCount(reparsed.value) == MemberCount(parsed.value));
  return 0;
}

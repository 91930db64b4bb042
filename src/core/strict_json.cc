// A Boost.JSON SAX handler that builds the value like json::parser does
// (through a value_stack) and remembers each open object's keys so that a
// repeated key fails the parse.
#include "core/strict_json.h"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <cmath>
#include <string>
#include <vector>

namespace latchkey::json {
namespace bj = boost::json;
namespace {

class StrictHandler {
 public:
  static constexpr std::size_t max_object_size = bj::object::max_size();
  static constexpr std::size_t max_array_size = bj::array::max_size();
  static constexpr std::size_t max_key_size = bj::string::max_size();
  static constexpr std::size_t max_string_size = bj::string::max_size();

  bj::value_stack st;
  bool duplicate = false;

  bool on_document_begin(bj::error_code&) { return true; }
  bool on_document_end(bj::error_code&) { return true; }
  bool on_object_begin(bj::error_code&) {
    starts_.push_back(keys_.size());
    return true;
  }
  bool on_object_end(std::size_t n, bj::error_code& ec) {
    std::size_t start = starts_.back();
    starts_.pop_back();
    if (HasDuplicate(start)) {
      duplicate = true;
      ec = bj::error::syntax;
      return false;
    }
    keys_.resize(start);
    st.push_object(n);
    return true;
  }
  bool on_array_begin(bj::error_code&) { return true; }
  bool on_array_end(std::size_t n, bj::error_code&) {
    st.push_array(n);
    return true;
  }
  bool on_key_part(bj::string_view s, std::size_t, bj::error_code&) {
    key_.append(s.data(), s.size());
    st.push_chars(s);
    return true;
  }
  bool on_key(bj::string_view s, std::size_t, bj::error_code&) {
    key_.append(s.data(), s.size());
    keys_.push_back(std::move(key_));
    key_.clear();
    st.push_key(s);
    return true;
  }
  bool on_string_part(bj::string_view s, std::size_t, bj::error_code&) {
    st.push_chars(s);
    return true;
  }
  bool on_string(bj::string_view s, std::size_t, bj::error_code&) {
    st.push_string(s);
    return true;
  }
  bool on_number_part(bj::string_view, bj::error_code&) { return true; }
  bool on_int64(std::int64_t i, bj::string_view, bj::error_code&) {
    st.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, bj::string_view, bj::error_code&) {
    st.push_uint64(u);
    return true;
  }
  bool on_double(double d, bj::string_view, bj::error_code& ec) {
    // A literal like 1e999 overflows to infinity, which Boost.JSON would
    // serialise as the non-JSON token `Infinity` (API-key metadata is stored
    // and returned that way). Refused as a syntax error; found by fuzzing.
    if (!std::isfinite(d)) {
      ec = bj::error::syntax;
      return false;
    }
    st.push_double(d);
    return true;
  }
  bool on_bool(bool b, bj::error_code&) {
    st.push_bool(b);
    return true;
  }
  bool on_null(bj::error_code&) {
    st.push_null();
    return true;
  }
  bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
  bool on_comment(bj::string_view, bj::error_code&) { return true; }

 private:
  bool HasDuplicate(std::size_t start) {
    auto first = keys_.begin() + static_cast<std::ptrdiff_t>(start);
    std::size_t n = keys_.size() - start;
    if (n < 2) return false;
    if (n <= 8) {  // JOSE headers and most claim sets: no sort needed
      for (auto i = first; i != keys_.end(); ++i) {
        if (std::find(i + 1, keys_.end(), *i) != keys_.end()) return true;
      }
      return false;
    }
    std::sort(first, keys_.end());  // keys are discarded afterwards anyway
    return std::adjacent_find(first, keys_.end()) != keys_.end();
  }

  std::string key_;                  // key being assembled from parts
  std::vector<std::string> keys_;    // keys of every open object, innermost last
  std::vector<std::size_t> starts_;  // where each open object's keys begin
};

}  // namespace

StrictJson ParseStrict(std::string_view text, std::size_t max_depth) {
  StrictJson out;
  try {
    bj::parse_options options;
    options.max_depth = max_depth;
    bj::basic_parser<StrictHandler> parser(options);
    parser.handler().st.reset();
    bj::error_code ec;
    std::size_t n = parser.write_some(false, text.data(), text.size(), ec);
    if (ec || n != text.size()) {
      out.problem =
          parser.handler().duplicate ? StrictJsonProblem::kDuplicate : StrictJsonProblem::kSyntax;
      return out;
    }
    out.value = parser.handler().st.release();
  } catch (const std::exception&) {  // allocation failure inside Boost.JSON
    out.problem = StrictJsonProblem::kSyntax;
  }
  return out;
}

}  // namespace latchkey::json

// Appends JSON text to a std::string without building a DOM. Used for the
// hot responses (get-session) and log lines, where a boost::json::object
// would allocate for every key and value.
#ifndef LK_CORE_JSON_WRITER_H_
#define LK_CORE_JSON_WRITER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace latchkey::json {

// A JSON string literal (RFC 8259): quotes, backslashes and every control
// character escaped; other bytes (UTF-8) copied as they are.
void AppendString(std::string& out, std::string_view value);

// A JSON array of strings: ["a","b"].
std::string StringArray(const std::vector<std::string>& values);

// Builds one JSON object: `{"a":1,"b":"x"}`. Keys are written as given
// (they are our own constants, never user input).
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string& out) : out_(out) { out_.push_back('{'); }
  ObjectWriter& String(std::string_view key, std::string_view value);
  ObjectWriter& NullableString(std::string_view key, const std::optional<std::string>& value);
  ObjectWriter& Bool(std::string_view key, bool value);
  ObjectWriter& Int(std::string_view key, std::int64_t value);
  // `raw` must already be valid JSON (a nested object written by another writer).
  ObjectWriter& Raw(std::string_view key, std::string_view raw);
  void Close() { out_.push_back('}'); }

 private:
  void Key(std::string_view key);
  std::string& out_;
  bool first_ = true;
};

}  // namespace latchkey::json

#endif  // LK_CORE_JSON_WRITER_H_

#include "core/json_writer.h"

namespace latchkey::json {

void AppendString(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

void ObjectWriter::Key(std::string_view key) {
  if (!first_) out_.push_back(',');
  first_ = false;
  out_.push_back('"');
  out_.append(key);
  out_ += "\":";
}

ObjectWriter& ObjectWriter::String(std::string_view key, std::string_view value) {
  Key(key);
  AppendString(out_, value);
  return *this;
}

ObjectWriter& ObjectWriter::NullableString(std::string_view key,
                                           const std::optional<std::string>& value) {
  if (!value) return Raw(key, "null");
  return String(key, *value);
}

ObjectWriter& ObjectWriter::Bool(std::string_view key, bool value) {
  return Raw(key, value ? "true" : "false");
}

ObjectWriter& ObjectWriter::Int(std::string_view key, std::int64_t value) {
  Key(key);
  out_ += std::to_string(value);
  return *this;
}

ObjectWriter& ObjectWriter::Raw(std::string_view key, std::string_view raw) {
  Key(key);
  out_.append(raw);
  return *this;
}

std::string StringArray(const std::vector<std::string>& values) {
  std::string out = "[";
  for (const std::string& value : values) {
    if (out.size() > 1) out += ',';
    AppendString(out, value);
  }
  return out + "]";
}

}  // namespace latchkey::json

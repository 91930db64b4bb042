// ASCII helpers shared by the header and config parsers (see text.h).
#include "features/abuse/limits/text.h"

#include <algorithm>

namespace latchkey::abuse::internal {

bool IsToken(std::string_view s) {
  static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return IsAlnum(c) || kExtra.find(c) != std::string_view::npos;
  });
}

std::vector<std::string_view> SplitOutsideQuotes(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted && c == '\\') {
      ++i;  // skip the escaped character
    } else if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == separator) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(std::min(start, s.size())));
  return parts;
}

std::optional<std::string> TokenOrQuoted(std::string_view s) {
  if (IsToken(s)) return std::string(s);
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (c == '\\') {
      if (i + 2 >= s.size()) return std::nullopt;  // escape of the closing quote
      c = s[++i];
    } else if (c == '"') {
      return std::nullopt;
    }
    // qdtext / quoted-pair exclude control characters.
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) return std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::optional<long long> ParseDecimal(std::string_view s, int max_digits) {
  if (s.empty() || s.size() > static_cast<std::size_t>(max_digits)) return std::nullopt;
  long long value = 0;
  for (char c : s) {
    if (!IsDigit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace latchkey::abuse::internal

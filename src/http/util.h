// Small ASCII string helpers shared by the http module's .cc files.
// Internal: not for use outside src/http.
#ifndef LK_HTTP_UTIL_H_
#define LK_HTTP_UTIL_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace latchkey::http {

inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// Trims optional whitespace (SP / HTAB) from both ends.
inline std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

inline void AppendLower(std::string& out, std::string_view s) {
  for (char c : s) out.push_back(AsciiLower(c));
}

}  // namespace latchkey::http

#endif  // LK_HTTP_UTIL_H_

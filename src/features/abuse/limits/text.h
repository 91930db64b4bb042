// Small ASCII helpers for the header and config parsers in this folder
// (case folding and OWS trimming are core/ascii.h).
// Locale-independent on purpose: <cctype> depends on the C locale.
#ifndef LK_FEATURES_ABUSE_LIMITS_TEXT_H_
#define LK_FEATURES_ABUSE_LIMITS_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace latchkey::abuse::internal {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }

// Strips spaces and tabs (HTTP optional whitespace) from both ends.
std::string_view TrimOws(std::string_view s);

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// RFC 9110 token: one or more tchar.
bool IsToken(std::string_view s);

// Splits on `separator` except inside double-quoted strings (a backslash
// escapes the next character there). An unterminated quote runs to the end.
std::vector<std::string_view> SplitOutsideQuotes(std::string_view s, char separator);

// A parameter value: a token, or a quoted-string with its escapes removed.
// nullopt for anything else (empty, bad characters, unterminated quote).
std::optional<std::string> TokenOrQuoted(std::string_view s);

// Parses a non-negative decimal of at most `max_digits` digits.
std::optional<long long> ParseDecimal(std::string_view s, int max_digits);

}  // namespace latchkey::abuse::internal

#endif  // LK_FEATURES_ABUSE_LIMITS_TEXT_H_

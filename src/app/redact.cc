#include "app/redact.h"

#include <array>

#include "core/ascii.h"

namespace latchkey::app {
namespace {

constexpr std::string_view kRedacted = "<redacted>";

// Parameter names that carry a credential. Substrings, case-insensitive:
// "sslpassword", "api_key", "access_token", "X-Amz-Signature" all match.
bool NamesACredential(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kHints = {
      "pass", "pwd", "secret", "token", "key", "auth", "sig", "cred", "code"};
  const std::string lower = ascii::Lowered(name);
  for (std::string_view hint : kHints) {
    if (lower.find(hint) != std::string::npos) return true;
  }
  return false;
}

// "a=1&password=x" → "a=1&password=<redacted>"; a parameter without '=' is
// kept as it is (it holds no value).
std::string RedactQuery(std::string_view query) {
  std::string out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view param = query.substr(start, end - start);
    const std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && NamesACredential(param.substr(0, eq))) {
      out.append(param.substr(0, eq + 1)).append(kRedacted);
    } else {
      out.append(param);
    }
    if (end == query.size()) break;
    out.push_back('&');
    start = end + 1;
  }
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// libpq's keyword/value form: `key = value` pairs separated by blanks, a
// value either bare or single-quoted with backslash escapes.
std::string RedactKeywordValue(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t blank_start = i;
    while (i < text.size() && IsSpace(text[i])) ++i;
    out.append(text.substr(blank_start, i - blank_start));
    if (i == text.size()) break;
    const std::size_t key_start = i;
    while (i < text.size() && text[i] != '=' && !IsSpace(text[i])) ++i;
    const std::string_view key = text.substr(key_start, i - key_start);
    std::size_t j = i;
    while (j < text.size() && IsSpace(text[j])) ++j;
    if (j == text.size() || text[j] != '=') {
      // Not keyword/value after all: keep it unless it may hold a password.
      if (ascii::Lowered(text).find("pass") != std::string::npos) return std::string(kRedacted);
      return std::string(text);
    }
    ++j;
    while (j < text.size() && IsSpace(text[j])) ++j;
    const std::size_t value_start = j;
    if (j < text.size() && text[j] == '\'') {
      for (++j; j < text.size() && text[j] != '\''; ++j) {
        if (text[j] == '\\') ++j;
      }
      if (j < text.size()) ++j;  // the closing quote
    } else {
      while (j < text.size() && !IsSpace(text[j])) ++j;
    }
    out.append(text.substr(key_start, value_start - key_start));
    const bool secret = NamesACredential(key);
    out.append(secret ? kRedacted
                      : text.substr(value_start, std::min(j, text.size()) - value_start));
    i = std::min(j, text.size());
  }
  return out;
}

}  // namespace

std::string RedactUrl(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return RedactKeywordValue(url);
  const std::size_t start = scheme + 3;
  std::string out(url.substr(0, start));
  std::size_t rest = start;
  bool in_query = false;
  // The userinfo ends at the last '@': a password may hold an unencoded
  // '@', '/', '?' or '#'. When an '@' of the path or query is taken for it,
  // the redaction covers more than the password, never less.
  const std::size_t at = url.rfind('@');
  if (at != std::string_view::npos && at >= start) {
    const std::string_view userinfo = url.substr(start, at - start);
    const std::size_t colon = userinfo.find(':');
    const std::size_t authority_end = url.find_first_of("/?#", start);
    if (colon != std::string_view::npos) {
      out.append(userinfo.substr(0, colon + 1)).append(kRedacted).push_back('@');
      in_query = userinfo.find('?') != std::string_view::npos;
      rest = at + 1;
    } else if (authority_end == std::string_view::npos || at < authority_end) {
      out.append(userinfo).push_back('@');  // a user name alone is no secret
      rest = at + 1;
    }
  }
  std::size_t query = url.find('?', rest);
  if (query == std::string_view::npos && !in_query) return out.append(url.substr(rest));
  if (query == std::string_view::npos) {
    query = rest - 1;  // the rest continues a query whose start was redacted
  } else {
    out.append(url.substr(rest, query + 1 - rest));
  }
  const std::size_t fragment = url.find('#', query + 1);
  out.append(RedactQuery(url.substr(query + 1, fragment - query - 1)));
  if (fragment != std::string_view::npos) out.append(url.substr(fragment));
  return out;
}

}  // namespace latchkey::app

// Small ASCII string helpers shared by the http module's .cc files (the
// general ones live in core/ascii.h).
// Internal: not for use outside src/http.
#ifndef LK_HTTP_UTIL_H_
#define LK_HTTP_UTIL_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/ascii.h"

namespace latchkey::http {

using ascii::EqualsIgnoreCase;
using ascii::TrimOws;

inline void AppendLower(std::string& out, std::string_view s) {
  for (char c : s) out.push_back(ascii::Lower(c));
}

}  // namespace latchkey::http

#endif  // LK_HTTP_UTIL_H_

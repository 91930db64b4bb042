#include "features/abuse/checks/common_passwords.h"

#include <algorithm>
#include <string>

#include "core/ascii.h"

namespace latchkey::abuse {
namespace {

bool InTable(std::string_view word) {
  const std::span<const std::string_view> table = CommonPasswordTable();
  return std::binary_search(table.begin(), table.end(), word);
}

}  // namespace

bool IsCommonPassword(std::string_view normalized) {
  if (InTable(normalized)) return true;
  const bool has_upper = std::any_of(normalized.begin(), normalized.end(),
                                     [](char c) { return c >= 'A' && c <= 'Z'; });
  return has_upper && InTable(ascii::Lowered(normalized));
}

}  // namespace latchkey::abuse

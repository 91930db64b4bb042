#include "app/error_codes.h"

#include <map>
#include <string>

namespace latchkey::app {

Result<void> CheckErrorCodes(const std::vector<DeclaredErrors>& declared) {
  static constexpr ErrorInfo kDuplicate{"DUPLICATE_ERROR_CODE", ErrorKind::kFailedPrecondition,
                                        "Two features declare one error code differently"};
  struct First {
    std::string_view feature;
    const ErrorInfo* info;
  };
  std::map<std::string_view, First> seen;
  for (const DeclaredErrors& group : declared) {
    for (const ErrorInfo& info : group.errors) {
      auto [it, inserted] = seen.try_emplace(info.code, First{group.feature, &info});
      if (inserted) continue;
      const ErrorInfo& first = *it->second.info;
      if (first.kind == info.kind && first.message == info.message) continue;
      return Fail(MakeError(kDuplicate, std::string(info.code) + " in " +
                                            std::string(it->second.feature) + " and " +
                                            std::string(group.feature)));
    }
  }
  return {};
}

}  // namespace latchkey::app

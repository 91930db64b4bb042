#include "features/platform/credentials.h"

#include <algorithm>
#include <utility>

namespace latchkey::platform {

void CredentialChain::Add(std::string_view name, int order, CredentialResolver resolver) {
  Entry entry{name, order, std::move(resolver)};
  auto at = std::upper_bound(entries_.begin(), entries_.end(), order,
                             [](int o, const Entry& e) { return o < e.order; });
  entries_.insert(at, std::move(entry));
}

Result<std::optional<Principal>> CredentialChain::Resolve(const http::Request& request,
                                                          const http::RouteSpec& route) const {
  for (const Entry& entry : entries_) {
    LK_ASSIGN_OR_RETURN(std::optional<Principal> found, entry.resolve(request, route));
    if (found) return found;
  }
  return std::optional<Principal>();
}

}  // namespace latchkey::platform

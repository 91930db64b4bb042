// The `organization` scope's claim (docs/oidc.md "Scopes"): the user's
// organizations with their role in each, read through the organizations
// feature's store interface (docs/design.md "Layers"), for userinfo and the
// ID token.
#include <algorithm>
#include <boost/json.hpp>

#include "features/oidc_provider/client_store.h"
#include "features/oidc_provider/oidc_internal.h"
#include "features/organizations/org_store.h"

namespace latchkey::oidc_provider::internal {

Result<std::optional<boost::json::array>> OrganizationClaims(store::Transaction& tx,
                                                             const std::string& user_id,
                                                             const std::string& scope) {
  const std::vector<std::string> scopes = SplitScope(scope);
  if (std::find(scopes.begin(), scopes.end(), kOrganizationScope) == scopes.end()) {
    return std::optional<boost::json::array>();
  }
  namespace orgs = organizations::org_store;
  LK_ASSIGN_OR_RETURN(auto memberships, orgs::ListUserOrganizations(tx, user_id));
  boost::json::array out;
  for (const orgs::Organization& org : memberships) {
    LK_ASSIGN_OR_RETURN(auto member, orgs::FindMember(tx, org.id, user_id));
    boost::json::object entry;
    entry["id"] = org.id;
    entry["name"] = org.name;
    entry["slug"] = org.slug;
    entry["role"] = member ? member->role : std::string();
    out.push_back(std::move(entry));
  }
  return std::optional<boost::json::array>(std::move(out));
}

}  // namespace latchkey::oidc_provider::internal

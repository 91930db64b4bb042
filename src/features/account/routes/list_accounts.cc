#include "features/account/routes/list_accounts.h"

#include "core/json_writer.h"
#include "features/users/user_store.h"

namespace latchkey::account {

Result<http::Response> ListAccounts(const sessions::SessionWithUser& current,
                                    const Services& services,
                                    const sessions::SessionService& sessions) {
  LK_ASSIGN_OR_RETURN(auto accounts,
                      store::InReadTransaction(services.store, [&](store::Transaction& tx) {
                        return users::ListAccounts(tx, current.user.id);
                      }));
  std::string body = "[";
  for (const users::Account& a : accounts) {
    if (body.size() > 1) body.push_back(',');
    // A social account's granted scopes (comma-separated as stored); the
    // credential account has none.
    std::vector<std::string> scopes;
    for (std::size_t start = 0; start < a.scope.size();) {
      std::size_t comma = a.scope.find(',', start);
      if (comma == std::string::npos) comma = a.scope.size();
      if (comma > start) scopes.push_back(a.scope.substr(start, comma - start));
      start = comma + 1;
    }
    json::ObjectWriter(body)
        .String("id", a.id)
        .String("providerId", a.provider_id)
        .String("accountId", a.account_id)
        .String("userId", a.user_id)
        .String("createdAt", FormatIsoTime(a.created_at))
        .String("updatedAt", FormatIsoTime(a.updated_at))
        .Raw("scopes", json::StringArray(scopes))
        .Close();
  }
  body.push_back(']');
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  return response;
}

}  // namespace latchkey::account

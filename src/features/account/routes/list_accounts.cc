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
    // Social providers' granted scopes arrive with social sign-in; the
    // credential account has none.
    json::ObjectWriter(body)
        .String("id", a.id)
        .String("providerId", a.provider_id)
        .String("accountId", a.account_id)
        .String("userId", a.user_id)
        .String("createdAt", FormatIsoTime(a.created_at))
        .String("updatedAt", FormatIsoTime(a.updated_at))
        .Raw("scopes", "[]")
        .Close();
  }
  body.push_back(']');
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  return response;
}

}  // namespace latchkey::account

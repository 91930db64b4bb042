// GET /list-accounts (docs/api.md).
#ifndef LK_FEATURES_ACCOUNT_ROUTES_LIST_ACCOUNTS_H_
#define LK_FEATURES_ACCOUNT_ROUTES_LIST_ACCOUNTS_H_

#include "features/account/routes/account_docs.h"
#include "features/services.h"
#include "features/sessions/session_service.h"
#include "http/route.h"

namespace latchkey::account {

inline constexpr http::RouteSpec kListAccountsRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/list-accounts",
    .auth = http::Auth::kSession,
    .summary = "The ways the signed-in user can sign in (credential, later social)",
    .doc = &kListAccountsDoc,
};

// 200 [{"id","providerId","accountId","userId","createdAt","updatedAt","scopes":[]}].
// Errors: UNAUTHORIZED (401).
Result<http::Response> ListAccounts(const sessions::SessionWithUser& current,
                                    const Services& services,
                                    const sessions::SessionService& sessions);

}  // namespace latchkey::account

#endif  // LK_FEATURES_ACCOUNT_ROUTES_LIST_ACCOUNTS_H_

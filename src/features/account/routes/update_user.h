// POST /update-user (docs/api.md).
#ifndef LK_FEATURES_ACCOUNT_ROUTES_UPDATE_USER_H_
#define LK_FEATURES_ACCOUNT_ROUTES_UPDATE_USER_H_

#include "features/account/routes/account_docs.h"
#include "features/platform/hooks.h"
#include "features/services.h"
#include "features/sessions/session_service.h"
#include "http/route.h"

namespace latchkey::account {

inline constexpr http::RouteSpec kUpdateUserRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/update-user",
    .auth = http::Auth::kSession,
    .body_limit = std::size_t{64} * 1024,
    .summary = "Updates the signed-in user's name and image",
    .doc = &kUpdateUserDoc,
};

// 200 {"status":true} and the session cookie re-sent.
// Errors: UNAUTHORIZED (401), EMAIL_CAN_NOT_BE_UPDATED (400),
// "No fields to update" (400, no code), VALIDATION_ERROR (400).
Result<http::Response> UpdateUser(const http::Request& request,
                                  const sessions::SessionWithUser& current,
                                  const Services& services,
                                  const sessions::SessionService& sessions,
                                  const platform::Hooks& hooks);

}  // namespace latchkey::account

#endif  // LK_FEATURES_ACCOUNT_ROUTES_UPDATE_USER_H_

// The social sign-in routes (docs/api.md "Social sign-in", docs/social.md):
// starting a sign-in or a link, the provider's callback, and the linked
// accounts' management and tokens.
#ifndef LK_FEATURES_SOCIAL_ROUTES_SOCIAL_ROUTES_H_
#define LK_FEATURES_SOCIAL_ROUTES_SOCIAL_ROUTES_H_

#include <boost/json/object.hpp>

#include "features/platform/route_table.h"
#include "features/social/routes/social_docs.h"
#include "features/social/social_service.h"
#include "http/route.h"

namespace latchkey::social {

inline constexpr http::RouteSpec kSignInSocialRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/sign-in/social",
    .rate_limit_bucket = "sign-in",
    .summary = "Starts a sign-in with a social provider",
    .doc = &kSignInSocialDoc,
};
inline constexpr http::RouteSpec kCallbackGetRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/callback/:provider",
    .rate_limit_bucket = "sign-in",
    .summary = "The provider's redirect back with the authorization code",
    .doc = &kCallbackDoc,
};
inline constexpr http::RouteSpec kCallbackPostRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/callback/:provider",
    .rate_limit_bucket = "sign-in",
    .summary = "The provider's form_post back (Apple): redirected to the GET callback",
    .doc = &kCallbackPostDoc,
};
inline constexpr http::RouteSpec kLinkSocialRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/link-social",
    .auth = http::Auth::kSensitiveSession,
    .summary = "Links a social provider's account to the signed-in user",
    .doc = &kLinkSocialDoc,
};
inline constexpr http::RouteSpec kUnlinkAccountRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/unlink-account",
    .auth = http::Auth::kFreshSession,
    .summary = "Unlinks one of the user's accounts",
    .doc = &kUnlinkAccountDoc,
};
inline constexpr http::RouteSpec kGetAccessTokenRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/get-access-token",
    .auth = http::Auth::kSensitiveSession,
    .summary = "A linked account's access token, refreshed when it is about to expire",
    .doc = &kGetAccessTokenDoc,
};
inline constexpr http::RouteSpec kRefreshTokenRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/refresh-token",
    .auth = http::Auth::kSensitiveSession,
    .summary = "Refreshes a linked account's tokens at the provider",
    .doc = &kRefreshTokenDoc,
};
inline constexpr http::RouteSpec kAccountInfoRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/account-info",
    .auth = http::Auth::kSensitiveSession,
    .summary = "A linked account's profile at the provider",
    .doc = &kAccountInfoDoc,
};

// The ID-token sign-in (routes/id_token.cc). Errors: ID_TOKEN_NOT_SUPPORTED
// (404), INVALID_ID_TOKEN (401), USER_EMAIL_NOT_FOUND (401),
// OAUTH_LINK_ERROR (401), PROVIDER_UNAVAILABLE (503).
Result<http::Response> IdTokenSignIn(const http::Request& request, const SocialService& service,
                                     const Provider& provider, const boost::json::object& id_token);
// link-social with an ID token (routes/id_token.cc): the same validation,
// then Better Auth's rules for it: the provider trusted or the e-mail
// verified there, and the signed-in user's own e-mail. Errors:
// ID_TOKEN_NOT_SUPPORTED (404), INVALID_ID_TOKEN, USER_EMAIL_NOT_FOUND,
// LINKING_NOT_ALLOWED, LINKING_DIFFERENT_EMAILS_NOT_ALLOWED (401),
// SOCIAL_ACCOUNT_ALREADY_LINKED (409), PROVIDER_UNAVAILABLE (503).
Result<http::Response> IdTokenLink(const http::Request& request, const SocialService& service,
                                   const Provider& provider, const boost::json::object& id_token,
                                   const users::User& user);
Result<http::Response> SignInSocial(const http::Request& request, const SocialService& service);
Result<http::Response> LinkSocial(const http::Request& request, const SocialService& service,
                                  const sessions::SessionWithUser& caller);
Result<http::Response> Callback(const http::Request& request, const SocialService& service);
Result<http::Response> CallbackPost(const http::Request& request, const SocialService& service);
Result<http::Response> UnlinkAccount(const http::Request& request, const SocialService& service,
                                     const sessions::SessionWithUser& caller);
Result<http::Response> GetAccessToken(const http::Request& request, const SocialService& service,
                                      const sessions::SessionWithUser& caller);
Result<http::Response> RefreshToken(const http::Request& request, const SocialService& service,
                                    const sessions::SessionWithUser& caller);
Result<http::Response> AccountInfo(const http::Request& request, const SocialService& service,
                                   const sessions::SessionWithUser& caller);

}  // namespace latchkey::social

#endif  // LK_FEATURES_SOCIAL_ROUTES_SOCIAL_ROUTES_H_

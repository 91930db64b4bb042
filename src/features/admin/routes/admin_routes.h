// The admin plugin's HTTP routes (docs/api.md "Administration",
// docs/permissions.md). Each declares the permission it needs
// (RouteSpec::permission); the route table asks the admin feature's
// authorizer before the handler runs, after refusing API keys and stale
// sessions (kAdmin is account management and wants a fresh session).
#ifndef LK_FEATURES_ADMIN_ROUTES_ADMIN_ROUTES_H_
#define LK_FEATURES_ADMIN_ROUTES_ADMIN_ROUTES_H_

#include "features/admin/admin_service.h"
#include "features/admin/routes/admin_docs.h"
#include "features/admin/routes/manage_docs.h"
#include "features/platform/route_table.h"
#include "http/route.h"

namespace latchkey::admin {

inline constexpr http::RouteSpec kListUsersRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/admin/list-users",
    .auth = http::Auth::kAdmin,
    .summary = "Users, searched, filtered, sorted and paged, with the total",
    .permission = "user:list",
    .doc = &kListUsersDoc,
};
inline constexpr http::RouteSpec kGetUserRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/admin/get-user",
    .auth = http::Auth::kAdmin,
    .summary = "One user",
    .permission = "user:get",
    .doc = &kGetUserDoc,
};
inline constexpr http::RouteSpec kSetRoleRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/set-role",
    .auth = http::Auth::kAdmin,
    .summary = "Sets a user's roles",
    .permission = "user:set-role",
    .doc = &kSetRoleDoc,
};
inline constexpr http::RouteSpec kBanUserRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/ban-user",
    .auth = http::Auth::kAdmin,
    .summary = "Bans a user: every session ends, no sign-in until unbanned or expired",
    .permission = "user:ban",
    .doc = &kBanUserDoc,
};
inline constexpr http::RouteSpec kUnbanUserRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/unban-user",
    .auth = http::Auth::kAdmin,
    .summary = "Lifts a ban",
    .permission = "user:ban",
    .doc = &kUnbanUserDoc,
};
inline constexpr http::RouteSpec kHasPermissionRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/has-permission",
    .auth = http::Auth::kSession,
    .summary = "Whether the caller (or a role) holds permissions",
    .doc = &kHasPermissionDoc,
};
inline constexpr http::RouteSpec kCreateUserRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/create-user",
    .auth = http::Auth::kAdmin,
    .body_limit = std::size_t{64} * 1024,
    .summary = "Creates a user (as sign-up does, without a session)",
    .hashes_password = true,
    .permission = "user:create",
    .doc = &kCreateUserDoc,
};
inline constexpr http::RouteSpec kAdminUpdateUserRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/update-user",
    .auth = http::Auth::kAdmin,
    .body_limit = std::size_t{64} * 1024,
    .summary = "Updates a user's fields",
    .permission = "user:update",
    .doc = &kUpdateUserDoc,
};
inline constexpr http::RouteSpec kSetUserPasswordRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/set-user-password",
    .auth = http::Auth::kAdmin,
    .body_limit = std::size_t{16} * 1024,
    .summary = "Sets a user's password; their sessions end",
    .hashes_password = true,
    .permission = "user:set-password",
    .doc = &kSetPasswordDoc,
};
inline constexpr http::RouteSpec kRemoveUserRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/remove-user",
    .auth = http::Auth::kAdmin,
    .summary = "Deletes a user and everything they own",
    .permission = "user:delete",
    .doc = &kRemoveUserDoc,
};
inline constexpr http::RouteSpec kListUserSessionsRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/list-user-sessions",
    .auth = http::Auth::kAdmin,
    .summary = "A user's unexpired sessions",
    .permission = "session:list",
    .doc = &kListUserSessionsDoc,
};
inline constexpr http::RouteSpec kRevokeUserSessionRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/revoke-user-session",
    .auth = http::Auth::kAdmin,
    .summary = "Ends one session",
    .permission = "session:revoke",
    .doc = &kRevokeUserSessionDoc,
};
inline constexpr http::RouteSpec kRevokeUserSessionsRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/revoke-user-sessions",
    .auth = http::Auth::kAdmin,
    .summary = "Ends every session of a user",
    .permission = "session:revoke",
    .doc = &kRevokeUserSessionsDoc,
};
inline constexpr http::RouteSpec kResetTwoFactorRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/reset-two-factor",
    .auth = http::Auth::kAdmin,
    .summary = "Turns a user's two-factor authentication off",
    .permission = "user:reset-two-factor",
    .doc = &kResetTwoFactorDoc,
};
inline constexpr http::RouteSpec kResendVerificationRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/resend-verification",
    .auth = http::Auth::kAdmin,
    .summary = "Mails a user a new verification link",
    .permission = "user:resend-verification",
    .doc = &kResendVerificationDoc,
};
inline constexpr http::RouteSpec kUnlockUserRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/unlock-user",
    .auth = http::Auth::kAdmin,
    .summary = "Lifts a user's lockouts",
    .permission = "user:unlock",
    .doc = &kUnlockUserDoc,
};

// Account management (routes/manage.cc), a user's sessions
// (routes/sessions.cc) and the operator extras features offer
// (routes/operations.cc, platform::Hooks::OfferAccountAction).
Result<http::Response> CreateUser(const http::Request& request, const AdminService& service,
                                  const sessions::SessionWithUser& caller);
Result<http::Response> AdminUpdateUser(const http::Request& request, const AdminService& service,
                                       const sessions::SessionWithUser& caller);
Result<http::Response> SetUserPassword(const http::Request& request, const AdminService& service,
                                       const sessions::SessionWithUser& caller);
Result<http::Response> RemoveUser(const http::Request& request, const AdminService& service,
                                  const sessions::SessionWithUser& caller);
Result<http::Response> ListUserSessions(const http::Request& request, const AdminService& service,
                                        const sessions::SessionWithUser& caller);
Result<http::Response> RevokeUserSession(const http::Request& request, const AdminService& service,
                                         const sessions::SessionWithUser& caller);
Result<http::Response> RevokeUserSessions(const http::Request& request, const AdminService& service,
                                          const sessions::SessionWithUser& caller);
Result<http::Response> ResetTwoFactor(const http::Request& request, const AdminService& service,
                                      const sessions::SessionWithUser& caller);
Result<http::Response> ResendVerification(const http::Request& request, const AdminService& service,
                                          const sessions::SessionWithUser& caller);
Result<http::Response> UnlockUser(const http::Request& request, const AdminService& service,
                                  const sessions::SessionWithUser& caller);

// This node's metrics for the console's dashboard (routes/metrics.cc).
inline constexpr http::RouteSpec kMetricsRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/admin/metrics",
    .auth = http::Auth::kAdmin,
    .summary = "This node's metrics, in the Prometheus text format",
    .permission = "metrics:read",
    .doc = &kMetricsDoc,
};
Result<http::Response> AdminMetrics(const http::Request& request, const AdminService& service,
                                    const sessions::SessionWithUser& caller);

inline constexpr http::RouteSpec kImpersonateUserRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/impersonate-user",
    .auth = http::Auth::kAdmin,
    .summary = "Signs the admin in as another user, for a limited time",
    .permission = "user:impersonate",
    .doc = &kImpersonateUserDoc,
};
inline constexpr http::RouteSpec kStopImpersonatingRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/stop-impersonating",
    .auth = http::Auth::kSession,
    .summary = "Ends the impersonation and restores the admin's session",
    .doc = &kStopImpersonatingDoc,
};

Result<http::Response> ListUsers(const http::Request& request, const AdminService& service,
                                 const sessions::SessionWithUser& caller);
Result<http::Response> GetUser(const http::Request& request, const AdminService& service,
                               const sessions::SessionWithUser& caller);
Result<http::Response> SetRole(const http::Request& request, const AdminService& service,
                               const sessions::SessionWithUser& caller);
Result<http::Response> BanUser(const http::Request& request, const AdminService& service,
                               const sessions::SessionWithUser& caller);
Result<http::Response> UnbanUser(const http::Request& request, const AdminService& service,
                                 const sessions::SessionWithUser& caller);
Result<http::Response> HasPermission(const http::Request& request, const AdminService& service,
                                     const sessions::SessionWithUser& caller);
Result<http::Response> ImpersonateUser(const http::Request& request, const AdminService& service,
                                       const sessions::SessionWithUser& caller);
Result<http::Response> StopImpersonating(const http::Request& request, const AdminService& service,
                                         const sessions::SessionWithUser& caller);

// The user's JSON with the fields features add (role, banned, twoFactorEnabled, …).
// Errors: USER_NOT_FOUND (404).
Result<std::string> UserJsonById(store::Transaction& tx, const AdminService& service,
                                 std::string_view user_id);

}  // namespace latchkey::admin

#endif  // LK_FEATURES_ADMIN_ROUTES_ADMIN_ROUTES_H_

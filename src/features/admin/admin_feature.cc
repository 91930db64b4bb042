#include "features/admin/admin_feature.h"

#include "features/admin/admin_errors.h"
#include "features/admin/routes/admin_routes.h"

namespace latchkey::admin {

std::span<const store::Migration> EmbeddedMigrations();

std::span<const std::string_view> AdminFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit"};
  return kDeps;
}

std::span<const store::Migration> AdminFeature::Migrations() const { return EmbeddedMigrations(); }

std::span<const ErrorInfo> AdminFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {errors::kInvalidAdminRoles,
                                          errors::kBannedUser,
                                          errors::kFieldNotAllowed,
                                          errors::kCannotBanYourself,
                                          errors::kNonExistentRole,
                                          errors::kInvalidRoleType,
                                          errors::kLastAdmin,
                                          errors::kUserNotFound,
                                          errors::kNotAllowedListUsers,
                                          errors::kNotAllowedGetUser,
                                          errors::kNotAllowedCreateUsers,
                                          errors::kNotAllowedUpdateUsers,
                                          errors::kNotAllowedChangeRole,
                                          errors::kNotAllowedBanUsers,
                                          errors::kNotAllowedImpersonate,
                                          errors::kNotAllowedDeleteUsers,
                                          errors::kNotAllowedSetPassword,
                                          errors::kNotAllowedListSessions,
                                          errors::kNotAllowedRevokeSessions,
                                          errors::kNotAllowed,
                                          errors::kUserExists,
                                          errors::kNoDataToUpdate,
                                          errors::kPasswordViaUpdateUser,
                                          errors::kUserIdCannotBeUpdated,
                                          errors::kCannotRemoveYourself,
                                          errors::kOperationUnavailable,
                                          errors::kNotAllowedSetEmail,
                                          errors::kNotAllowedSetPhone,
                                          errors::kNotAllowedResetTwoFactor,
                                          errors::kNotAllowedResendVerification,
                                          errors::kNotAllowedUnlock,
                                          errors::kCannotImpersonateAdmins,
                                          errors::kNotImpersonating,
                                          errors::kAdminSessionNotFound,
                                          errors::kImpersonating,
                                          errors::kSecondFactorRequired};
  return kErrors;
}

Result<void> AdminFeature::Register(platform::Platform& platform) {
  LK_TRY(service_.Init());
  // The fields and the sign-up refusal hold even with the routes off: the
  // columns are Better Auth's and users must never set them.
  platform.hooks.OnBeforeSignUp(
      [this](const platform::SignUpEvent& event) { return service_.RefuseAdminFields(event); });
  platform.hooks.OnBeforeUserUpdate([this](const platform::UserUpdateEvent& event) {
    return service_.RefuseAdminFieldsOnUpdate(event);
  });
  platform.hooks.AddUserFields([this](store::Transaction& tx, users::User& user) {
    return service_.AddUserFields(tx, user);
  });
  platform.hooks.OnAfterFirstFactor(
      [this](const platform::SignInEvent& event) { return service_.RefuseBanned(event); });
  // Impersonation: impersonatedBy on the session, and an impersonation
  // dies with the admin's sessions or account (docs/permissions.md).
  platform.hooks.AddSessionFields([this](store::Transaction& tx, sessions::SessionWithUser& found) {
    return service_.AddSessionFields(tx, found);
  });
  platform.hooks.OnSessionsRevoked([this](store::Transaction& tx, const std::string& user_id) {
    return service_.EndImpersonationsBy(tx, user_id);
  });
  platform.hooks.OnUserDeleted([this](store::Transaction& tx, const users::User& user) {
    return service_.EndImpersonationsBy(tx, user.id);
  });
  if (!service_.deps().settings.admin) return {};
  platform.policy.authorize = [this](const platform::Principal& principal,
                                     std::string_view permission) {
    return service_.Authorize(principal, permission);
  };
  return {};
}

Result<void> AdminFeature::RegisterRoutes(platform::RouteTable& routes) {
  if (!service_.deps().settings.admin) return {};
  using Handler = Result<http::Response> (*)(const http::Request&, const AdminService&,
                                             const sessions::SessionWithUser&);
  const std::pair<const http::RouteSpec*, Handler> all[] = {
      {&kListUsersRoute, &ListUsers},
      {&kGetUserRoute, &GetUser},
      {&kSetRoleRoute, &SetRole},
      {&kBanUserRoute, &BanUser},
      {&kUnbanUserRoute, &UnbanUser},
      {&kHasPermissionRoute, &HasPermission},
      {&kCreateUserRoute, &CreateUser},
      {&kAdminUpdateUserRoute, &AdminUpdateUser},
      {&kSetUserPasswordRoute, &SetUserPassword},
      {&kRemoveUserRoute, &RemoveUser},
      {&kListUserSessionsRoute, &ListUserSessions},
      {&kRevokeUserSessionRoute, &RevokeUserSession},
      {&kRevokeUserSessionsRoute, &RevokeUserSessions},
      {&kResetTwoFactorRoute, &ResetTwoFactor},
      {&kResendVerificationRoute, &ResendVerification},
      {&kUnlockUserRoute, &UnlockUser},
      {&kMetricsRoute, &AdminMetrics},
      {&kImpersonateUserRoute, &ImpersonateUser},
      {&kStopImpersonatingRoute, &StopImpersonating},
  };
  for (const auto& entry : all) {
    const Handler handler = entry.second;
    LK_TRY(
        routes.Add(*entry.first, [this, handler](const http::Request& req, platform::Call& call) {
          return handler(req, service_, call.caller());
        }));
  }
  return {};
}

}  // namespace latchkey::admin

// Account management routes for the signed-in user: update-user,
// list-accounts, delete-user (with its mailed confirmation).
#ifndef LK_FEATURES_ACCOUNT_ACCOUNT_FEATURE_H_
#define LK_FEATURES_ACCOUNT_ACCOUNT_FEATURE_H_

#include "features/account/routes/delete_user.h"
#include "features/email_password/password_hasher.h"
#include "features/feature.h"
#include "features/sessions/session_service.h"

namespace latchkey::account {

class AccountFeature final : public Feature {
 public:
  AccountFeature(const Services& services, const sessions::SessionService& sessions,
                 const email_password::PasswordHasher& hasher, MailQueue& mail,
                 const TrustedOrigins& trusted, CredentialGuard* guard = nullptr)
      : services_(services), sessions_(sessions), delete_deps_{services, sessions, hasher,
                                                               mail,     trusted,  guard} {}
  std::string_view id() const override { return "account"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  const Services& services_;
  const sessions::SessionService& sessions_;
  DeleteDeps delete_deps_;
  const platform::Hooks* hooks_ = nullptr;  // set by Register()
};

}  // namespace latchkey::account

#endif  // LK_FEATURES_ACCOUNT_ACCOUNT_FEATURE_H_

// Account management routes for the signed-in user (update-user now;
// change-password, change-email, delete-user and list-accounts later).
#ifndef LK_FEATURES_ACCOUNT_ACCOUNT_FEATURE_H_
#define LK_FEATURES_ACCOUNT_ACCOUNT_FEATURE_H_

#include "features/email_password/password_hasher.h"
#include "features/feature.h"
#include "features/sessions/session_service.h"

namespace latchkey::account {

class AccountFeature final : public Feature {
 public:
  AccountFeature(const sessions::SessionService& sessions,
                 const email_password::PasswordHasher& hasher)
      : sessions_(sessions), hasher_(hasher) {}
  std::string_view id() const override { return "account"; }
  std::span<const std::string_view> DependsOn() const override;
  Result<void> RegisterRoutes(http::Router& router) override;

 private:
  const sessions::SessionService& sessions_;
  const email_password::PasswordHasher& hasher_;
};

}  // namespace latchkey::account

#endif  // LK_FEATURES_ACCOUNT_ACCOUNT_FEATURE_H_

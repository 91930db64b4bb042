// Account management routes for the signed-in user (update-user now;
// change-password, change-email, delete-user and list-accounts later).
#ifndef LK_FEATURES_ACCOUNT_ACCOUNT_FEATURE_H_
#define LK_FEATURES_ACCOUNT_ACCOUNT_FEATURE_H_

#include "features/feature.h"
#include "features/sessions/session_service.h"

namespace latchkey::account {

class AccountFeature final : public Feature {
 public:
  explicit AccountFeature(const sessions::SessionService& sessions) : sessions_(sessions) {}
  std::string_view id() const override { return "account"; }
  std::span<const std::string_view> DependsOn() const override;
  Result<void> RegisterRoutes(http::Router& router) override;

 private:
  const sessions::SessionService& sessions_;
};

}  // namespace latchkey::account

#endif  // LK_FEATURES_ACCOUNT_ACCOUNT_FEATURE_H_

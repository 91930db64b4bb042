// Users and accounts: the tables every sign-in method writes to. No routes of
// its own; `account` (profile routes) and `email_password` build on it.
#ifndef LK_FEATURES_USERS_USERS_FEATURE_H_
#define LK_FEATURES_USERS_USERS_FEATURE_H_

#include "features/feature.h"

namespace latchkey::users {

class UsersFeature final : public Feature {
 public:
  std::string_view id() const override { return "users"; }
  std::span<const store::Migration> Migrations() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> RegisterRoutes(platform::RouteTable&) override { return {}; }
};

}  // namespace latchkey::users

#endif  // LK_FEATURES_USERS_USERS_FEATURE_H_

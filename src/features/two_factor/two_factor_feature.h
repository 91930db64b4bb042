// Better Auth's twoFactor plugin (docs/api.md "Two-factor authentication",
// docs/operations.md): TOTP authenticators with recovery codes, codes by
// mail, trusted devices. Built on the platform's hooks: the sign-in gate is
// an after-first-factor hook, twoFactorEnabled a user field, the trust
// cookie's rotation a sign-in-response hook, and trusted devices die with a
// revoke-all (sessions-revoked hook).
#ifndef LK_FEATURES_TWO_FACTOR_TWO_FACTOR_FEATURE_H_
#define LK_FEATURES_TWO_FACTOR_TWO_FACTOR_FEATURE_H_

#include "features/feature.h"
#include "features/two_factor/two_factor_service.h"

namespace latchkey::two_factor {

class TwoFactorFeature final : public Feature {
 public:
  explicit TwoFactorFeature(TwoFactorDeps deps) : service_(std::move(deps)) {}
  std::string_view id() const override { return "two-factor"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  TwoFactorService service_;
};

}  // namespace latchkey::two_factor

#endif  // LK_FEATURES_TWO_FACTOR_TWO_FACTOR_FEATURE_H_

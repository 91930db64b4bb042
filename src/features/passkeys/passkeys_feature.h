// Better Auth's passkey plugin (docs/api.md "Passkeys", docs/operations.md
// "Passkeys"): WebAuthn registration and sign-in, our own relying party
// (crypto/webauthn), and passkey management. Sign-in goes through the
// common sign-in path, so the platform's hooks (two-factor, last login
// method, later bans) apply.
#ifndef LK_FEATURES_PASSKEYS_PASSKEYS_FEATURE_H_
#define LK_FEATURES_PASSKEYS_PASSKEYS_FEATURE_H_

#include "features/feature.h"
#include "features/passkeys/passkey_service.h"

namespace latchkey::passkeys {

class PasskeysFeature final : public Feature {
 public:
  explicit PasskeysFeature(PasskeyDeps deps) : service_(std::move(deps)) {}
  std::string_view id() const override { return "passkeys"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  PasskeyService service_;
};

}  // namespace latchkey::passkeys

#endif  // LK_FEATURES_PASSKEYS_PASSKEYS_FEATURE_H_

// E-mail and password sign-up and sign-in (Better Auth core emailAndPassword).
#ifndef LK_FEATURES_EMAIL_PASSWORD_EMAIL_PASSWORD_FEATURE_H_
#define LK_FEATURES_EMAIL_PASSWORD_EMAIL_PASSWORD_FEATURE_H_

#include "features/email_password/password_hasher.h"
#include "features/email_password/routes/credential_routes.h"
#include "features/feature.h"
#include "features/sessions/session_service.h"

namespace latchkey::email_password {

class EmailPasswordFeature final : public Feature {
 public:
  explicit EmailPasswordFeature(CredentialDeps deps) : deps_(std::move(deps)) {}
  std::string_view id() const override { return "email-password"; }
  std::span<const std::string_view> DependsOn() const override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  CredentialDeps deps_;
};

}  // namespace latchkey::email_password

#endif  // LK_FEATURES_EMAIL_PASSWORD_EMAIL_PASSWORD_FEATURE_H_

// The abuse feature's own route: POST /password/check, the sign-up form's
// strength meter (zxcvbn score and feedback, breach status). The guard
// itself is wired into the pipeline and the credential routes by app/.
#ifndef LK_FEATURES_ABUSE_ABUSE_FEATURE_H_
#define LK_FEATURES_ABUSE_ABUSE_FEATURE_H_

#include "features/abuse/abuse_guard.h"
#include "features/abuse/abuse_settings.h"
#include "features/email_password/email_password_settings.h"
#include "features/feature.h"

namespace latchkey::abuse {

class AbuseFeature final : public Feature {
 public:
  // The password length cap is email_password's setting, read once here.
  AbuseFeature(const Services& services, AbuseGuard& guard)
      : guard_(guard),
        settings_(services.config.Get<AbuseSettings>()),
        max_password_length_(
            services.config.Get<email_password::EmailPasswordSettings>().max_password_length) {}
  std::string_view id() const override { return "abuse"; }
  std::span<const ErrorInfo> Errors() const override;
  // Offers admin's "unlock" account operation; tells the hosted pages about
  // the CAPTCHA widget (captcha_widget.h).
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  AbuseGuard& guard_;
  const AbuseSettings settings_;
  const int max_password_length_;
};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_ABUSE_FEATURE_H_

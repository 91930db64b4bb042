// The abuse feature's own route: POST /password/check, the sign-up form's
// strength meter (zxcvbn score and feedback, breach status). The guard
// itself is wired into the pipeline and the credential routes by app/.
#ifndef LK_FEATURES_ABUSE_ABUSE_FEATURE_H_
#define LK_FEATURES_ABUSE_ABUSE_FEATURE_H_

#include "features/abuse/abuse_guard.h"
#include "features/feature.h"

namespace latchkey::abuse {

class AbuseFeature final : public Feature {
 public:
  explicit AbuseFeature(AbuseGuard& guard) : guard_(guard) {}
  std::string_view id() const override { return "abuse"; }
  std::span<const ErrorInfo> Errors() const override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  AbuseGuard& guard_;
};

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_ABUSE_FEATURE_H_

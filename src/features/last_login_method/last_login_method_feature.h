// Better Auth's lastLoginMethod plugin (docs/api.md "Last login method"):
// after every sign-in, a cookie the app's own pages can read names how the
// user signed in, and the user JSON (get-session, sign-in answers, JWTs)
// carries `lastLoginMethod`. Built only on the platform's hooks: it is the
// worked example of docs/design.md "Adding a capability".
#ifndef LK_FEATURES_LAST_LOGIN_METHOD_LAST_LOGIN_METHOD_FEATURE_H_
#define LK_FEATURES_LAST_LOGIN_METHOD_LAST_LOGIN_METHOD_FEATURE_H_

#include <optional>
#include <string>
#include <string_view>

#include "features/feature.h"
#include "features/last_login_method/last_login_method_settings.h"

namespace latchkey::last_login_method {

// The method Better Auth's plugin reports for a sign-in flow's method, or
// nullopt for flows that are not a sign-in of their own (a password change
// replacing the session keeps the last method).
std::optional<std::string_view> ReportedMethod(std::string_view flow_method);

class LastLoginMethodFeature final : public Feature {
 public:
  explicit LastLoginMethodFeature(const Services& services)
      : services_(services), settings_(services.config.Get<LastLoginMethodSettings>()) {}
  std::string_view id() const override { return "last-login-method"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override;
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable&) override { return {}; }

 private:
  const Services& services_;
  const LastLoginMethodSettings settings_;
};

}  // namespace latchkey::last_login_method

#endif  // LK_FEATURES_LAST_LOGIN_METHOD_LAST_LOGIN_METHOD_FEATURE_H_

#include "features/two_factor/two_factor_settings.h"

namespace latchkey::two_factor {

settings::Table TwoFactorSettingsTable() {
  using S = TwoFactorSettings;
  return settings::SettingsTable<S>("two_factor", "Two-factor authentication")
      .Add("two_factor", &S::two_factor,
           "Better Auth's twoFactor plugin: TOTP, recovery codes, trusted devices; see "
           "[operations](docs/operations.md#two-factor-authentication)")
      .Add("two_factor_issuer", &S::two_factor_issuer,
           "the issuer authenticator apps show beside the account")
      .DefaultShown("`product_name`")
      .Add("two_factor_otp", &S::two_factor_otp,
           "one-time codes by mail as a second factor (method `otp`)")
      .Int("two_factor_trust_days", &S::two_factor_trust_days, 1, 400,
           "how long a trusted device skips the second factor, days")
      .Build();
}

}  // namespace latchkey::two_factor

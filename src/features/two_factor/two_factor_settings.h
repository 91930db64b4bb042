// The two-factor feature's configuration keys (docs/design.md "Settings",
// docs/operations.md "Two-factor authentication").
#ifndef LK_FEATURES_TWO_FACTOR_TWO_FACTOR_SETTINGS_H_
#define LK_FEATURES_TWO_FACTOR_TWO_FACTOR_SETTINGS_H_

#include <string>

#include "core/settings.h"

namespace latchkey::two_factor {

struct TwoFactorSettings {
  bool two_factor = true;         // the routes and the sign-in challenge
  std::string two_factor_issuer;  // otpauth issuer; empty = product_name
  bool two_factor_otp = false;    // codes by mail ("otp"), as Better Auth's sendOTP
  int two_factor_trust_days = 30;
};

settings::Table TwoFactorSettingsTable();

}  // namespace latchkey::two_factor

#endif  // LK_FEATURES_TWO_FACTOR_TWO_FACTOR_SETTINGS_H_

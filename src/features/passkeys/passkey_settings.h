// The passkeys feature's configuration keys (docs/design.md "Settings",
// docs/operations.md "Passkeys").
#ifndef LK_FEATURES_PASSKEYS_PASSKEY_SETTINGS_H_
#define LK_FEATURES_PASSKEYS_PASSKEY_SETTINGS_H_

#include <string>
#include <vector>

#include "core/settings.h"

namespace latchkey::passkeys {

struct PasskeySettings {
  bool passkey = true;
  std::string passkey_rp_id;                            // empty: the base URL's host
  std::string passkey_rp_name;                          // empty: product_name
  std::vector<std::string> passkey_origins;             // empty: base URL origin + trusted origins
  std::string passkey_user_verification = "preferred";  // required | preferred | discouraged
  std::string passkey_resident_key = "preferred";       // required | preferred | discouraged
  std::string passkey_authenticator_attachment;         // "", platform, cross-platform
  std::string passkey_attestation = "none";             // none | indirect | direct
  // A signature counter that went backwards (a cloned authenticator?):
  // `refuse` (Better Auth's) or `flag` (audit it, sign in anyway).
  std::string passkey_counter_regression = "refuse";
};

settings::Table PasskeySettingsTable();

}  // namespace latchkey::passkeys

#endif  // LK_FEATURES_PASSKEYS_PASSKEY_SETTINGS_H_

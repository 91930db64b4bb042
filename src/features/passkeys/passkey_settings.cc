#include "features/passkeys/passkey_settings.h"

namespace latchkey::passkeys {

settings::Table PasskeySettingsTable() {
  using S = PasskeySettings;
  return settings::SettingsTable<S>("passkeys", "Passkeys")
      .Add("passkey", &S::passkey,
           "Better Auth's passkey plugin (WebAuthn); see "
           "[operations](docs/operations.md#passkeys)")
      .Add("passkey_rp_id", &S::passkey_rp_id,
           "the relying party ID: the domain passkeys are bound to (changing it orphans them)")
      .DefaultShown("the host of `base_url`")
      .Add("passkey_rp_name", &S::passkey_rp_name, "the name authenticators show")
      .DefaultShown("`product_name`")
      .Add("passkey_origins", &S::passkey_origins,
           "origins a ceremony may come from (comma list, exact)")
      .DefaultShown("the origin of `base_url` and `trusted_origins`")
      .Add("passkey_user_verification", &S::passkey_user_verification,
           "`required`, `preferred` or `discouraged`; `required` refuses assertions without it")
      .Add("passkey_resident_key", &S::passkey_resident_key,
           "discoverable credentials: `required`, `preferred` or `discouraged`")
      .Add("passkey_authenticator_attachment", &S::passkey_authenticator_attachment,
           "`platform` or `cross-platform`; empty: any (a request's `authenticatorAttachment` "
           "wins)")
      .Add("passkey_attestation", &S::passkey_attestation,
           "attestation conveyance asked for: `none`, `indirect` or `direct`")
      .Add("passkey_counter_regression", &S::passkey_counter_regression,
           "a signature counter that went backwards: `refuse` or `flag` (audited either way)")
      .Build();
}

}  // namespace latchkey::passkeys

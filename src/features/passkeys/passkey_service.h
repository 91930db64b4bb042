// What the passkey routes share (docs/api.md "Passkeys"): the relying party
// as configured, the ceremony cookie (`better-auth.better-auth-passkey`, a
// signed 32-character id, 5 minutes) and its single-use challenge row, and
// the audit-and-mail notice of every change.
// Thread-safety: immutable after construction; safe to share.
#ifndef LK_FEATURES_PASSKEYS_PASSKEY_SERVICE_H_
#define LK_FEATURES_PASSKEYS_PASSKEY_SERVICE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "crypto/webauthn/webauthn.h"
#include "features/common/mail_queue.h"
#include "features/passkeys/passkey_settings.h"
#include "features/passkeys/passkey_store.h"
#include "features/platform/hooks.h"
#include "features/services.h"
#include "features/sessions/known_devices.h"
#include "features/sessions/session_service.h"
#include "features/sessions/sign_in_flow.h"

namespace latchkey::passkeys {

inline constexpr TimeMs kCeremonyLifeMs = 5LL * 60 * 1000;  // the cookie's Max-Age 300
inline constexpr int kTimeoutMs = 60'000;                   // the options' timeout

struct PasskeyDeps {
  const Services& services;
  const sessions::SessionService& sessions;
  const sessions::SignInFlow& sign_in;
  const platform::Hooks& hooks;
  const sessions::KnownDevices& devices;
  MailQueue& mail;
  PasskeySettings settings = services.config.Get<PasskeySettings>();
};

// The relying party a configuration describes: RP ID (default the base
// URL's host), name, origins (default the base URL's origin and the exact
// trusted origins), user verification policy.
crypto::webauthn::RelyingParty RelyingPartyOf(const Config& config,
                                              const PasskeySettings& settings);

class PasskeyService {
 public:
  explicit PasskeyService(PasskeyDeps deps);

  const PasskeyDeps& deps() const { return deps_; }
  const PasskeySettings& settings() const { return deps_.settings; }
  const crypto::webauthn::RelyingParty& rp() const { return rp_; }
  const std::string& rp_name() const { return rp_name_; }
  TimeMs Now() const { return deps_.services.clock.NowMs(); }

  // Stores a new ceremony's challenge and sets the cookie naming it.
  Result<void> BeginCeremony(const CeremonyChallenge& challenge, http::Response& response) const;
  // The request's ceremony, consumed. Errors: CHALLENGE_NOT_FOUND (400)
  // without a cookie, with a forged, spent or expired one, or of another kind.
  Result<CeremonyChallenge> TakeCeremony(const http::Request& request, std::string_view kind) const;

  // How a passkey ceremony authenticated (RFC 8176, sessions::Session::amr;
  // docs/permissions.md "Second factor"): "swk" for a synced passkey
  // (backup eligible), "hwk" for a device-bound one, "user" for the presence
  // test, and "mfa" when the authenticator verified the user (its PIN or
  // biometric on top of holding the key).
  static std::vector<std::string> Amr(bool backup_eligible, bool user_verified);

  // One audit event and a mail to the owner, in tx.
  Result<void> Announce(store::Transaction& tx, const http::Request& request,
                        const users::User& user, std::string_view session_id, std::string_view type,
                        const std::string& details_json, std::string subject,
                        std::string paragraph) const;

 private:
  PasskeyDeps deps_;
  crypto::webauthn::RelyingParty rp_;
  std::string rp_name_;
};

}  // namespace latchkey::passkeys

#endif  // LK_FEATURES_PASSKEYS_PASSKEY_SERVICE_H_

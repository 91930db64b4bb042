// What the two-factor routes and hooks share (docs/operations.md
// "Two-factor authentication"): the sign-in gate, trusted devices, the
// session rotation after 2FA is turned on or off, password re-checks, and
// the audit-and-mail notice every change sends the owner.
// Thread-safety: immutable after construction; safe to share.
#ifndef LK_FEATURES_TWO_FACTOR_TWO_FACTOR_SERVICE_H_
#define LK_FEATURES_TWO_FACTOR_TWO_FACTOR_SERVICE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "features/common/credential_guard.h"
#include "features/common/mail_queue.h"
#include "features/email_password/password_hasher.h"
#include "features/platform/hooks.h"
#include "features/services.h"
#include "features/sessions/known_devices.h"
#include "features/sessions/session_service.h"
#include "features/sessions/sign_in_flow.h"
#include "features/two_factor/two_factor_keys.h"
#include "features/two_factor/two_factor_settings.h"
#include "features/two_factor/two_factor_store.h"

namespace latchkey::two_factor {

inline constexpr TimeMs kChallengeLifeMs = 10LL * 60 * 1000;  // the two_factor cookie's 600 s
inline constexpr TimeMs kChallengeLockMs = 5LL * 60 * 1000;
inline constexpr int kChallengeMaxFailures = 5;
inline constexpr TimeMs kOtpLifeMs = 3LL * 60 * 1000;
inline constexpr int kOtpMaxAttempts = 5;
// The QR code of a new authenticator is served this long after enable.
inline constexpr TimeMs kPendingSetupMs = 10LL * 60 * 1000;
// SignInFlow method of a session replaced because 2FA was turned on or off:
// not a sign-in (last-login-method ignores it).
inline constexpr std::string_view kRotationMethod = "session-rotation";

struct TwoFactorDeps {
  const Services& services;
  const sessions::SessionService& sessions;
  const sessions::SignInFlow& sign_in;
  const platform::Hooks& hooks;
  const email_password::PasswordHasher& hasher;
  const sessions::KnownDevices& devices;
  MailQueue& mail;
  CredentialGuard* guard = nullptr;  // lockouts; null = none (tests)
  TwoFactorSettings settings = services.config.Get<TwoFactorSettings>();
};

// A notice: one audit event and, when `subject` is set, a mail to the owner.
struct Notice {
  std::string_view type;  // "two_factor.enabled"
  std::string details_json = "{}";
  std::string subject;  // empty: audit only
  std::vector<std::string> paragraphs;
};

class TwoFactorService {
 public:
  explicit TwoFactorService(TwoFactorDeps deps)
      : deps_(std::move(deps)), keys_(deps_.services.config) {}

  const TwoFactorDeps& deps() const { return deps_; }
  const TwoFactorKeys& keys() const { return keys_; }
  const TwoFactorSettings& settings() const { return deps_.settings; }
  TimeMs Now() const { return deps_.services.clock.NowMs(); }

  // The platform's after-first-factor hook: a user with 2FA on gets the
  // challenge ({"twoFactorRedirect":true,…} and the two_factor cookie)
  // instead of a session, unless the browser holds a live trust cookie.
  Result<std::optional<http::Response>> Gate(const platform::SignInEvent& event) const;
  // The sign-in-response hook: a trusted sign-in swaps its trust cookie for
  // a new one (the old one dies), so a copied cookie works at most once.
  void RotateTrust(const platform::SessionCreatedEvent& event, http::Response& response) const;
  // twoFactorEnabled on every user JSON.
  Result<void> AddUserFields(store::Transaction& tx, users::User& user) const;

  // "totp" when an authenticator is proven, "otp" when mailed codes are on.
  std::vector<std::string_view> Methods(const TwoFactorState& state) const;

  // Re-checks the signed-in user's password (setup routes), under the
  // password lockout. Errors: INVALID_PASSWORD (400, also without a
  // password); 429 from the guard.
  Result<void> CheckPassword(const http::Request& request, const users::User& user,
                             const std::string& password) const;

  // Replaces the caller's session (2FA turned on or off), in tx; the new one
  // keeps the old one's amr plus `proven` (RFC 8176 values just proven).
  Result<sessions::Session> RotateSession(store::Transaction& tx, const http::Request& request,
                                          const sessions::SessionWithUser& caller,
                                          std::vector<std::string> proven = {}) const;
  Result<void> SetRotatedCookies(const http::Request& request, const users::User& user,
                                 const sessions::Session& session, http::Response& response) const;

  // Audit event (and mail) in tx.
  Result<void> Announce(store::Transaction& tx, const http::Request& request,
                        const users::User& user, std::string_view session_id,
                        const Notice& notice) const;

  // otpauth://totp/<issuer>:<email>?secret=…&issuer=…&digits=6&period=30
  std::string TotpUri(const std::optional<std::string>& issuer, std::string_view email,
                      std::string_view key) const;

  // The challenge id the request's two_factor cookie carries (signature checked).
  std::optional<std::string> ChallengeId(const http::Request& request) const;
  void SetChallengeCookie(http::Response& response, std::string_view id) const;
  void ExpireCookie(http::Response& response, std::string_view key) const;
  // The live trust id of `user_id` the request's trust cookie names.
  Result<std::optional<std::string>> TrustedDevice(store::Transaction& tx,
                                                   const http::Request& request,
                                                   const std::string& user_id) const;
  // Trusts a new device for `user_id`: returns the cookie value.
  Result<std::string> NewTrust(store::Transaction& tx, const std::string& user_id) const;
  void SetTrustCookie(http::Response& response, const std::string& value) const;

 private:
  std::optional<std::string> SignedCookie(const http::Request& request, std::string_view key) const;

  TwoFactorDeps deps_;
  TwoFactorKeys keys_;
};

}  // namespace latchkey::two_factor

#endif  // LK_FEATURES_TWO_FACTOR_TWO_FACTOR_SERVICE_H_

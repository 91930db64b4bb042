// What the social routes share (docs/social.md): the configured providers,
// the flow's state (a row keyed by the state's hash plus the signed `state`
// cookie binding it to the browser, 10 minutes, single use), the sealing of
// stored provider tokens, and where the callback sends the browser.
// Thread-safety: immutable after construction (providers cache their own
// endpoints and keys under a lock).
#ifndef LK_FEATURES_SOCIAL_SOCIAL_SERVICE_H_
#define LK_FEATURES_SOCIAL_SOCIAL_SERVICE_H_

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "core/trusted_origins.h"
#include "crypto/keyring.h"
#include "features/platform/hooks.h"
#include "features/services.h"
#include "features/sessions/known_devices.h"
#include "features/sessions/session_service.h"
#include "features/sessions/sign_in_flow.h"
#include "features/social/provider.h"
#include "features/social/social_settings.h"
#include "features/social/social_store.h"

namespace latchkey::social {

inline constexpr TimeMs kStateLifeMs = 10LL * 60 * 1000;
inline constexpr std::string_view kStateCookieKey = "state";

struct SocialDeps {
  const Services& services;
  const sessions::SessionService& sessions;
  const sessions::SignInFlow& sign_in;
  const platform::Hooks& hooks;
  const sessions::KnownDevices& devices;
  const TrustedOrigins& trusted;
  SocialSettings settings = services.config.Get<SocialSettings>();
};

// The flow's state as stored with it.
struct FlowState {
  std::string provider_id;
  std::string callback_url;
  std::string error_url;     // empty: the hosted error page
  std::string new_user_url;  // empty: callback_url
  std::string code_verifier;
  std::string nonce;
  std::string link_user_id;  // set: link-social for this user
  bool request_sign_up = false;
};

class SocialService {
 public:
  explicit SocialService(SocialDeps deps);

  const SocialDeps& deps() const { return deps_; }
  const SocialSettings& settings() const { return deps_.settings; }
  TimeMs Now() const { return deps_.services.clock.NowMs(); }
  // nullptr when `id` is not configured.
  const Provider* Find(const std::string& id) const;
  bool Trusted(const std::string& provider_id) const;

  // <base URL>/api/auth/callback/<id>
  std::string RedirectUri(const std::string& provider_id) const;
  // The origin of base_url, the default callbackURL.
  const std::string& BaseOrigin() const { return deps_.trusted.base_origin(); }

  // Stores the state, sets the cookie; returns the authorize URL.
  Result<std::string> Begin(const Provider& provider, const FlowState& flow,
                            const std::optional<std::string>& login_hint,
                            const std::vector<std::string>& extra_scopes,
                            http::Response& response) const;
  // The flow named by `state` if the browser's cookie carries the same state;
  // consumed either way. Errors: state_mismatch / state_not_found as
  // Error::detail (kInvalidArgument).
  Result<FlowState> Take(const http::Request& request, const std::string& state) const;
  // Expires the state cookie.
  void ClearStateCookie(http::Response& response) const;

  // Sealed for `account_row_id` and `column` (empty stays empty).
  Result<std::string> Seal(std::string_view account_row_id, std::string_view column,
                           std::string_view value) const;
  Result<std::string> Open(std::string_view account_row_id, std::string_view column,
                           std::string_view stored) const;
  // As Open(), with the index of the secret that sealed it (0: the current
  // one; more: a previous one, to reseal).
  Result<crypto::Keyring::Opened> OpenSealed(std::string_view account_row_id,
                                             std::string_view column,
                                             std::string_view stored) const;
  // Reseals, under the current secret, the stored tokens that open only
  // under a previous one (docs/social.md "Tokens"), so that secret can be
  // dropped from previous_secrets: run at start, like the JWT keys' reseal.
  // Each row is replaced only while it still holds what was read. Returns
  // how many rows it resealed. Errors: as the store.
  Result<std::size_t> ResealUnderCurrentSecret() const;
  Result<social_store::StoredTokens> SealTokens(std::string_view account_row_id,
                                                const TokenSet& tokens,
                                                const std::string& profile) const;

 private:
  SocialDeps deps_;
  std::map<std::string, std::unique_ptr<Provider>> providers_;
  crypto::Keyring keyring_;
};

// The URL a browser lands on after an error: `base` (an errorCallbackURL,
// or the hosted error page) with error=<code>.
std::string ErrorUrl(const std::string& base, std::string_view code);

}  // namespace latchkey::social

#endif  // LK_FEATURES_SOCIAL_SOCIAL_SERVICE_H_

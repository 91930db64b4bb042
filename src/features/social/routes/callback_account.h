// What the callback does once the provider has said who the user is
// (docs/social.md "Linking rules"):
//   * the provider's account is linked already: its user signs in;
//   * else a user has the same e-mail: the account links to it by itself
//     only when the provider is in trusted_providers, says the e-mail is
//     verified, and the local e-mail is verified too (an unverified local
//     account may be someone's pre-registration: the pre-account-takeover
//     class); otherwise account_not_linked, and the user must sign in and
//     link explicitly;
//   * else a new user (unless the provider's disable_sign_up).
// And the explicit link (link-social) of a signed-in user.
#ifndef LK_FEATURES_SOCIAL_ROUTES_CALLBACK_ACCOUNT_H_
#define LK_FEATURES_SOCIAL_ROUTES_CALLBACK_ACCOUNT_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "features/social/social_service.h"

namespace latchkey::social {

struct Arrival {
  const http::Request& request;
  const SocialService& service;
  const Provider& provider;
  const FlowState& flow;
  const TokenSet& tokens;
  const Profile& profile;
};

struct SignInOutcome {
  std::string refusal;  // a callback error code; empty: signed in
  std::string user_id;
  bool is_new = false;
  std::optional<http::Response> instead;  // a hook's answer (two-factor)
  // Sets the session's cookies on the final answer.
  std::function<Result<void>(http::Response&)> finish;
  std::shared_ptr<users::User> user;  // as signed in, with the features' fields
  std::shared_ptr<sessions::Session> session;
};

// Errors: as the store.
Result<SignInOutcome> SignInWithAccount(const Arrival& arrival);
// "" when linked, else the callback error code. Errors: as the store.
Result<std::string> LinkAccount(const Arrival& arrival);

}  // namespace latchkey::social

#endif  // LK_FEATURES_SOCIAL_ROUTES_CALLBACK_ACCOUNT_H_

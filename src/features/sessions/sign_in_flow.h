// The one path by which every way of signing in (password, e-mail link,
// sign-up's automatic sign-in, and later passkeys, social accounts, magic
// links) turns a proven user into a session (docs/design.md "Signing in").
// Three steps, always in this order:
//   1. AfterFirstFactor(): outside any transaction; a hook (two-factor) may
//      answer instead of a session, and the caller returns that answer.
//   2. StartSession(): inside the caller's transaction, beside whatever the
//      method writes (a rehashed password, a verified address, the audit
//      event); runs the session-created hooks.
//   3. SetCookies(): after commit, on the method's answer: the session
//      cookies, the browser's multi-session cookie, the sign-in response
//      hooks.
// Each sign-in attempt is counted once (latchkey_sign_in_attempts_total,
// docs/design.md "Signing in"): AfterFirstFactor() counts the attempts a
// hook answered (two_factor_required); the method's route counts its own
// session (Succeeded(), after commit) and passes its answer through
// Refused(), which counts an error by its outcome.
// Thread-safety: immutable after construction.
#ifndef LK_FEATURES_SESSIONS_SIGN_IN_FLOW_H_
#define LK_FEATURES_SESSIONS_SIGN_IN_FLOW_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "features/platform/activity.h"
#include "features/platform/hooks.h"
#include "features/sessions/session_service.h"

namespace latchkey::sessions {

struct SignInAttempt {
  const http::Request& request;
  const users::User& user;
  std::string_view method;  // "email", "email-verification", "sign-up", …
  bool remember = true;
  // How the user proved who they are (RFC 8176, Session::amr); empty: what
  // `method` implies (AmrForMethod).
  std::vector<std::string> amr = {};
};

// The amr a first factor implies: "email"/"sign-up" → pwd, "passkey" → swk,
// "email-verification" → email (an unregistered value, docs/permissions.md
// "Second factor"); others → none.
std::vector<std::string> AmrForMethod(std::string_view method);

class SignInFlow {
 public:
  SignInFlow(const SessionService& sessions, const platform::Hooks& hooks,
             const platform::Activity& activity)
      : sessions_(sessions), hooks_(hooks), activity_(activity) {}

  // Step 1. nullopt: go on to StartSession(); an answer is counted as
  // two_factor_required under the attempt's method. Errors: a hook's.
  Result<std::optional<http::Response>> AfterFirstFactor(const SignInAttempt& attempt) const;
  // Step 2. The new session (its clear token set). Errors: as the store, a hook's.
  Result<Session> StartSession(store::Transaction& tx, const SignInAttempt& attempt) const;
  // Step 3. Errors: as the store.
  Result<void> SetCookies(const SignInAttempt& attempt, const Session& session,
                          http::Response& response) const;

  // Counting, by the sign-in routes only (not sign-up, a password change or
  // a rotation): `method` is "email", "passkey", "two_factor", or a social
  // provider's id (counted as "social").
  // A session was started and committed.
  void Succeeded(std::string_view method) const;
  // Passes `answer` through; an error is counted by its outcome
  // (platform::SignInOutcomeOf).
  Result<http::Response> Refused(std::string_view method, Result<http::Response> answer) const;
  // A refusal that is not an error of the route (a social callback's
  // redirect): `outcome` as platform::Activity lists them.
  void Refused(std::string_view method, std::string_view outcome) const;

 private:
  const SessionService& sessions_;
  const platform::Hooks& hooks_;
  const platform::Activity& activity_;
};

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_SIGN_IN_FLOW_H_

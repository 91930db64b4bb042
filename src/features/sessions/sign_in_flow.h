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
// Thread-safety: immutable after construction.
#ifndef LK_FEATURES_SESSIONS_SIGN_IN_FLOW_H_
#define LK_FEATURES_SESSIONS_SIGN_IN_FLOW_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
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
  SignInFlow(const SessionService& sessions, const platform::Hooks& hooks)
      : sessions_(sessions), hooks_(hooks) {}

  // Step 1. nullopt: go on to StartSession(). Errors: a hook's.
  Result<std::optional<http::Response>> AfterFirstFactor(const SignInAttempt& attempt) const;
  // Step 2. The new session (its clear token set). Errors: as the store, a hook's.
  Result<Session> StartSession(store::Transaction& tx, const SignInAttempt& attempt) const;
  // Step 3. Errors: as the store.
  Result<void> SetCookies(const SignInAttempt& attempt, const Session& session,
                          http::Response& response) const;

 private:
  const SessionService& sessions_;
  const platform::Hooks& hooks_;
};

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_SIGN_IN_FLOW_H_

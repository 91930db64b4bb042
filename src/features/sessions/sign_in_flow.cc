#include "features/sessions/sign_in_flow.h"

namespace latchkey::sessions {

std::vector<std::string> AmrForMethod(std::string_view method) {
  if (method == "email" || method == "sign-up" || method == "change-password") return {"pwd"};
  if (method == "passkey") return {"swk"};
  if (method == "email-verification") return {"email"};
  return {};
}

Result<std::optional<http::Response>> SignInFlow::AfterFirstFactor(
    const SignInAttempt& attempt) const {
  return hooks_.RunAfterFirstFactor(
      {attempt.request, attempt.user, attempt.method, attempt.remember});
}

Result<Session> SignInFlow::StartSession(store::Transaction& tx,
                                         const SignInAttempt& attempt) const {
  const SessionService::NewSession options{
      .remember = attempt.remember,
      .amr = attempt.amr.empty() ? AmrForMethod(attempt.method) : attempt.amr};
  LK_ASSIGN_OR_RETURN(Session session,
                      sessions_.CreateSession(tx, attempt.user.id, options, attempt.request));
  LK_TRY(hooks_.RunSessionCreated(tx, {attempt.request, attempt.user, session, attempt.method}));
  // What features add to the user may have changed with this sign-in
  // (lastLoginMethod): cached sessions of the user reload it.
  if (hooks_.HasUserFields() || hooks_.HasSessionFields()) {
    LK_TRY(sessions_.InvalidateUser(tx, attempt.user.id));
  }
  return session;
}

Result<void> SignInFlow::SetCookies(const SignInAttempt& attempt, const Session& session,
                                    http::Response& response) const {
  sessions_.SetSessionCookies(response, session.token, attempt.remember);
  LK_TRY(
      sessions_.RememberDeviceSession(attempt.request, response, session.token, attempt.user.id));
  // A remembered sign-in ends a "don't remember" choice made earlier.
  if (attempt.remember && sessions_.HasDontRemember(attempt.request)) {
    sessions_.ExpireCookie(response, "dont_remember");
  }
  return hooks_.RunSignInResponse({attempt.request, attempt.user, session, attempt.method},
                                  response);
}

}  // namespace latchkey::sessions

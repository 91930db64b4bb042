#include "features/sessions/sign_in_flow.h"

namespace latchkey::sessions {
namespace {

// The `method` label of a sign-in attempt (platform::Activity): a social
// provider's id counts as "social"; a session started by sign-up, a
// verification link, a password change or a rotation is no attempt ("").
std::string_view CountedMethod(std::string_view method) {
  if (method == "email" || method == "passkey" || method == "two_factor") return method;
  if (method == "sign-up" || method == "email-verification" || method == "change-password" ||
      method == "session-rotation") {
    return {};
  }
  return "social";
}

}  // namespace

std::vector<std::string> AmrForMethod(std::string_view method) {
  if (method == "email" || method == "sign-up" || method == "change-password") return {"pwd"};
  if (method == "passkey") return {"swk"};
  if (method == "email-verification") return {"email"};
  return {};
}

Result<std::optional<http::Response>> SignInFlow::AfterFirstFactor(
    const SignInAttempt& attempt) const {
  auto instead =
      hooks_.RunAfterFirstFactor({attempt.request, attempt.user, attempt.method, attempt.remember});
  // Nothing was written: the second factor comes on another request.
  if (instead && *instead) activity_.SignIn(CountedMethod(attempt.method), "two_factor_required");
  return instead;
}

void SignInFlow::Succeeded(std::string_view method) const {
  activity_.SignIn(CountedMethod(method), "ok");
}

Result<http::Response> SignInFlow::Refused(std::string_view method,
                                           Result<http::Response> answer) const {
  if (!answer) activity_.SignInRefused(CountedMethod(method), answer.error());
  return answer;
}

void SignInFlow::Refused(std::string_view method, std::string_view outcome) const {
  activity_.SignIn(CountedMethod(method), outcome);
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

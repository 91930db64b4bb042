#include "features/platform/hooks.h"

namespace latchkey::platform {
namespace {

template <typename Hook, typename... Args>
Result<void> RunAll(const std::vector<Hook>& hooks, Args&&... args) {
  for (const Hook& hook : hooks) LK_TRY(hook(args...));
  return {};
}

}  // namespace

Result<std::optional<http::Response>> Hooks::RunAfterFirstFactor(const SignInEvent& event) const {
  for (const AfterFirstFactor& hook : after_first_factor_) {
    LK_ASSIGN_OR_RETURN(std::optional<http::Response> answer, hook(event));
    if (answer) return answer;
  }
  return std::optional<http::Response>();
}

Result<void> Hooks::RunSessionCreated(store::Transaction& tx,
                                      const SessionCreatedEvent& event) const {
  return RunAll(session_created_, tx, event);
}

Result<void> Hooks::RunSignInResponse(const SessionCreatedEvent& event,
                                      http::Response& response) const {
  return RunAll(sign_in_response_, event, response);
}

Result<void> Hooks::RunBeforeSignUp(const SignUpEvent& event) const {
  return RunAll(before_sign_up_, event);
}

Result<void> Hooks::RunBeforeUserUpdate(const UserUpdateEvent& event) const {
  return RunAll(before_user_update_, event);
}

Result<void> Hooks::RunAuditRecorded(store::Transaction& tx,
                                     const AuditRecordedEvent& event) const {
  return RunAll(audit_recorded_, tx, event);
}

Result<void> Hooks::RunBeforeLimitedCreate(store::Transaction& tx,
                                           const LimitedCreateEvent& event) const {
  return RunAll(before_limited_create_, tx, event);
}

const Hooks::AccountAction* Hooks::FindAccountAction(std::string_view name) const {
  auto found = account_actions_.find(name);
  return found == account_actions_.end() ? nullptr : &found->second;
}

Result<void> Hooks::RunUserCreated(store::Transaction& tx, const users::User& user) const {
  return RunAll(user_created_, tx, user);
}

Result<void> Hooks::RunUserUpdated(store::Transaction& tx, const users::User& user) const {
  return RunAll(user_updated_, tx, user);
}

Result<void> Hooks::RunUserDeleted(store::Transaction& tx, const users::User& user) const {
  return RunAll(user_deleted_, tx, user);
}

Result<void> Hooks::RunSessionsRevoked(store::Transaction& tx, const std::string& user_id) const {
  return RunAll(sessions_revoked_, tx, user_id);
}

Result<void> Hooks::LoadUserFields(store::Transaction& tx, users::User& user) const {
  return RunAll(user_fields_, tx, user);
}

Result<void> Hooks::LoadSessionFields(store::Transaction& tx,
                                      sessions::SessionWithUser& found) const {
  return RunAll(session_fields_, tx, found);
}

Result<void> Hooks::RunSessionResponse(const sessions::SessionWithUser& found,
                                       http::Response& response) const {
  return RunAll(session_response_, found, response);
}

Result<void> Hooks::RunSessionUsed(const SessionUsedEvent& event) const {
  return RunAll(session_used_, event);
}

void Hooks::LoadTokenClaims(const sessions::SessionWithUser& found,
                            boost::json::object& claims) const {
  for (const TokenClaims& hook : token_claims_) hook(found, claims);
}

}  // namespace latchkey::platform

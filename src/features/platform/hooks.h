// The hook points of the feature platform (docs/design.md "Hook points").
// A feature registers handlers at startup; the feature that owns a flow runs
// them at a fixed point of it, so a new capability (two-factor, passkeys,
// admin, organizations, …) plugs into sign-in, sessions and users without
// editing them.
// Thread-safety: registration only at startup (Feature::Register), before
// requests are served; running concurrently afterwards.
#ifndef LK_FEATURES_PLATFORM_HOOKS_H_
#define LK_FEATURES_PLATFORM_HOOKS_H_

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "features/sessions/session.h"
#include "http/request.h"
#include "http/response.h"
#include "store/store.h"

namespace latchkey::platform {

// A first factor was proven (a password, an e-mailed link, a passkey, a
// social account): the flow is about to start a session.
struct SignInEvent {
  const http::Request& request;
  const users::User& user;
  std::string_view method;  // "email", "email-verification", later "passkey", "social", …
  bool remember = true;
};

// A session was created (inside the transaction that created it).
struct SessionCreatedEvent {
  const http::Request& request;
  const users::User& user;
  const sessions::Session& session;
  std::string_view method;  // as SignInEvent::method; "sign-up" after a sign-up
};

// A session was presented by a request and resolved (from the session cache
// or the store): every use, cookie or bearer, and the refresh flow's
// rotation, which names the session its refresh token belongs to.
struct SessionUsedEvent {
  const http::Request& request;  // client_address and User-Agent of this use
  const sessions::SessionWithUser& found;
  // POST /refresh: the refresh flow may re-bind what a hook keeps about
  // the session (docs/session-binding.md).
  bool refresh = false;
};

// A sign-up that has parsed its input and is about to create the user.
struct SignUpEvent {
  const http::Request& request;
  const boost::json::object& body;  // the whole request body, for fields features own
  std::string_view email;
  std::string_view name;
};

// The signed-in user's own update-user, about to change their account.
struct UserUpdateEvent {
  const http::Request& request;
  const boost::json::object& body;  // the whole request body, for fields features own
  const users::User& user;
};

// An operator's action on one account (docs/permissions.md "Account
// operations"): the admin feature runs it by name inside its transaction,
// which also holds its one audit event.
struct AccountActionEvent {
  const http::Request& request;
  const users::User& user;         // the account acted on
  std::string_view actor_user_id;  // who asked
};

// An audit event was written (docs/audit.md), inside the transaction that
// wrote it: one place every security-relevant action passes through, so a
// feature can follow them all without hooking each flow (webhooks).
struct AuditRecordedEvent {
  std::string_view id;  // the audit_events row's id
  std::int64_t created_at_ms = 0;
  std::string_view type;            // "abuse.account_locked"
  std::string_view outcome;         // "success" | "failure"
  std::string_view user_id;         // "" = none
  std::string_view target_user_id;  // "" = none
  std::string_view session_id;      // "" = none
  std::string_view client_address;  // "" = none (no request)
  std::string_view details_json;    // a JSON object, never a secret
};

// Something a plan limits is about to be created (docs/plans.md): an API
// key, an organization, a member. The feature that creates it runs the hook
// inside its create transaction, after counting what the subject has now.
struct LimitedCreateEvent {
  const http::Request& request;
  std::string_view subject_type;  // "user" | "organization"
  std::string_view subject_id;
  std::string_view limit;    // "api_keys" | "organizations" | "members_per_organization"
  std::int64_t current = 0;  // how many the subject has before this one
};

class Hooks {
 public:
  // After the first factor, before the session: nullopt lets the sign-in go
  // on; a response ends it there instead (two-factor answers
  // {"twoFactorRedirect":true} with its challenge cookie). Errors end it too.
  using AfterFirstFactor = std::function<Result<std::optional<http::Response>>(const SignInEvent&)>;
  // In the session's transaction: record what the feature keeps about it.
  using SessionCreated =
      std::function<Result<void>(store::Transaction&, const SessionCreatedEvent&)>;
  // After commit, on the response that carries the new session's cookies.
  // A hook may rewrite the answer (the OpenID provider continues an
  // authorization); an error replaces it.
  using SignInResponse = std::function<Result<void>(const SessionCreatedEvent&, http::Response&)>;
  // Before a sign-up creates its user; an error refuses the sign-up
  // (admin: FIELD_NOT_ALLOWED for `role`).
  using BeforeSignUp = std::function<Result<void>(const SignUpEvent&)>;
  // Before the user's own update-user changes anything; an error refuses it
  // (admin: FIELD_NOT_ALLOWED for `role`).
  using BeforeUserUpdate = std::function<Result<void>(const UserUpdateEvent&)>;
  // A named account operation a feature offers (two-factor:
  // "reset-two-factor"). Returns what the audit event's details should
  // record (a JSON object). Errors refuse the operation.
  using AccountAction =
      std::function<Result<std::string>(store::Transaction&, const AccountActionEvent&)>;
  // In the transaction that created, updated or deleted the user.
  using UserChanged = std::function<Result<void>(store::Transaction&, const users::User&)>;
  // In the transaction that ended every session of a user (revoke-sessions,
  // a password reset): what a feature keeps per browser dies with them
  // (two-factor: trusted devices).
  using SessionsRevoked = std::function<Result<void>(store::Transaction&, const std::string&)>;
  // Adds a feature's fields to a loaded user (users::User::extra_fields),
  // read from the feature's own tables: they then appear in every user JSON
  // and JWT without users/ knowing them.
  using UserFields = std::function<Result<void>(store::Transaction&, users::User&)>;
  // The same for a loaded session (sessions::Session::extra_fields): an
  // organization's activeOrganizationId, an admin's impersonatedBy.
  using SessionFields =
      std::function<Result<void>(store::Transaction&, sessions::SessionWithUser&)>;
  // On every use of a session (SessionUsedEvent), outside any transaction:
  // an error refuses the request with it. Must be cheap when nothing
  // changes: it runs on every request a session makes (session_binding).
  using SessionUsed = std::function<Result<void>(const SessionUsedEvent&)>;
  // On the get-session answer (jwt: the set-auth-jwt header).
  using SessionResponse =
      std::function<Result<void>(const sessions::SessionWithUser&, http::Response&)>;

  void OnAfterFirstFactor(AfterFirstFactor hook) { after_first_factor_.push_back(std::move(hook)); }
  void OnSessionCreated(SessionCreated hook) { session_created_.push_back(std::move(hook)); }
  void OnSignInResponse(SignInResponse hook) { sign_in_response_.push_back(std::move(hook)); }
  void OnBeforeSignUp(BeforeSignUp hook) { before_sign_up_.push_back(std::move(hook)); }
  void OnBeforeUserUpdate(BeforeUserUpdate hook) { before_user_update_.push_back(std::move(hook)); }
  // One feature per name (a second offer replaces the first).
  void OfferAccountAction(std::string name, AccountAction action) {
    account_actions_[std::move(name)] = std::move(action);
  }
  void OnUserCreated(UserChanged hook) { user_created_.push_back(std::move(hook)); }
  void OnUserUpdated(UserChanged hook) { user_updated_.push_back(std::move(hook)); }
  void OnUserDeleted(UserChanged hook) { user_deleted_.push_back(std::move(hook)); }
  void OnSessionsRevoked(SessionsRevoked hook) { sessions_revoked_.push_back(std::move(hook)); }
  void AddUserFields(UserFields hook) { user_fields_.push_back(std::move(hook)); }
  void AddSessionFields(SessionFields hook) { session_fields_.push_back(std::move(hook)); }
  void OnSessionResponse(SessionResponse hook) { session_response_.push_back(std::move(hook)); }
  void OnSessionUsed(SessionUsed hook) { session_used_.push_back(std::move(hook)); }
  // Claims a feature adds to a session's JWT (the set-auth-jwt header, GET
  // /token), from the loaded session: organizations' activeOrganizationId.
  // Names must differ from the user's fields and the registered claims.
  using TokenClaims = std::function<void(const sessions::SessionWithUser&, boost::json::object&)>;
  void AddTokenClaims(TokenClaims hook) { token_claims_.push_back(std::move(hook)); }
  // In the transaction that wrote an audit event; an error fails the write
  // (and so the action it records).
  using AuditRecorded = std::function<Result<void>(store::Transaction&, const AuditRecordedEvent&)>;
  void OnAuditRecorded(AuditRecorded hook) { audit_recorded_.push_back(std::move(hook)); }
  Result<void> RunAuditRecorded(store::Transaction& tx, const AuditRecordedEvent& event) const;
  // In the transaction that creates a limited thing, before it is written;
  // an error (402 PLAN_LIMIT_REACHED) refuses the creation.
  using BeforeLimitedCreate =
      std::function<Result<void>(store::Transaction&, const LimitedCreateEvent&)>;
  void OnBeforeLimitedCreate(BeforeLimitedCreate hook) {
    before_limited_create_.push_back(std::move(hook));
  }
  Result<void> RunBeforeLimitedCreate(store::Transaction& tx,
                                      const LimitedCreateEvent& event) const;
  bool HasAuditRecordedHooks() const { return !audit_recorded_.empty(); }
  void LoadTokenClaims(const sessions::SessionWithUser& found, boost::json::object& claims) const;

  // The first response a hook gives, or nullopt. Errors: the first hook's.
  Result<std::optional<http::Response>> RunAfterFirstFactor(const SignInEvent& event) const;
  Result<void> RunSessionCreated(store::Transaction& tx, const SessionCreatedEvent& event) const;
  Result<void> RunSignInResponse(const SessionCreatedEvent& event, http::Response& response) const;
  Result<void> RunBeforeSignUp(const SignUpEvent& event) const;
  Result<void> RunBeforeUserUpdate(const UserUpdateEvent& event) const;
  // The action offered under `name`, or null when no enabled feature offers it.
  const AccountAction* FindAccountAction(std::string_view name) const;
  Result<void> RunUserCreated(store::Transaction& tx, const users::User& user) const;
  Result<void> RunUserUpdated(store::Transaction& tx, const users::User& user) const;
  Result<void> RunUserDeleted(store::Transaction& tx, const users::User& user) const;
  Result<void> RunSessionsRevoked(store::Transaction& tx, const std::string& user_id) const;
  Result<void> LoadUserFields(store::Transaction& tx, users::User& user) const;
  Result<void> LoadSessionFields(store::Transaction& tx, sessions::SessionWithUser& found) const;
  Result<void> RunSessionResponse(const sessions::SessionWithUser& found,
                                  http::Response& response) const;
  Result<void> RunSessionUsed(const SessionUsedEvent& event) const;

  bool HasUserFields() const { return !user_fields_.empty(); }
  bool HasSessionFields() const { return !session_fields_.empty(); }
  bool HasSessionUsedHooks() const { return !session_used_.empty(); }
  // update-user reloads the user for these hooks only when one listens.
  bool HasUserUpdatedHooks() const { return !user_updated_.empty(); }

 private:
  std::vector<AfterFirstFactor> after_first_factor_;
  std::vector<SessionCreated> session_created_;
  std::vector<SignInResponse> sign_in_response_;
  std::vector<BeforeSignUp> before_sign_up_;
  std::vector<BeforeUserUpdate> before_user_update_;
  std::map<std::string, AccountAction, std::less<>> account_actions_;
  std::vector<UserChanged> user_created_;
  std::vector<UserChanged> user_updated_;
  std::vector<UserChanged> user_deleted_;
  std::vector<SessionsRevoked> sessions_revoked_;
  std::vector<UserFields> user_fields_;
  std::vector<SessionFields> session_fields_;
  std::vector<SessionResponse> session_response_;
  std::vector<SessionUsed> session_used_;
  std::vector<TokenClaims> token_claims_;
  std::vector<AuditRecorded> audit_recorded_;
  std::vector<BeforeLimitedCreate> before_limited_create_;
};

}  // namespace latchkey::platform

#endif  // LK_FEATURES_PLATFORM_HOOKS_H_

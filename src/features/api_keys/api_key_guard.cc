// Where a key may not stand for its owner, and what ends keys: the route
// middleware (account-management routes, route permissions), the password
// reset's revocation, and the owner's notice of a new key.
#include "features/api_keys/api_key_errors.h"
#include "features/api_keys/api_key_service.h"
#include "features/api_keys/api_key_store.h"
#include "features/change_feed/topics.h"
#include "features/common/base_errors.h"
#include "features/common/mail_layout.h"
#include "http/error_mapping.h"

namespace latchkey::api_keys {

Result<void> ApiKeyService::CheckRoute(const http::Request& request,
                                       const http::RouteSpec& route) const {
  // With api_key_session off the header authenticates nothing: nothing to refuse.
  if (!settings_.api_key_session) return {};
  const bool refused = RouteRefusesKeys(route);
  const Permissions required = RoutePermissions(route);
  if (!refused && required.empty()) return {};
  // The same test as Lookup(): a present, non-empty header is a key the
  // route would authenticate with (it wins over a cookie), so it is what
  // is judged here, valid or not.
  auto header = request.Header(settings_.api_key_header);
  if (!header || header->empty()) return {};
  return refused ? RefuseOnAccountRoute(request) : RequireKeyPermission(request, required);
}

Result<std::optional<platform::Principal>> ApiKeyService::Resolve(
    const http::Request& request, const http::RouteSpec& route) const {
  LK_TRY(CheckRoute(request, route));
  LK_ASSIGN_OR_RETURN(auto found, Authenticate(request));
  if (!found) return std::optional<platform::Principal>();
  std::string key_id = found->session.id;
  return std::optional<platform::Principal>(
      platform::Principal{std::move(*found), platform::CredentialKind::kApiKey, std::move(key_id)});
}

Result<void> ApiKeyService::RefuseOnAccountRoute(const http::Request& request) const {
  std::string hash;
  LK_ASSIGN_OR_RETURN(auto found, Lookup(request, &hash));
  // A known key's attempt is worth an audit row (a stolen key probing the
  // account); an unknown one already failed in Lookup.
  if (found) LK_TRY(Refuse(request, *found, "account_route", false));
  return Fail(MakeError(latchkey::errors::kSessionNotFresh));
}

Result<std::int64_t> ApiKeyService::RevokeOwnerKeys(store::Transaction& tx,
                                                    const std::string& user_id) const {
  if (!settings_.revoke_api_keys_on_password_reset) return 0;
  LK_ASSIGN_OR_RETURN(std::int64_t deleted, DeleteOwnerKeys(tx, user_id));
  // Every node drops the owner's cached keys at commit.
  if (deleted > 0) LK_TRY(feed_.Announce(tx, change_feed::topics::kApiKeyOwner, user_id));
  return deleted;
}

Result<void> ApiKeyService::QueueCreatedNotice(store::Transaction& tx, const http::Request& request,
                                               const users::User& owner, const ApiKey& key) const {
  const std::string agent(request.Header("user-agent").value_or("").substr(0, 200));
  const std::string address = request.client_address.empty() ? "unknown" : request.client_address;
  return mail_.Send(
      tx,
      ComposeMail(services_.config, owner.email,
                  {.subject = "A new API key was created for your account",
                   .greeting_name = owner.name,
                   .before = {"An API key was just created for your account. It acts as "
                              "you wherever your account's session is accepted.",
                              "Name: " + key.name.value_or("(none)") +
                                  "\nWhen: " + FormatIsoTime(key.created_at) + "\nDevice: " +
                                  (agent.empty() ? "unknown" : agent) + "\nAddress: " + address},
                   .after = {"If this was you, there is nothing to do.",
                             settings_.revoke_api_keys_on_password_reset
                                 ? "If it was not you, reset your password: a reset also "
                                   "deletes every API key of the account."
                                 : "If it was not you, delete the key from your account's "
                                   "API keys and change your password."}}));
}

}  // namespace latchkey::api_keys

// The admin routes that manage OAuth clients (docs/oidc.md "Clients"),
// Better Auth's oauth-provider names, RFC 7591 field names; each behind its
// oauth_clients:* permission (docs/permissions.md) and audited once.
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/oidc_provider/client_store.h"
#include "features/oidc_provider/oidc_docs.h"
#include "features/oidc_provider/oidc_errors.h"
#include "features/oidc_provider/oidc_feature.h"
#include "features/platform/route_table.h"
#include "http/body.h"

namespace latchkey::oidc_provider {
namespace {

constexpr http::RouteSpec kCreateRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/oauth2/create-client",
    .auth = http::Auth::kAdmin,
    .summary = "Registers an OAuth client; its secret is in this answer only",
    .permission = "oauth_clients:create",
    .doc = &kClientDoc,
};
constexpr http::RouteSpec kUpdateRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/oauth2/update-client",
    .auth = http::Auth::kAdmin,
    .summary = "Changes an OAuth client's redirect URIs, grants, scopes, name or consent",
    .permission = "oauth_clients:update",
    .doc = &kClientDoc,
};
constexpr http::RouteSpec kDeleteRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/oauth2/delete-client",
    .auth = http::Auth::kAdmin,
    .summary = "Deletes an OAuth client with its codes, consents and tokens",
    .permission = "oauth_clients:delete",
    .doc = &kClientDoc,
};
constexpr http::RouteSpec kListRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/oauth2/list-clients",
    .auth = http::Auth::kAdmin,
    .summary = "Every OAuth client (no secrets)",
    .permission = "oauth_clients:list",
    .doc = &kListClientsDoc,
};
constexpr http::RouteSpec kRotateRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/oauth2/rotate-client-secret",
    .auth = http::Auth::kAdmin,
    .summary = "A new secret for a confidential OAuth client; the old one stops working",
    .permission = "oauth_clients:rotate-secret",
    .doc = &kClientDoc,
};

Error FieldProblem(std::string message) {
  Error error = MakeError(kInvalidClientField);
  error.wire_message = std::move(message);
  return error;
}

Result<std::optional<std::vector<std::string>>> StringList(const boost::json::object& body,
                                                           std::string_view key) {
  const auto* value = body.if_contains(key);
  if (value == nullptr) return std::optional<std::vector<std::string>>();
  if (!value->is_array()) return Fail(FieldProblem(std::string(key) + ": an array of strings"));
  std::vector<std::string> out;
  for (const auto& item : value->as_array()) {
    if (!item.is_string()) return Fail(FieldProblem(std::string(key) + ": an array of strings"));
    out.emplace_back(item.as_string());
  }
  return std::optional(std::move(out));
}

}  // namespace

Result<void> ApplyClientFields(const boost::json::object& body, ClientSpec& spec, bool creating) {
  LK_ASSIGN_OR_RETURN(auto name, http::OptionalString(body, "client_name"));
  if (name) spec.name = *name;
  LK_ASSIGN_OR_RETURN(auto redirects, StringList(body, "redirect_uris"));
  if (redirects) spec.redirect_uris = std::move(*redirects);
  LK_ASSIGN_OR_RETURN(auto logouts, StringList(body, "post_logout_redirect_uris"));
  if (logouts) spec.post_logout_redirect_uris = std::move(*logouts);
  LK_ASSIGN_OR_RETURN(auto grants, StringList(body, "grant_types"));
  if (grants) spec.grant_types = std::move(*grants);
  LK_ASSIGN_OR_RETURN(auto scope, http::OptionalString(body, "scope"));
  if (scope) spec.scopes = SplitScope(*scope);
  LK_ASSIGN_OR_RETURN(auto skip, http::OptionalBool(body, "skip_consent"));
  if (skip) spec.skip_consent = *skip;
  LK_ASSIGN_OR_RETURN(auto format, http::OptionalString(body, "access_token_format"));
  if (format) spec.access_token_format = *format;
  if (creating) {
    LK_ASSIGN_OR_RETURN(auto method, http::OptionalString(body, "token_endpoint_auth_method"));
    if (method && *method != "none" && *method != "client_secret_basic" &&
        *method != "client_secret_post") {
      return Fail(
          FieldProblem("token_endpoint_auth_method: none, client_secret_basic or "
                       "client_secret_post"));
    }
    spec.is_public = method && *method == "none";
  }
  return {};
}

namespace {

std::string IdDetails(std::string_view client_id) {
  std::string details;
  json::ObjectWriter(details).String("clientId", client_id).Close();
  return details;
}

}  // namespace

Result<void> OidcProviderFeature::RegisterClientRoutes(platform::RouteTable& routes) {
  const Clock& clock = services_.clock;
  store::Store& store = services_.store;
  auto audited = [&clock](store::Transaction& tx, const http::Request& req, platform::Call& call,
                          std::string_view type, std::string_view client_id) {
    return audit::RecordInTransaction(tx, clock, req,
                                      {.type = type,
                                       .outcome = audit::kSuccess,
                                       .user_id = call.principal().user().id,
                                       .session_id = call.principal().session().id,
                                       .details_json = IdDetails(client_id)});
  };
  LK_TRY(routes.Add(
      kCreateRoute,
      [&clock, &store, audited](const http::Request& req,
                                platform::Call& call) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(req, /*allow_form=*/false));
        ClientSpec spec;
        LK_TRY(ApplyClientFields(body, spec, /*creating=*/true));
        LK_TRY(NormalizeClientSpec(spec));
        LK_ASSIGN_OR_RETURN(
            CreatedClient created,
            store::InTransaction(store, [&](store::Transaction& tx) -> Result<CreatedClient> {
              LK_ASSIGN_OR_RETURN(CreatedClient made, InsertClient(tx, spec, clock.NowMs()));
              LK_TRY(audited(tx, req, call, "oauth.client_create", made.client.client_id));
              return made;
            }));
        http::Response response = http::Response::Json(ClientJson(created.client, created.secret));
        response.no_store = true;
        return response;
      }));
  LK_TRY(routes.Add(
      kUpdateRoute,
      [&clock, &store, audited](const http::Request& req,
                                platform::Call& call) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(req, /*allow_form=*/false));
        LK_ASSIGN_OR_RETURN(std::string client_id, http::RequiredString(body, "client_id"));
        const auto* update = body.if_contains("update");
        if (update == nullptr || !update->is_object())
          return Fail(FieldProblem("update: an object"));
        LK_ASSIGN_OR_RETURN(
            Client updated,
            store::InTransaction(store, [&](store::Transaction& tx) -> Result<Client> {
              LK_ASSIGN_OR_RETURN(auto existing, FindClient(tx, client_id));
              if (!existing) return Fail(MakeError(kClientNotFound));
              ClientSpec spec{existing->name,
                              existing->redirect_uris,
                              existing->post_logout_redirect_uris,
                              existing->grant_types,
                              existing->scopes,
                              existing->is_public(),
                              existing->skip_consent};
              spec.access_token_format = existing->access_token_format;
              LK_TRY(ApplyClientFields(update->as_object(), spec, /*creating=*/false));
              LK_TRY(NormalizeClientSpec(spec));
              LK_TRY(UpdateClient(tx, client_id, spec, clock.NowMs()));
              LK_TRY(audited(tx, req, call, "oauth.client_update", client_id));
              LK_ASSIGN_OR_RETURN(auto fresh, FindClient(tx, client_id));
              return *fresh;
            }));
        return http::Response::Json(ClientJson(updated));
      }));
  LK_TRY(routes.Add(
      kDeleteRoute,
      [&store, audited](const http::Request& req, platform::Call& call) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(req, /*allow_form=*/false));
        LK_ASSIGN_OR_RETURN(std::string client_id, http::RequiredString(body, "client_id"));
        LK_TRY(store::InTransaction(store, [&](store::Transaction& tx) -> Result<void> {
          LK_ASSIGN_OR_RETURN(bool deleted, DeleteClient(tx, client_id));
          if (!deleted) return Fail(MakeError(kClientNotFound));
          return audited(tx, req, call, "oauth.client_delete", client_id);
        }));
        return http::Response::Json(R"({"success":true})");
      }));
  LK_TRY(routes.Add(
      kListRoute, [&store](const http::Request&, platform::Call&) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto clients, store::InTransaction(store, [&](store::Transaction& tx) {
                              return ListClients(tx);
                            }));
        std::string out = "[";
        for (const Client& client : clients) {
          if (out.size() > 1) out.push_back(',');
          out += ClientJson(client);
        }
        out.push_back(']');
        return http::Response::Json(std::move(out));
      }));
  return routes.Add(
      kRotateRoute,
      [&clock, &store, audited](const http::Request& req,
                                platform::Call& call) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(req, /*allow_form=*/false));
        LK_ASSIGN_OR_RETURN(std::string client_id, http::RequiredString(body, "client_id"));
        LK_ASSIGN_OR_RETURN(
            CreatedClient rotated,
            store::InTransaction(store, [&](store::Transaction& tx) -> Result<CreatedClient> {
              LK_ASSIGN_OR_RETURN(auto secret, RotateClientSecret(tx, client_id, clock.NowMs()));
              if (!secret) return Fail(MakeError(kClientNotFound));
              LK_TRY(audited(tx, req, call, "oauth.client_secret_rotate", client_id));
              LK_ASSIGN_OR_RETURN(auto fresh, FindClient(tx, client_id));
              return CreatedClient{*fresh, *secret};
            }));
        // The new secret is in this answer only.
        http::Response response = http::Response::Json(ClientJson(rotated.client, rotated.secret));
        response.no_store = true;
        return response;
      });
}

}  // namespace latchkey::oidc_provider

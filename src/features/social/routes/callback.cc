// GET|POST /callback/:provider (docs/social.md "The flow"): the state is
// checked against the browser's cookie and used up, the code exchanged with
// the PKCE verifier, the ID token validated, the profile read; then the
// user is found, linked or created (the linking rules in link_rules.h) and
// signed in, all in one transaction, so a failure at any step leaves
// nothing half-written. Every outcome is a redirect: to callbackURL /
// newUserCallbackURL, or to errorCallbackURL (default the hosted error page,
// `<base origin>/error`) with ?error=<code>.
#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/common/validation.h"
#include "features/social/issuer.h"
#include "features/social/provider_json.h"
#include "features/social/routes/callback_account.h"
#include "features/social/routes/social_routes.h"
#include "features/social/social_errors.h"
#include "http/body.h"

namespace latchkey::social {
namespace {

// A provider's `error` is passed on only when it is a plain token.
std::string SafeCode(std::string_view code) {
  if (code.empty() || code.size() > 64 ||
      code.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
          std::string_view::npos) {
    return "unknown";
  }
  return std::string(code);
}

struct Redirector {
  const http::Request& request;
  const SocialService& service;
  std::string provider_id;
  std::string error_base;
  std::string_view event = "user.sign_in";  // account.linked for link-social's flow

  Result<http::Response> Fail(std::string_view code, const std::string& user_id = {}) const {
    std::string details;
    json::ObjectWriter(details)
        .String("method", "social")
        .String("provider", provider_id)
        .String("reason", code)
        .Close();
    LK_TRY(audit::RecordStandalone(
        service.deps().services.store, service.deps().services.clock, request,
        {.type = event, .outcome = audit::kFailure, .user_id = user_id, .details_json = details}));
    http::Response response = http::Response::Redirect(ErrorUrl(error_base, code));
    service.ClearStateCookie(response);
    return response;
  }
};

std::string_view CodeOf(const Error& error, std::string_view otherwise) {
  if (error.code == errors::kProviderUnavailable.code) return "provider_unavailable";
  return otherwise;
}

// A sign-in hook answered instead of a session (two-factor's
// {"twoFactorRedirect":true,…} with its challenge cookie): a browser here
// is navigating, so it goes on to the hosted second-factor page with the
// hook's cookies and the target to return to (docs/web.md).
http::Response SecondFactorPage(const SocialService& service, http::Response answer,
                                const std::string& target) {
  auto doc = ParseObject(answer.body);
  if (!doc || !TrueMember(*doc, "twoFactorRedirect")) {
    service.ClearStateCookie(answer);
    return answer;
  }
  std::string methods;
  if (const auto* list = doc->if_contains("twoFactorMethods"); list && list->is_array()) {
    for (const auto& m : list->as_array()) {
      if (!m.is_string()) continue;
      methods += (methods.empty() ? "" : ",") + std::string(m.as_string());
    }
  }
  outbound::FormFields query = {{"redirect", target}};
  if (!methods.empty()) query.emplace_back("methods", methods);
  http::Response page =
      http::Response::Redirect(service.BaseOrigin() + "/two-factor?" + outbound::EncodeForm(query));
  for (auto& [name, value] : answer.headers) {
    if (name == "Set-Cookie") page.SetCookie(std::move(value));
  }
  service.ClearStateCookie(page);
  return page;
}

}  // namespace

Result<http::Response> CallbackPost(const http::Request& request, const SocialService& service) {
  // form_post (Apple): the browser's POST carries no SameSite=Lax cookie, so
  // the parameters move to a GET of the same URL, which does.
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/true));
  outbound::FormFields fields;
  for (const auto& [key, value] : body) {
    if (value.is_string()) fields.emplace_back(std::string(key), std::string(value.as_string()));
  }
  const std::string provider(request.PathParam("provider").value_or(""));
  std::string query = request.query;
  const std::string extra = outbound::EncodeForm(fields);
  if (!extra.empty()) query += (query.empty() ? "" : "&") + extra;
  return http::Response::Redirect(service.RedirectUri(provider) + "?" + query);
}

Result<http::Response> Callback(const http::Request& request, const SocialService& service) {
  Redirector out{request, service, std::string(request.PathParam("provider").value_or("")),
                 service.BaseOrigin() + "/error"};
  const Provider* provider = service.Find(out.provider_id);
  if (provider == nullptr) return out.Fail("oauth_provider_not_found");
  auto flow = service.Take(request, request.QueryParam("state").value_or(""));
  if (!flow) {
    if (flow.error().code != errors::kStateMismatch.code) return Fail(std::move(flow).error());
    return out.Fail(flow.error().detail);
  }
  if (!flow->error_url.empty()) out.error_base = flow->error_url;
  if (!flow->link_user_id.empty()) out.event = "account.linked";
  if (flow->provider_id != provider->id()) return out.Fail("state_mismatch");
  if (auto error = request.QueryParam("error")) return out.Fail(SafeCode(*error));
  const std::string code = request.QueryParam("code").value_or("");
  if (code.empty()) return out.Fail("no_code");
  // RFC 9207 §2.4: an `iss` in the answer must be this provider's issuer
  // (a mix-up attack sends another provider's code here).
  if (auto iss = request.QueryParam("iss")) {
    auto endpoints = provider->GetEndpoints();
    if (!endpoints) return out.Fail(CodeOf(endpoints.error(), "issuer_mismatch"));
    if (!endpoints->issuer.empty() && !IssuerParameterMatches(endpoints->issuer, *iss)) {
      return out.Fail("issuer_mismatch");
    }
  }

  auto tokens =
      provider->ExchangeCode(code, flow->code_verifier, service.RedirectUri(provider->id()));
  if (!tokens) return out.Fail(CodeOf(tokens.error(), "invalid_code"));
  std::optional<boost::json::object> claims;
  if (provider->IsOpenId()) {
    auto valid = provider->ValidateIdToken(tokens->id_token, flow->nonce);
    if (!valid) return out.Fail(CodeOf(valid.error(), "invalid_id_token"));
    claims = std::move(*valid);
  }
  auto profile = provider->FetchProfile(*tokens, claims);
  if (!profile) return out.Fail(CodeOf(profile.error(), "unable_to_get_user_info"));
  if (profile->email.empty() || !validation::IsValidEmail(profile->email)) {
    return out.Fail("email_not_found");
  }

  const Arrival arrival{request, service, *provider, *flow, *tokens, *profile};
  if (!flow->link_user_id.empty()) {
    auto linked = LinkAccount(arrival);
    if (!linked) return Fail(std::move(linked).error());
    if (!linked->empty()) return out.Fail(*linked, flow->link_user_id);
    http::Response response = http::Response::Redirect(flow->callback_url);
    service.ClearStateCookie(response);
    return response;
  }
  LK_ASSIGN_OR_RETURN(SignInOutcome outcome, SignInWithAccount(arrival));
  if (!outcome.refusal.empty()) return out.Fail(outcome.refusal, outcome.user_id);
  const std::string& target =
      outcome.is_new && !flow->new_user_url.empty() ? flow->new_user_url : flow->callback_url;
  if (outcome.instead) return SecondFactorPage(service, std::move(*outcome.instead), target);
  http::Response response = http::Response::Redirect(target);
  service.ClearStateCookie(response);
  LK_TRY(outcome.finish(response));
  return response;
}

}  // namespace latchkey::social

// POST /sign-in/social and POST /link-social: both store a flow and send
// the browser to the provider's authorize URL (docs/api.md "Social
// sign-in"). Every redirect target is checked against the trusted origins
// here too, not only by the Origin check (which skips requests without
// cookies for the plain fields only).
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/random.h"
#include "features/common/base_errors.h"
#include "features/common/validation.h"
#include "features/social/routes/social_routes.h"
#include "features/social/social_errors.h"
#include "http/body.h"

namespace latchkey::social {
namespace {

struct StartInput {
  std::string provider;
  std::optional<std::string> callback_url;
  std::optional<std::string> error_url;
  std::optional<std::string> new_user_url;
  std::optional<std::string> login_hint;
  std::vector<std::string> scopes;
  bool disable_redirect = false;
  bool request_sign_up = false;
  std::optional<boost::json::object> id_token;
};

Result<void> CheckTarget(const SocialService& service, const std::optional<std::string>& url,
                         const ErrorInfo& error) {
  if (url && !service.deps().trusted.IsTrustedRedirect(*url)) return Fail(MakeError(error));
  return {};
}

Result<StartInput> ParseStart(const http::Request& request, const SocialService& service) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  StartInput in;
  LK_ASSIGN_OR_RETURN(in.provider, validation::RequireString(body, "provider", 64));
  LK_ASSIGN_OR_RETURN(in.callback_url, validation::OptionalString(body, "callbackURL", 2048));
  LK_ASSIGN_OR_RETURN(in.error_url, validation::OptionalString(body, "errorCallbackURL", 2048));
  LK_ASSIGN_OR_RETURN(in.new_user_url,
                      validation::OptionalString(body, "newUserCallbackURL", 2048));
  LK_ASSIGN_OR_RETURN(in.login_hint, validation::OptionalString(body, "loginHint", 320));
  LK_ASSIGN_OR_RETURN(auto disable, validation::OptionalBool(body, "disableRedirect"));
  LK_ASSIGN_OR_RETURN(auto sign_up, validation::OptionalBool(body, "requestSignUp"));
  in.disable_redirect = disable.value_or(false);
  in.request_sign_up = sign_up.value_or(false);
  if (const auto* scopes = body.if_contains("scopes")) {
    if (!scopes->is_array()) return Fail(validation::FieldError("scopes", "expected array"));
    for (const auto& s : scopes->as_array()) {
      if (!s.is_string() || s.as_string().size() > 256) {
        return Fail(validation::FieldError("scopes", "expected string"));
      }
      in.scopes.emplace_back(s.as_string());
    }
  }
  LK_TRY(CheckTarget(service, in.callback_url, latchkey::errors::kInvalidCallbackUrl));
  LK_TRY(CheckTarget(service, in.error_url, latchkey::errors::kInvalidErrorCallbackUrl));
  LK_TRY(CheckTarget(service, in.new_user_url, latchkey::errors::kInvalidNewUserCallbackUrl));
  if (const auto* id_token = body.if_contains("idToken")) {
    if (!id_token->is_object()) return Fail(validation::FieldError("idToken", "expected object"));
    in.id_token = id_token->as_object();
  }
  return in;
}

Result<http::Response> Start(const http::Request& request, const SocialService& service,
                             const users::User* link_user) {
  LK_ASSIGN_OR_RETURN(StartInput in, ParseStart(request, service));
  const Provider* provider = service.Find(in.provider);
  if (provider == nullptr) return Fail(MakeError(errors::kProviderNotFound));
  if (in.id_token) {
    if (link_user != nullptr) {
      return IdTokenLink(request, service, *provider, *in.id_token, *link_user);
    }
    return IdTokenSignIn(request, service, *provider, *in.id_token);
  }
  const std::string link_user_id = link_user != nullptr ? link_user->id : "";
  FlowState flow;
  flow.provider_id = provider->id();
  flow.callback_url = in.callback_url.value_or(service.BaseOrigin());
  flow.error_url = in.error_url.value_or("");
  flow.new_user_url = in.new_user_url.value_or("");
  flow.code_verifier = crypto::RandomAlnum(64);  // RFC 7636 §4.1: 43–128 characters
  flow.nonce = crypto::RandomAlnum(32);
  flow.link_user_id = link_user_id;
  flow.request_sign_up = in.request_sign_up;
  http::Response response = http::Response::Json("");
  LK_ASSIGN_OR_RETURN(std::string url,
                      service.Begin(*provider, flow, in.login_hint, in.scopes, response));
  std::string body;
  json::ObjectWriter(body).String("url", url).Bool("redirect", !in.disable_redirect).Close();
  response.body = std::move(body);
  if (!in.disable_redirect) response.AddHeader("Location", url);
  return response;
}

}  // namespace

Result<http::Response> SignInSocial(const http::Request& request, const SocialService& service) {
  return Start(request, service, nullptr);
}

Result<http::Response> LinkSocial(const http::Request& request, const SocialService& service,
                                  const sessions::SessionWithUser& caller) {
  return Start(request, service, &caller.user);
}

}  // namespace latchkey::social

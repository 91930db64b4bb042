// POST /sign-in/social with `idToken` (Better Auth's ID-token sign-in, for
// apps that got an ID token from the provider's own SDK: Google One Tap,
// Sign in with Apple on iOS): the token is validated as at the callback
// (signature by the provider's JWKS, iss, aud, azp, exp, iat; the nonce when
// the app sends one), then the same linking rules and sign-in apply.
// Answers {"redirect":false,"token","user"} with the session cookie.
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/common/validation.h"
#include "features/social/routes/callback_account.h"
#include "features/social/routes/social_routes.h"
#include "features/social/social_errors.h"
#include "features/users/user.h"

namespace latchkey::social {
namespace {

Result<void> AuditRefusal(const http::Request& request, const SocialService& service,
                          const Provider& provider, std::string_view reason,
                          const std::string& user_id) {
  std::string details;
  json::ObjectWriter(details)
      .String("method", "social-id-token")
      .String("provider", provider.id())
      .String("reason", reason)
      .Close();
  return audit::RecordStandalone(service.deps().services.store, service.deps().services.clock,
                                 request,
                                 {.type = "user.sign_in",
                                  .outcome = audit::kFailure,
                                  .user_id = user_id,
                                  .details_json = details});
}

}  // namespace

Result<http::Response> IdTokenSignIn(const http::Request& request, const SocialService& service,
                                     const Provider& provider,
                                     const boost::json::object& id_token) {
  if (!provider.IsOpenId() || provider.settings().preset == "github") {
    return Fail(MakeError(errors::kIdTokenNotSupported));
  }
  LK_ASSIGN_OR_RETURN(std::string token, validation::RequireString(id_token, "token", 16384));
  LK_ASSIGN_OR_RETURN(auto nonce, validation::OptionalString(id_token, "nonce", 512));
  LK_ASSIGN_OR_RETURN(auto access, validation::OptionalString(id_token, "accessToken", 16384));
  LK_ASSIGN_OR_RETURN(auto refresh, validation::OptionalString(id_token, "refreshToken", 16384));
  auto claims = provider.ValidateIdToken(token, nonce.value_or(""), /*require_nonce=*/false);
  if (!claims) {
    LK_TRY(AuditRefusal(request, service, provider, "invalid_id_token", ""));
    return Fail(std::move(claims).error());
  }
  LK_ASSIGN_OR_RETURN(Profile profile, ProfileFromClaims(*claims));
  if (profile.email.empty() || !validation::IsValidEmail(profile.email)) {
    LK_TRY(AuditRefusal(request, service, provider, "email_not_found", ""));
    return Fail(MakeError(errors::kUserEmailNotFound));
  }
  TokenSet tokens;
  tokens.id_token = token;
  tokens.access_token = access.value_or("");
  tokens.refresh_token = refresh.value_or("");
  const FlowState flow;
  LK_ASSIGN_OR_RETURN(SignInOutcome outcome,
                      SignInWithAccount({request, service, provider, flow, tokens, profile}));
  if (!outcome.refusal.empty()) {
    LK_TRY(AuditRefusal(request, service, provider, outcome.refusal, outcome.user_id));
    return Fail(MakeError(errors::kOAuthLinkError, outcome.refusal));
  }
  if (outcome.instead) return std::move(*outcome.instead);
  std::string body;
  json::ObjectWriter(body)
      .Bool("redirect", false)
      .String("token", outcome.session->token)
      .Raw("user", users::UserJson(*outcome.user))
      .Close();
  http::Response response = http::Response::Json(std::move(body));
  LK_TRY(outcome.finish(response));
  return response;
}

}  // namespace latchkey::social

// POST /sign-in/social with `idToken` (Better Auth's ID-token sign-in, for
// apps that got an ID token from the provider's own SDK: Google One Tap,
// Sign in with Apple on iOS): the token is validated as at the callback
// (signature by the provider's JWKS, iss, aud, azp, exp, iat; the nonce when
// the app sends one), then the same linking rules and sign-in apply.
// Answers {"redirect":false,"token","user"} with the session cookie. And
// link-social with `idToken`: the same validation, then the linking rules
// below; answers {"url":"","status":true,"redirect":false}.
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
                          const std::string& user_id, std::string_view event = "user.sign_in") {
  std::string details;
  json::ObjectWriter(details)
      .String("method", "social-id-token")
      .String("provider", provider.id())
      .String("reason", reason)
      .Close();
  return audit::RecordStandalone(
      service.deps().services.store, service.deps().services.clock, request,
      {.type = event, .outcome = audit::kFailure, .user_id = user_id, .details_json = details});
}

struct Presented {
  TokenSet tokens;
  Profile profile;
};

// The app's ID token validated as at the callback (OIDC Core §3.1.3.7;
// its nonce when it sends one) and the profile its claims describe; a
// refusal is audited as `event`.
Result<Presented> Validate(const http::Request& request, const SocialService& service,
                           const Provider& provider, const boost::json::object& id_token,
                           const std::string& user_id, std::string_view event) {
  if (!provider.IsOpenId() || provider.settings().preset == "github") {
    return Fail(MakeError(errors::kIdTokenNotSupported));
  }
  LK_ASSIGN_OR_RETURN(std::string token, validation::RequireString(id_token, "token", 16384));
  LK_ASSIGN_OR_RETURN(auto nonce, validation::OptionalString(id_token, "nonce", 512));
  LK_ASSIGN_OR_RETURN(auto access, validation::OptionalString(id_token, "accessToken", 16384));
  LK_ASSIGN_OR_RETURN(auto refresh, validation::OptionalString(id_token, "refreshToken", 16384));
  auto claims = provider.ValidateIdToken(token, nonce.value_or(""), /*require_nonce=*/false);
  if (!claims) {
    LK_TRY(AuditRefusal(request, service, provider, "invalid_id_token", user_id, event));
    return Fail(std::move(claims).error());
  }
  Presented out;
  LK_ASSIGN_OR_RETURN(out.profile, ProfileFromClaims(*claims));
  if (out.profile.email.empty() || !validation::IsValidEmail(out.profile.email)) {
    LK_TRY(AuditRefusal(request, service, provider, "email_not_found", user_id, event));
    return Fail(MakeError(errors::kUserEmailNotFound));
  }
  out.tokens.id_token = token;
  out.tokens.access_token = access.value_or("");
  out.tokens.refresh_token = refresh.value_or("");
  return out;
}

}  // namespace

Result<http::Response> IdTokenSignIn(const http::Request& request, const SocialService& service,
                                     const Provider& provider,
                                     const boost::json::object& id_token) {
  LK_ASSIGN_OR_RETURN(Presented in,
                      Validate(request, service, provider, id_token, "", "user.sign_in"));
  const FlowState flow;
  LK_ASSIGN_OR_RETURN(SignInOutcome outcome,
                      SignInWithAccount({request, service, provider, flow, in.tokens, in.profile}));
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

Result<http::Response> IdTokenLink(const http::Request& request, const SocialService& service,
                                   const Provider& provider, const boost::json::object& id_token,
                                   const users::User& user) {
  constexpr std::string_view kEvent = "account.linked";
  LK_ASSIGN_OR_RETURN(Presented in,
                      Validate(request, service, provider, id_token, user.id, kEvent));
  // No flow bound this token to the browser (no state; a nonce only when
  // the app sends one), so the provider must vouch for the e-mail and it
  // must be the user's own: a token leaked elsewhere cannot tie someone
  // else's provider account to this user (Better Auth's rules).
  if (!service.Trusted(provider.id()) && !in.profile.email_verified) {
    LK_TRY(AuditRefusal(request, service, provider, "linking_not_allowed", user.id, kEvent));
    return Fail(MakeError(errors::kLinkingNotAllowed));
  }
  if (in.profile.email != validation::LowerAscii(user.email)) {
    LK_TRY(AuditRefusal(request, service, provider, "different_emails", user.id, kEvent));
    return Fail(MakeError(errors::kLinkingDifferentEmails));
  }
  FlowState flow;
  flow.link_user_id = user.id;
  // LinkAccount audits its success; its refusals are audited here.
  LK_ASSIGN_OR_RETURN(std::string refused,
                      LinkAccount({request, service, provider, flow, in.tokens, in.profile}));
  if (!refused.empty()) {
    LK_TRY(AuditRefusal(request, service, provider, refused, user.id, kEvent));
    return Fail(MakeError(errors::kSocialAccountAlreadyLinked, refused));
  }
  return http::Response::Json(R"({"url":"","status":true,"redirect":false})");
}

}  // namespace latchkey::social

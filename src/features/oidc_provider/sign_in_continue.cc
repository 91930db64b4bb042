// A sign-in that carries the sign-in page's `oauth_query` continues the
// authorization it came from (docs/oidc.md "The sign-in page's contract"):
// Better Auth's oauth-provider answers such a sign-in with
// {"redirect":true,"url"} — the client's redirect URI with a code, or the
// consent page. Built on the platform's sign-in hooks (docs/design.md "Hook
// points"), so every sign-in method that runs SignInFlow takes it: password,
// and the second factor's verify after a two-factor interruption.
#include "core/json_writer.h"
#include "features/oidc_provider/oidc_errors.h"
#include "features/oidc_provider/oidc_feature.h"
#include "http/body.h"

namespace latchkey::oidc_provider {

Result<std::optional<std::string>> OidcProviderFeature::OAuthQueryOf(
    const http::Request& request) const {
  if (request.body.empty()) return std::optional<std::string>();
  auto body = http::ParseBody(request, /*allow_form=*/true);
  if (!body) return std::optional<std::string>();  // the route reports its own body errors
  LK_ASSIGN_OR_RETURN(auto oauth_query, http::OptionalString(*body, "oauth_query"));
  if (!oauth_query) return std::optional<std::string>();
  std::string_view signed_query = *oauth_query;
  if (signed_query.starts_with('?')) signed_query.remove_prefix(1);
  auto query = VerifySignedQuery(signed_query);
  if (!query) return Fail(MakeError(kInvalidConsent, "bad or expired signature"));
  return query;
}

Result<void> OidcProviderFeature::ContinueAuthorization(const platform::SessionCreatedEvent& event,
                                                        http::Response& response) const {
  if (response.status != 200) return {};
  LK_ASSIGN_OR_RETURN(std::optional<std::string> query, OAuthQueryOf(event.request));
  if (!query) return {};
  const std::optional<platform::Principal> who =
      platform::Principal{.caller = {.session = event.session, .user = event.user}};
  LK_ASSIGN_OR_RETURN(Answer answer,
                      Authorize(event.request, *query, who, Decision::kAsk, /*accepted_scope=*/{}));
  // A page: the client or its redirect URI went away since the request was
  // signed.
  if (answer.page) return Fail(MakeError(kInvalidConsent, "the client no longer accepts it"));
  std::string body;
  json::ObjectWriter(body).Bool("redirect", true).String("url", answer.location).Close();
  response.body = std::move(body);
  response.no_store = true;
  std::erase_if(response.headers, [](const auto& header) { return header.first == "Location"; });
  return {};
}

}  // namespace latchkey::oidc_provider

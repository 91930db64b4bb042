#include "features/social/social_service.h"

#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/constant_time.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "crypto/token_hash.h"
#include "features/social/provider_json.h"
#include "features/social/social_errors.h"

namespace latchkey::social {
namespace {

// The key that seals stored provider tokens (crypto/keyring.h purposes).
constexpr std::string_view kTokenPurpose = "social/oauth-tokens";

std::string FlowJson(const FlowState& f) {
  std::string out;
  json::ObjectWriter(out)
      .String("callbackURL", f.callback_url)
      .String("errorURL", f.error_url)
      .String("newUserURL", f.new_user_url)
      .String("codeVerifier", f.code_verifier)
      .String("nonce", f.nonce)
      .String("linkUserId", f.link_user_id)
      .Bool("requestSignUp", f.request_sign_up)
      .Close();
  return out;
}

std::string Join(const std::vector<std::string>& items, char sep) {
  std::string out;
  for (const std::string& s : items) {
    if (s.empty()) continue;
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

Error StateError(std::string code) { return MakeError(errors::kStateMismatch, std::move(code)); }

}  // namespace

std::string ErrorUrl(const std::string& base, std::string_view code) {
  return base + (base.find('?') == std::string::npos ? "?" : "&") +
         "error=" + http::PercentEncode(code);
}

SocialService::SocialService(SocialDeps deps)
    : deps_(std::move(deps)),
      keyring_(deps_.services.config.secret, deps_.services.config.previous_secrets) {
  for (const std::string& id : deps_.settings.oidc_providers) {
    auto it = deps_.settings.providers.find(id);
    if (it == deps_.settings.providers.end()) continue;
    providers_.emplace(id, std::make_unique<Provider>(id, it->second, deps_.services.clock,
                                                      deps_.services.config.jwt_clock_skew_s));
  }
}

const Provider* SocialService::Find(const std::string& id) const {
  auto it = providers_.find(id);
  return it == providers_.end() ? nullptr : it->second.get();
}

bool SocialService::Trusted(const std::string& provider_id) const {
  for (const std::string& t : deps_.settings.trusted_providers) {
    if (t == provider_id) return true;
  }
  return false;
}

std::string SocialService::RedirectUri(const std::string& provider_id) const {
  std::string base = deps_.services.config.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/api/auth/callback/" + provider_id;
}

Result<std::string> SocialService::Begin(const Provider& provider, const FlowState& flow,
                                         const std::optional<std::string>& login_hint,
                                         const std::vector<std::string>& extra_scopes,
                                         http::Response& response) const {
  LK_ASSIGN_OR_RETURN(Endpoints endpoints, provider.GetEndpoints());
  const std::string state = crypto::RandomAlnum(32);
  const TimeMs now = Now();
  LK_TRY(store::InTransaction(deps_.services.store, [&](store::Transaction& tx) {
    return social_store::PutState(tx, crypto::HashToken(state), {provider.id(), FlowJson(flow)},
                                  now + kStateLifeMs, now);
  }));
  std::vector<std::string> scopes = provider.Scopes();
  scopes.insert(scopes.end(), extra_scopes.begin(), extra_scopes.end());
  // RFC 7636 §4.2: S256 always.
  const std::string challenge = crypto::Base64UrlEncode(crypto::Sha256(flow.code_verifier));
  outbound::FormFields query = {{"response_type", "code"},
                                {"client_id", provider.settings().client_id},
                                {"redirect_uri", RedirectUri(provider.id())},
                                {"scope", Join(scopes, ' ')},
                                {"state", state},
                                {"code_challenge", challenge},
                                {"code_challenge_method", "S256"}};
  if (provider.IsOpenId()) query.emplace_back("nonce", flow.nonce);
  if (login_hint) query.emplace_back("login_hint", *login_hint);
  // Apple returns the user's name and e-mail only to a form_post callback.
  if (provider.settings().preset == "apple") query.emplace_back("response_mode", "form_post");
  std::string url = endpoints.authorization;
  url += (url.find('?') == std::string::npos ? "?" : "&") + outbound::EncodeForm(query);

  http::CookieSpec cookie = deps_.sessions.BaseCookie(kStateCookieKey);
  cookie.value = http::PercentEncode(deps_.sessions.SignCookieValue(state));
  cookie.max_age = kStateLifeMs / 1000;
  response.SetCookie(http::SerializeCookie(cookie));
  response.no_store = true;
  return url;
}

void SocialService::ClearStateCookie(http::Response& response) const {
  http::CookieSpec cookie = deps_.sessions.BaseCookie(kStateCookieKey);
  cookie.value = "";
  cookie.max_age = 0;
  response.SetCookie(http::SerializeCookie(cookie));
}

Result<FlowState> SocialService::Take(const http::Request& request,
                                      const std::string& state) const {
  // The state must come back to the browser that started the flow (login
  // CSRF, RFC 6749 §10.12): its signed cookie holds the same value.
  std::optional<std::string> bound = deps_.sessions.SignedCookie(request, kStateCookieKey);
  if (state.empty() || !bound || !crypto::ConstantTimeEquals(*bound, state)) {
    return Fail(StateError("state_mismatch"));
  }
  LK_ASSIGN_OR_RETURN(auto taken,
                      store::InTransaction(deps_.services.store, [&](store::Transaction& tx) {
                        return social_store::ConsumeState(tx, crypto::HashToken(state), Now());
                      }));
  if (!taken) return Fail(StateError("state_not_found"));
  auto doc = ParseObject(taken->payload);
  if (!doc) return Fail(InternalError("stored flow state is not JSON"));
  FlowState f;
  f.provider_id = taken->provider_id;
  f.callback_url = StringMember(*doc, "callbackURL");
  f.error_url = StringMember(*doc, "errorURL");
  f.new_user_url = StringMember(*doc, "newUserURL");
  f.code_verifier = StringMember(*doc, "codeVerifier");
  f.nonce = StringMember(*doc, "nonce");
  f.link_user_id = StringMember(*doc, "linkUserId");
  f.request_sign_up = TrueMember(*doc, "requestSignUp");
  return f;
}

Result<std::string> SocialService::Seal(std::string_view account_row_id, std::string_view column,
                                        std::string_view value) const {
  if (value.empty()) return std::string();
  LK_ASSIGN_OR_RETURN(auto key, keyring_.SealingKey(kTokenPurpose));
  const std::string ad =
      "social_tokens\n" + std::string(account_row_id) + "\n" + std::string(column);
  LK_ASSIGN_OR_RETURN(std::string sealed, crypto::Seal(key, value, ad));
  return crypto::Base64Encode(sealed);
}

Result<std::string> SocialService::Open(std::string_view account_row_id, std::string_view column,
                                        std::string_view stored) const {
  LK_ASSIGN_OR_RETURN(auto opened, OpenSealed(account_row_id, column, stored));
  return std::move(opened.plaintext);
}

Result<crypto::Keyring::Opened> SocialService::OpenSealed(std::string_view account_row_id,
                                                          std::string_view column,
                                                          std::string_view stored) const {
  if (stored.empty()) return crypto::Keyring::Opened{};
  LK_ASSIGN_OR_RETURN(std::string sealed, crypto::Base64Decode(stored));
  const std::string ad =
      "social_tokens\n" + std::string(account_row_id) + "\n" + std::string(column);
  return keyring_.Open(kTokenPurpose, sealed, ad);
}

Result<social_store::StoredTokens> SocialService::SealTokens(std::string_view account_row_id,
                                                             const TokenSet& tokens,
                                                             const std::string& profile) const {
  social_store::StoredTokens t;
  LK_ASSIGN_OR_RETURN(t.access_token, Seal(account_row_id, "access_token", tokens.access_token));
  LK_ASSIGN_OR_RETURN(t.refresh_token, Seal(account_row_id, "refresh_token", tokens.refresh_token));
  LK_ASSIGN_OR_RETURN(t.id_token, Seal(account_row_id, "id_token", tokens.id_token));
  LK_ASSIGN_OR_RETURN(t.profile, Seal(account_row_id, "profile", profile));
  t.access_expires_at = tokens.access_expires_at;
  t.refresh_expires_at = tokens.refresh_expires_at;
  std::string scope = tokens.scope;
  for (char& c : scope) {
    if (c == ' ') c = ',';
  }
  t.scope = scope;
  return t;
}

}  // namespace latchkey::social

// Endpoints, keys and the token endpoint. Provider answers are untrusted
// input: parsed strictly, size-capped by the outbound client, and never
// logged (they carry tokens).
#include "features/social/provider.h"

#include <boost/json/serialize.hpp>

#include "core/json_writer.h"
#include "crypto/encoding.h"
#include "crypto/jose/jws.h"
#include "features/social/issuer.h"
#include "features/social/provider_json.h"
#include "features/social/social_errors.h"

namespace latchkey::social {
namespace {

struct Preset {
  std::string_view name;
  std::string_view display;
  std::string_view issuer;
  std::string_view authorization;
  std::string_view token;
  std::string_view userinfo;
  std::string_view jwks;
  std::string_view emails;
  std::string_view scopes;
};

constexpr Preset kPresets[] = {
    {"github", "GitHub", "", "https://github.com/login/oauth/authorize",
     "https://github.com/login/oauth/access_token", "https://api.github.com/user", "",
     "https://api.github.com/user/emails", "read:user,user:email"},
    {"google", "Google", "https://accounts.google.com", "", "", "", "", "", ""},
    {"microsoft", "Microsoft", "", "", "", "", "", "", ""},
    {"apple", "Apple", "https://appleid.apple.com", "https://appleid.apple.com/auth/authorize",
     "https://appleid.apple.com/auth/token", "", "https://appleid.apple.com/auth/keys", "",
     "name,email"},
};

const Preset* PresetOf(const std::string& name) {
  for (const Preset& p : kPresets) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string Or(const std::string& value, std::string_view fallback) {
  return value.empty() ? std::string(fallback) : value;
}

Error Unavailable(std::string detail) {
  return MakeError(errors::kProviderUnavailable, std::move(detail));
}

}  // namespace

Provider::Provider(std::string id, ProviderSettings settings, const Clock& clock,
                   std::int64_t clock_skew_s)
    : id_(std::move(id)),
      settings_(std::move(settings)),
      clock_(clock),
      clock_skew_s_(clock_skew_s) {
  http_.timeout = std::chrono::milliseconds(5000);
  http_.connect_timeout = std::chrono::milliseconds(2000);
  http_.max_response_bytes = std::size_t{256} * 1024;
}

std::string Provider::DisplayName() const {
  if (!settings_.display_name.empty()) return settings_.display_name;
  if (const Preset* p = PresetOf(settings_.preset)) return std::string(p->display);
  return id_;
}

bool Provider::IsOpenId() const {
  for (const std::string& s : Scopes()) {
    if (s == "openid") return true;
  }
  // Apple's ID token is its only account of the user, with or without "openid".
  return settings_.preset == "apple";
}

std::vector<std::string> Provider::Scopes() const {
  if (!settings_.scopes.empty()) return settings_.scopes;
  const Preset* p = PresetOf(settings_.preset);
  std::string_view list = p != nullptr && !p->scopes.empty() ? p->scopes : "openid,email,profile";
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    out.emplace_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

Result<Endpoints> Provider::GetEndpoints() const {
  {
    std::lock_guard lock(mu_);
    if (endpoints_) return *endpoints_;
  }
  const Preset* preset = PresetOf(settings_.preset);
  Endpoints e;
  e.issuer = Or(settings_.issuer, preset != nullptr ? preset->issuer : "");
  e.authorization = Or(settings_.authorization_endpoint, preset ? preset->authorization : "");
  e.token = Or(settings_.token_endpoint, preset ? preset->token : "");
  e.userinfo = Or(settings_.userinfo_endpoint, preset ? preset->userinfo : "");
  e.jwks = Or(settings_.jwks_uri, preset ? preset->jwks : "");
  e.emails = Or(settings_.emails_endpoint, preset ? preset->emails : "");
  const bool complete =
      !e.authorization.empty() && !e.token.empty() && (e.issuer.empty() || !e.jwks.empty());
  if (!complete && !e.issuer.empty()) {
    // The discovery document's issuer must be the configured one exactly
    // (OpenID Connect Discovery 1.0 §4.3), or every ID token check is moot.
    std::string url = e.issuer;
    if (!url.empty() && url.back() == '/') url.pop_back();
    url += "/.well-known/openid-configuration";
    auto got = outbound::HttpGet(url, {{"Accept", "application/json"}}, http_);
    if (!got) return Fail(Unavailable("discovery: " + got.error().detail));
    if (got->status != 200)
      return Fail(Unavailable("discovery: HTTP " + std::to_string(got->status)));
    auto doc = ParseObject(got->body);
    if (!doc) return Fail(Unavailable("discovery: not a JSON object"));
    if (!DiscoveryIssuerMatches(e.issuer, StringMember(*doc, "issuer"))) {
      return Fail(Unavailable("discovery: the document names another issuer"));
    }
    if (e.authorization.empty()) e.authorization = StringMember(*doc, "authorization_endpoint");
    if (e.token.empty()) e.token = StringMember(*doc, "token_endpoint");
    if (e.userinfo.empty()) e.userinfo = StringMember(*doc, "userinfo_endpoint");
    if (e.jwks.empty()) e.jwks = StringMember(*doc, "jwks_uri");
  }
  if (e.authorization.empty() || e.token.empty() || (!e.issuer.empty() && e.jwks.empty())) {
    return Fail(Unavailable("endpoints incomplete"));
  }
  std::lock_guard lock(mu_);
  endpoints_ = e;
  return e;
}

Result<std::shared_ptr<const crypto::jose::KeySet>> Provider::Keys(bool refetch) const {
  const TimeMs now = clock_.NowMs();
  {
    std::lock_guard lock(mu_);
    if (keys_ && !refetch) return keys_;
    // An unknown kid refetches at most once per interval: a forged token
    // cannot make the server hammer the provider.
    if (keys_ && refetched_at_ != 0 && now - refetched_at_ < kJwksRefetchIntervalMs) return keys_;
    if (refetch) refetched_at_ = now;
  }
  LK_ASSIGN_OR_RETURN(Endpoints e, GetEndpoints());
  auto got = outbound::HttpGet(e.jwks, {{"Accept", "application/json"}}, http_);
  if (!got) return Fail(Unavailable("jwks: " + got.error().detail));
  if (got->status != 200) return Fail(Unavailable("jwks: HTTP " + std::to_string(got->status)));
  auto doc = ParseObject(got->body);
  const boost::json::value* list = doc ? doc->if_contains("keys") : nullptr;
  if (list == nullptr || !list->is_array()) return Fail(Unavailable("jwks: no keys"));
  // Keys latchkey cannot use (encryption keys, other types) are skipped,
  // not fatal: providers publish them beside their signing keys.
  auto set = std::make_shared<crypto::jose::KeySet>();
  for (const boost::json::value& jwk : list->as_array()) {
    if (!jwk.is_object()) continue;
    auto key = crypto::jose::VerifyKey::FromJwk(boost::json::serialize(jwk));
    if (key) (void)set->Add(std::move(*key));
  }
  std::lock_guard lock(mu_);
  keys_ = std::move(set);
  return keys_;
}

Result<std::string> Provider::ClientSecret() const {
  if (settings_.preset != "apple" || settings_.private_key.empty()) {
    return settings_.client_secret;
  }
  // Sign in with Apple: the secret is an ES256 JWT signed with the team's
  // key (iss team id, sub client id, aud Apple), minted per request.
  std::string pem = settings_.private_key;
  std::string b64;
  for (std::size_t pos = 0; pos < pem.size();) {
    std::size_t end = pem.find('\n', pos);
    if (end == std::string::npos) end = pem.size();
    std::string line = pem.substr(pos, end - pos);
    if (line.rfind("-----", 0) != 0) {
      for (char c : line) {
        if (c != '\r' && c != ' ') b64 += c;
      }
    }
    pos = end + 1;
  }
  LK_ASSIGN_OR_RETURN(std::string der, crypto::Base64Decode(b64));
  LK_ASSIGN_OR_RETURN(auto key, crypto::jose::SigningKey::FromPrivateBytes(
                                    crypto::jose::Algorithm::kES256, der, settings_.key_id));
  const std::int64_t now = clock_.NowMs() / 1000;
  std::string claims;
  json::ObjectWriter(claims)
      .String("iss", settings_.team_id)
      .Int("iat", now)
      .Int("exp", now + 300)
      .String("aud", "https://appleid.apple.com")
      .String("sub", settings_.client_id)
      .Close();
  return crypto::jose::Sign(key, claims);
}

Result<TokenSet> Provider::TokenRequest(outbound::FormFields form) const {
  LK_ASSIGN_OR_RETURN(Endpoints e, GetEndpoints());
  LK_ASSIGN_OR_RETURN(std::string secret, ClientSecret());
  outbound::HttpHeaders headers = {{"Accept", "application/json"}};
  if (settings_.token_auth == "client_secret_post") {
    form.emplace_back("client_id", settings_.client_id);
    form.emplace_back("client_secret", secret);
  } else {
    // RFC 6749 §2.3.1: both parts form-encoded before the Basic encoding.
    const std::string user = outbound::EncodeForm({{"a", settings_.client_id}}).substr(2);
    const std::string pass = outbound::EncodeForm({{"a", secret}}).substr(2);
    headers.emplace_back("Authorization", "Basic " + crypto::Base64Encode(user + ":" + pass));
  }
  auto got = outbound::HttpPostForm(e.token, form, headers, http_);
  if (!got) return Fail(Unavailable("token endpoint: " + got.error().detail));
  if (got->status >= 500) {
    return Fail(Unavailable("token endpoint: HTTP " + std::to_string(got->status)));
  }
  auto doc = ParseObject(got->body);
  if (got->status != 200 || !doc || StringMember(*doc, "access_token").empty()) {
    std::string reason = doc ? StringMember(*doc, "error") : "";
    return Fail(MakeError(errors::kInvalidCode,
                          "token endpoint: HTTP " + std::to_string(got->status) + " " + reason));
  }
  TokenSet t;
  const TimeMs now = clock_.NowMs();
  t.access_token = StringMember(*doc, "access_token");
  t.refresh_token = StringMember(*doc, "refresh_token");
  t.id_token = StringMember(*doc, "id_token");
  t.scope = StringMember(*doc, "scope");
  if (const auto* v = doc->if_contains("expires_in"); v != nullptr && v->is_int64()) {
    t.access_expires_at = now + v->as_int64() * 1000;
  }
  if (const auto* v = doc->if_contains("refresh_token_expires_in"); v != nullptr && v->is_int64()) {
    t.refresh_expires_at = now + v->as_int64() * 1000;
  }
  return t;
}

Result<TokenSet> Provider::ExchangeCode(const std::string& code, const std::string& verifier,
                                        const std::string& redirect_uri) const {
  return TokenRequest({{"grant_type", "authorization_code"},
                       {"code", code},
                       {"redirect_uri", redirect_uri},
                       {"code_verifier", verifier}});
}

Result<TokenSet> Provider::Refresh(const std::string& refresh_token) const {
  return TokenRequest({{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}});
}

}  // namespace latchkey::social

// The ID token's validation (OIDC Core §3.1.3.7) and the user's profile.
// The e-mail comes from userinfo when the provider has it: the ID token's
// claims are what the provider said at sign-in, userinfo is what it says
// now, and a provider may leave email_verified out of one of them.
#include <boost/json/serialize.hpp>

#include "core/strict_json.h"
#include "crypto/jose/jws.h"
#include "features/common/validation.h"
#include "features/social/issuer.h"
#include "features/social/provider.h"
#include "features/social/provider_json.h"
#include "features/social/social_errors.h"

namespace latchkey::social {
namespace {

Error BadIdToken(std::string detail) {
  return MakeError(errors::kInvalidIdToken, std::move(detail));
}

Error NoUserInfo(std::string detail) {
  return MakeError(errors::kFailedToGetUserInfo, std::move(detail));
}

// OIDC Core §3.1.3.7 steps 3–5: `aud` holds the client id; with several
// audiences, or an `azp` at all, `azp` must be the client id.
Result<void> CheckAudience(const boost::json::object& claims, const std::string& client_id) {
  const boost::json::value* aud = claims.if_contains("aud");
  std::size_t audiences = 1;
  if (aud != nullptr && aud->is_array()) audiences = aud->as_array().size();
  const boost::json::value* azp = claims.if_contains("azp");
  if (azp != nullptr || audiences > 1) {
    if (azp == nullptr || !azp->is_string() || azp->as_string() != client_id) {
      return Fail(BadIdToken("azp is not the client id"));
    }
  }
  return {};
}

Result<boost::json::object> GetJson(const std::string& url, const std::string& access_token,
                                    const outbound::OutboundOptions& http) {
  auto got = outbound::HttpGet(
      url, {{"Accept", "application/json"}, {"Authorization", "Bearer " + access_token}}, http);
  if (!got) return Fail(NoUserInfo(got.error().detail));
  if (got->status != 200) return Fail(NoUserInfo("HTTP " + std::to_string(got->status)));
  auto doc = ParseObject(got->body);
  if (!doc) return Fail(NoUserInfo("not a JSON object"));
  return std::move(*doc);
}

outbound::OutboundOptions ProfileHttp() {
  outbound::OutboundOptions http;
  http.timeout = std::chrono::milliseconds(5000);
  http.max_response_bytes = std::size_t{256} * 1024;
  return http;
}

// GitHub: the user API, and the e-mail API for a verified primary address
// (the profile's `email` is the public one, which may be anyone's).
Result<Profile> GitHubProfile(const Endpoints& e, const TokenSet& tokens) {
  const auto http = ProfileHttp();
  LK_ASSIGN_OR_RETURN(auto user, GetJson(e.userinfo, tokens.access_token, http));
  Profile p;
  p.account_id = StringMember(user, "id");
  p.name = StringMember(user, "name");
  if (p.name.empty()) p.name = StringMember(user, "login");
  if (std::string avatar = StringMember(user, "avatar_url"); !avatar.empty()) p.image = avatar;
  p.raw_json = boost::json::serialize(user);
  if (p.account_id.empty()) return Fail(NoUserInfo("no id"));
  if (!e.emails.empty()) {
    auto got = outbound::HttpGet(
        e.emails,
        {{"Accept", "application/json"}, {"Authorization", "Bearer " + tokens.access_token}}, http);
    if (got && got->status == 200) {
      json::StrictJson list = json::ParseStrict(got->body, 8);
      if (list.problem == json::StrictJsonProblem::kNone && list.value.is_array()) {
        for (const boost::json::value& item : list.value.as_array()) {
          if (!item.is_object() || !TrueMember(item.as_object(), "primary")) continue;
          p.email = validation::LowerAscii(StringMember(item.as_object(), "email"));
          p.email_verified = TrueMember(item.as_object(), "verified");
        }
      }
    }
  }
  if (p.email.empty()) p.email = validation::LowerAscii(StringMember(user, "email"));
  return p;
}

}  // namespace

boost::json::object MapUserInfo(const boost::json::object& info, const ProviderSettings& settings,
                                bool plain) {
  boost::json::object claims = info;
  struct Claim {
    std::string_view standard;
    const std::string& path;
    std::string_view common;  // a plain OAuth 2.0 API's usual spelling
  };
  const Claim mapped[] = {{"sub", settings.user_id_field, "id"},
                          {"email", settings.email_field, ""},
                          {"email_verified", settings.email_verified_field, ""},
                          {"name", settings.name_field, "login"},
                          {"picture", settings.image_field, "avatar_url"}};
  for (const Claim& c : mapped) {
    if (!c.path.empty()) {
      // A mapped claim comes from its path only: absent there, absent.
      const boost::json::value* at = AtPath(info, c.path);
      if (at != nullptr && (at->is_string() || at->is_number() || at->is_bool())) {
        claims[c.standard] = *at;
      } else {
        claims.erase(c.standard);
      }
    } else if (plain && !c.common.empty() && StringMember(claims, c.standard).empty() &&
               !StringMember(info, c.common).empty()) {
      // The common spellings of the user's id, name and picture (GitLab,
      // Discord, Gitea, …) where the OpenID ones are missing.
      claims[c.standard] = StringMember(info, c.common);
    }
  }
  return claims;
}

Result<Profile> ProfileFromClaims(const boost::json::object& claims) {
  Profile p;
  p.account_id = StringMember(claims, "sub");
  p.email = validation::LowerAscii(StringMember(claims, "email"));
  p.email_verified = TrueMember(claims, "email_verified");
  p.name = StringMember(claims, "name");
  if (std::string picture = StringMember(claims, "picture"); !picture.empty()) p.image = picture;
  p.raw_json = boost::json::serialize(claims);
  if (p.account_id.empty()) return Fail(NoUserInfo("no sub"));
  return p;
}

Result<boost::json::object> Provider::ValidateIdToken(const std::string& id_token,
                                                      const std::string& nonce,
                                                      bool require_nonce) const {
  if (id_token.empty()) return Fail(BadIdToken("no id_token in the token answer"));
  LK_ASSIGN_OR_RETURN(Endpoints e, GetEndpoints());
  // Entra ID tokens with group claims run past the default 8 KiB. `iss` is
  // checked below (CheckIssuer: Microsoft's multi-tenant issuers depend on
  // the token's `tid`). A token without `kid` is tried against the few
  // keys of its algorithm (providers with one key per type leave it out).
  crypto::jose::VerifyOptions options{.now = clock_.NowMs() / 1000,
                                      .leeway_seconds = clock_skew_s_,
                                      .audience = settings_.client_id,
                                      .max_token_bytes = std::size_t{32} * 1024,
                                      .max_keys_without_kid = kMaxKeysWithoutKid};
  LK_ASSIGN_OR_RETURN(auto keys, Keys(false));
  auto verified = crypto::jose::Verify(id_token, *keys, options);
  if (!verified && verified.error().code == "JWT_UNKNOWN_KID") {
    // The provider rotated its keys (or the token is forged): fetch again.
    LK_ASSIGN_OR_RETURN(keys, Keys(true));
    verified = crypto::jose::Verify(id_token, *keys, options);
  }
  if (!verified) return Fail(BadIdToken(std::string(verified.error().code)));
  const boost::json::object& claims = verified->claims;
  if (e.issuer.empty()) return Fail(BadIdToken("no issuer configured"));
  LK_TRY(CheckIssuer(e.issuer, claims));
  LK_TRY(CheckAudience(claims, settings_.client_id));
  const boost::json::value* iat = claims.if_contains("iat");
  if (iat == nullptr || !iat->is_number()) return Fail(BadIdToken("no iat"));
  // The nonce ties the token to this browser's request (OIDC Core §3.1.2.1).
  const bool check_nonce = require_nonce || !nonce.empty();
  if (check_nonce && (nonce.empty() || StringMember(claims, "nonce") != nonce)) {
    return Fail(BadIdToken("nonce mismatch"));
  }
  if (StringMember(claims, "sub").empty()) return Fail(BadIdToken("no sub"));
  return claims;
}

Result<Profile> Provider::FetchProfile(const TokenSet& tokens,
                                       const std::optional<boost::json::object>& id_claims) const {
  LK_ASSIGN_OR_RETURN(Endpoints e, GetEndpoints());
  if (settings_.preset == "github") return GitHubProfile(e, tokens);
  if (e.userinfo.empty()) {
    if (!id_claims) return Fail(NoUserInfo("neither userinfo nor an ID token"));
    return ProfileFromClaims(*id_claims);
  }
  LK_ASSIGN_OR_RETURN(auto info, GetJson(e.userinfo, tokens.access_token, ProfileHttp()));
  LK_ASSIGN_OR_RETURN(Profile p, ProfileFromClaims(MapUserInfo(info, settings_, !id_claims)));
  p.raw_json = boost::json::serialize(info);  // the provider's answer as it came
  // OIDC Core §5.3.4: userinfo's sub must be the ID token's.
  if (id_claims && StringMember(*id_claims, "sub") != p.account_id) {
    return Fail(NoUserInfo("userinfo sub differs from the ID token's"));
  }
  if (id_claims && p.name.empty()) p.name = StringMember(*id_claims, "name");
  return p;
}

}  // namespace latchkey::social

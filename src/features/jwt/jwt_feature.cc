#include "features/jwt/jwt_feature.h"

#include <boost/json/serialize.hpp>

#include "core/json_writer.h"
#include "features/common/validation.h"
#include "features/jwt/jwt_docs.h"
#include "http/body.h"

namespace latchkey::jwt {
namespace {

constexpr http::RouteSpec kTokenRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/token",
    .auth = http::Auth::kSession,
    .summary = "A JWT for the signed-in user (EdDSA by default, 15 min)",
    .doc = &kTokenDoc,
};
constexpr http::RouteSpec kJwksRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/jwks",
    .auth = http::Auth::kPublic,
    .summary = "The public keys that verify latchkey's JWTs (RFC 7517 JWK Set)",
    .doc = &kJwksDoc,
};
constexpr http::RouteSpec kVerifyRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/jwt/verify",
    .auth = http::Auth::kPublic,
    .body_limit = std::size_t{16} * 1024,
    .rate_limit_bucket = "jwt-verify",
    .summary = "Verifies a latchkey JWT and returns its claims",
    .doc = &kVerifyDoc,
};

}  // namespace

std::span<const std::string_view> JwtFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions"};
  return kDeps;
}

Result<std::string> JwtFeature::SessionToken(const sessions::SessionWithUser& found) const {
  boost::json::object claims;
  if (hooks_ != nullptr) hooks_->LoadTokenClaims(found, claims);
  return issuer_.ForSession(found.user, found.session.id,
                            claims.empty() ? std::string() : boost::json::serialize(claims));
}

Result<void> JwtFeature::Register(platform::Platform& platform) {
  hooks_ = &platform.hooks;
  if (!issuer_.settings().jwt_header_on_get_session) return {};
  // Better Auth's jwt plugin answers get-session with a set-auth-jwt header.
  platform.hooks.OnSessionResponse(
      [this](const sessions::SessionWithUser& found, http::Response& response) -> Result<void> {
        LK_ASSIGN_OR_RETURN(std::string token, SessionToken(found));
        response.AddHeader("set-auth-jwt", std::move(token));
        return {};
      });
  return {};
}

Result<void> JwtFeature::RegisterRoutes(platform::RouteTable& routes) {
  LK_TRY(routes.Add(kTokenRoute,
                    [this](const http::Request&, platform::Call& call) -> Result<http::Response> {
                      const auto& current = call.caller();
                      LK_ASSIGN_OR_RETURN(std::string token, SessionToken(current));
                      std::string body;
                      json::ObjectWriter(body).String("token", token).Close();
                      http::Response response = http::Response::Json(std::move(body));
                      response.no_store = true;
                      return response;
                    }));
  LK_TRY(routes.Add(kJwksRoute,
                    [this](const http::Request&, platform::Call&) -> Result<http::Response> {
                      LK_ASSIGN_OR_RETURN(auto snapshot, keys_.Current());
                      http::Response response = http::Response::Json(snapshot->jwks_json);
                      // Short: a verifier that meets an unknown kid after a rotation refetches.
                      response.AddHeader("Cache-Control", "public, max-age=60");
                      return response;
                    }));
  return routes.Add(
      kVerifyRoute, [this](const http::Request& req, platform::Call&) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(req, /*allow_form=*/false));
        LK_ASSIGN_OR_RETURN(std::string token, validation::RequireString(body, "token", 8192));
        LK_ASSIGN_OR_RETURN(auto verified, issuer_.Verify(token));
        std::string out;
        json::ObjectWriter(out)
            .Bool("valid", true)
            .Raw("payload", boost::json::serialize(verified.claims))
            .Close();
        http::Response response = http::Response::Json(std::move(out));
        response.no_store = true;
        return response;
      });
}

}  // namespace latchkey::jwt

#include "features/refresh_tokens/refresh_feature.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/random.h"
#include "crypto/token_hash.h"
#include "features/audit/audit.h"
#include "features/common/validation.h"
#include "features/platform/platform.h"
#include "features/refresh_tokens/refresh_docs.h"
#include "features/refresh_tokens/refresh_internal.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::refresh_tokens {
namespace internal {
namespace {

constexpr std::string_view kTokenPrefix = "lkr_";  // recognisable in logs and secret scanners
constexpr std::size_t kMaxTokenLength = 128;

}  // namespace

Result<std::string> Mint(store::Transaction& tx, const Family& family, const std::string& parent,
                         TimeMs now) {
  std::string token = std::string(kTokenPrefix) + crypto::RandomAlnum(43);
  store::Value parent_value = parent.empty() ? store::Value() : store::Value(parent);
  LK_TRY(tx.Exec(
      "INSERT INTO refresh_tokens (id, family_id, parent_id, token_hash, session_id, user_id, "
      "created_at, family_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {crypto::RandomAlnum(32), family.id, parent_value, crypto::HashToken(token),
       family.session_id, family.user_id, now, family.expires_at}));
  return token;
}

Result<std::string> ReadToken(const http::Request& request) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/true));
  LK_ASSIGN_OR_RETURN(std::string token,
                      validation::RequireString(body, "refresh_token", kMaxTokenLength));
  return token;
}

http::Response PairResponse(const std::string& access, std::int64_t access_ttl_s,
                            const std::string& refresh, TimeMs family_expires_at, TimeMs now) {
  std::string body;
  json::ObjectWriter(body)
      .String("access_token", access)
      .String("token_type", "Bearer")
      .Int("expires_in", access_ttl_s)
      .String("refresh_token", refresh)
      .Int("refresh_token_expires_in", (family_expires_at - now) / 1000)
      .Close();
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  return response;
}

}  // namespace internal

namespace {

using namespace internal;  // NOLINT(google-build-using-namespace): this folder's own helpers

constexpr ErrorInfo kErrors[] = {kInvalid, kExpired, kReused};
constexpr http::RouteSpec kIssueRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/refresh-token/issue",
    // Not for an API key: the family would outlive the key's revocation.
    .auth = http::Auth::kSensitiveSession,
    .body_limit = std::size_t{1024},
    .rate_limit_bucket = "refresh",
    .summary = "Exchanges the caller's session for an access token + refresh token pair",
    .doc = &kIssueDoc,
};
constexpr http::RouteSpec kRefreshRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/refresh",
    .auth = http::Auth::kPublic,
    .body_limit = std::size_t{4} * 1024,
    .rate_limit_bucket = "refresh",
    .summary = "Spends a refresh token for a new pair (rotation; reuse revokes the family)",
    .doc = &kRefreshDoc,
};
constexpr http::RouteSpec kRevokeRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/refresh/revoke",
    .auth = http::Auth::kPublic,
    .body_limit = std::size_t{4} * 1024,
    .rate_limit_bucket = "refresh",
    .summary = "Revokes a refresh token's whole family",
    .doc = &kRevokeDoc,
};

}  // namespace

std::span<const std::string_view> RefreshTokensFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit", "jwt"};
  return kDeps;
}

std::span<const ErrorInfo> RefreshTokensFeature::Errors() const { return kErrors; }

Result<void> RefreshTokensFeature::Register(platform::Platform& platform) {
  hooks_ = &platform.hooks;
  return {};
}

std::string RefreshTokensFeature::SessionClaims(const sessions::SessionWithUser& found) const {
  boost::json::object claims;
  if (hooks_ != nullptr) hooks_->LoadTokenClaims(found, claims);
  return claims.empty() ? std::string() : boost::json::serialize(claims);
}

Result<void> RefreshTokensFeature::RegisterRoutes(platform::RouteTable& routes) {
  LK_TRY(routes.Add(kIssueRoute, [this](const http::Request& req, platform::Call& call) {
    return Issue(req, call.caller());
  }));
  LK_TRY(routes.Add(kRefreshRoute,
                    [this](const http::Request& req, platform::Call&) { return Refresh(req); }));
  return routes.Add(kRevokeRoute,
                    [this](const http::Request& req, platform::Call&) { return Revoke(req); });
}

Result<http::Response> RefreshTokensFeature::Issue(const http::Request& request,
                                                   const sessions::SessionWithUser& current) const {
  const Clock& clock = services_.clock;
  const TimeMs now = clock.NowMs();
  // A family ends no later than its session's absolute end (ASVS 3.3.2).
  Family family{
      crypto::RandomAlnum(32), current.session.id, current.user.id,
      sessions_.CapExpiry(current.session.created_at, now + settings_.refresh_token_ttl_s * 1000)};
  LK_ASSIGN_OR_RETURN(
      std::string refresh,
      store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<std::string> {
        LK_ASSIGN_OR_RETURN(std::string token, Mint(tx, family, "", now));
        std::string details;
        json::ObjectWriter(details).String("family", family.id).Close();
        LK_TRY(audit::RecordInTransaction(tx, clock, request,
                                          {.type = "refresh_token.issue",
                                           .outcome = audit::kSuccess,
                                           .user_id = family.user_id,
                                           .session_id = family.session_id,
                                           .details_json = details}));
        return token;
      }));
  const std::int64_t ttl =
      std::min(issuer_.settings().access_token_ttl_s, (family.expires_at - now) / 1000);
  LK_ASSIGN_OR_RETURN(std::string access,
                      issuer_.Issue(current.user, ttl, family.session_id, SessionClaims(current)));
  return PairResponse(access, ttl, refresh, family.expires_at, now);
}

Result<http::Response> RefreshTokensFeature::Revoke(const http::Request& request) const {
  LK_ASSIGN_OR_RETURN(std::string token, ReadToken(request));
  const Clock& clock = services_.clock;
  LK_TRY(store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT family_id, user_id, session_id FROM "
                                            "refresh_tokens WHERE token_hash = ?",
                                            {crypto::HashToken(token)}));
    if (rows.empty()) return {};  // same answer: a client's logout must not fail
    LK_ASSIGN_OR_RETURN(std::string family, rows[0].GetString("family_id"));
    LK_TRY(
        tx.Exec("UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND "
                "revoked_at IS NULL",
                {clock.NowMs(), family}));
    std::string details;
    json::ObjectWriter(details).String("family", family).Close();
    return audit::RecordInTransaction(tx, clock, request,
                                      {.type = "refresh_token.revoke",
                                       .outcome = audit::kSuccess,
                                       .user_id = rows[0].GetString("user_id").value_or(""),
                                       .session_id = rows[0].GetString("session_id").value_or(""),
                                       .details_json = details});
  }));
  return http::Response::Json(R"({"status":true})");
}

}  // namespace latchkey::refresh_tokens

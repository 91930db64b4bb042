#include "features/jwt/jwt_issuer.h"

#include "core/json_writer.h"

namespace latchkey::jwt {
namespace {

constexpr std::size_t kMaxCached = 100000;

}  // namespace

std::string OriginOf(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  auto path = url.find('/', scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

JwtIssuer::JwtIssuer(const Config& config, const Clock& clock, KeyManager& keys)
    : config_(config),
      settings_(config.Get<JwtSettings>()),
      clock_(clock),
      keys_(keys),
      issuer_(settings_.jwt_issuer.empty() ? OriginOf(config.base_url) : settings_.jwt_issuer),
      audience_(settings_.jwt_audience.empty() ? OriginOf(config.base_url)
                                               : settings_.jwt_audience) {}

Result<std::string> JwtIssuer::Issue(const users::User& user, std::int64_t ttl_s,
                                     std::string_view session_id, std::string_view session_claims) {
  LK_ASSIGN_OR_RETURN(auto snapshot, keys_.Current());
  const std::int64_t now_s = clock_.NowMs() / 1000;
  // The user object's members, then ours; extra claims were checked at
  // startup not to name any of these.
  std::string claims = users::UserJson(user);
  claims.pop_back();  // the closing '}'
  std::string tail;
  json::ObjectWriter writer(tail);
  writer.Int("iat", now_s)
      .Int("exp", now_s + ttl_s)
      .String("sub", user.id)
      .String("iss", issuer_)
      .String("aud", audience_);
  if (!session_id.empty()) writer.String("sid", session_id);
  writer.Close();
  claims += ',';
  claims.append(tail, 1, tail.size() - 2);  // without its braces
  if (session_claims.size() > 2) {
    claims += ',';
    claims.append(session_claims.substr(1, session_claims.size() - 2));
  }
  if (settings_.jwt_extra_claims.size() > 2) {
    claims += ',';
    claims.append(settings_.jwt_extra_claims, 1, settings_.jwt_extra_claims.size() - 2);
  }
  claims += '}';
  return crypto::jose::Sign(snapshot->signing, claims, /*typ=*/"");
}

Result<std::string> JwtIssuer::ForSession(const users::User& user, std::string_view session_id,
                                          std::string_view session_claims) {
  const std::int64_t now_s = clock_.NowMs() / 1000;
  const std::int64_t ttl = settings_.jwt_expires_in_s;
  // Keyed by what the claims depend on: a changed user (or a changed field
  // another feature adds to it, docs/design.md "Hook points") is a new key.
  std::string key(session_id);
  key += '|';
  key += std::to_string(user.updated_at);
  for (const auto& [name, value] : user.extra_fields) key.append("|").append(value);
  key.append("|").append(session_claims);
  {
    std::lock_guard lock(cache_mu_);
    auto it = cache_.find(key);
    if (it != cache_.end() && now_s - it->second.iat <= ttl / 3) return it->second.token;
  }
  LK_ASSIGN_OR_RETURN(std::string token, Issue(user, ttl, {}, session_claims));
  std::lock_guard lock(cache_mu_);
  if (cache_.size() >= kMaxCached) cache_.clear();  // bounded; refills on demand
  cache_[key] = {token, now_s};
  return token;
}

Result<crypto::jose::VerifiedJwt> JwtIssuer::Verify(std::string_view token) {
  LK_ASSIGN_OR_RETURN(auto snapshot, keys_.Current());
  crypto::jose::VerifyOptions options;
  options.now = clock_.NowMs() / 1000;
  options.leeway_seconds = config_.jwt_clock_skew_s;
  options.issuer = issuer_;
  options.audience = audience_;
  return crypto::jose::Verify(token, snapshot->published, options);
}

}  // namespace latchkey::jwt

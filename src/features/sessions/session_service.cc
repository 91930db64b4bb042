#include "features/sessions/session_service.h"

#include "crypto/random.h"
#include "crypto/signed_value.h"
#include "crypto/token_hash.h"
#include "features/common/base_errors.h"
#include "features/users/user_store.h"

namespace latchkey::sessions {
namespace {

constexpr TimeMs kDontRememberLifetimeMs = 86400LL * 1000;

std::string SessionColumns() {
  return "s.id AS session_id, s.user_id AS session_user_id, s.expires_at, "
         "s.created_at AS session_created_at, s.updated_at AS session_updated_at, "
         "s.ip_address, s.user_agent, " +
         users::UserColumns("u.");
}

Result<SessionWithUser> RowToSession(const store::Row& row, const std::string& token) {
  SessionWithUser out;
  Session& s = out.session;
  s.token = token;
  LK_ASSIGN_OR_RETURN(s.id, row.GetString("session_id"));
  LK_ASSIGN_OR_RETURN(s.user_id, row.GetString("session_user_id"));
  LK_ASSIGN_OR_RETURN(s.expires_at, row.GetInt("expires_at"));
  LK_ASSIGN_OR_RETURN(s.created_at, row.GetInt("session_created_at"));
  LK_ASSIGN_OR_RETURN(s.updated_at, row.GetInt("session_updated_at"));
  LK_ASSIGN_OR_RETURN(auto ip, row.GetNullableString("ip_address"));
  LK_ASSIGN_OR_RETURN(auto ua, row.GetNullableString("user_agent"));
  s.ip_address = ip.value_or("");
  s.user_agent = ua.value_or("");
  LK_ASSIGN_OR_RETURN(out.user, users::RowToUser(row));
  return out;
}

}  // namespace

boost::json::object SessionToJson(const Session& s) {
  boost::json::object out;
  out["id"] = s.id;
  out["token"] = s.token;
  out["userId"] = s.user_id;
  out["expiresAt"] = FormatIsoTime(s.expires_at);
  out["createdAt"] = FormatIsoTime(s.created_at);
  out["updatedAt"] = FormatIsoTime(s.updated_at);
  out["ipAddress"] = s.ip_address;
  out["userAgent"] = s.user_agent;
  return out;
}

// 100k sessions × ~1 KiB worst case; entries older than a minute are re-read.
constexpr std::size_t kCacheEntries = 100000;
constexpr TimeMs kCacheTtlMs = 60 * 1000;

SessionService::SessionService(const Config& config, const Clock& clock, store::Store& store)
    : config_(config), clock_(clock), store_(store) {
  // With SQLite this process is the only writer, so invalidation is exact.
  // PostgreSQL may have other nodes revoking sessions: no cache until their
  // revocations reach us (Redis fan-out).
  if (store.dialect() == store::Dialect::kSqlite) {
    cache_ = std::make_unique<SessionCache>(kCacheEntries, kCacheTtlMs);
  }
}

Result<std::optional<SessionWithUser>> SessionService::Resolve(const std::string& token) const {
  const std::string hash = crypto::HashToken(token);
  const TimeMs now = clock_.NowMs();
  if (cache_) {
    if (auto hit = cache_->Find(hash, now)) {
      if (hit->session.expires_at <= now) return std::optional<SessionWithUser>();
      hit->session.token = token;
      return hit;
    }
  }
  const SessionCache::Ticket ticket = cache_ ? cache_->Prepare() : 0;
  // One statement, so no transaction: a single round trip on PostgreSQL.
  LK_ASSIGN_OR_RETURN(auto rows, store_.QueryOnce(FindByTokenSql(), {hash}));
  LK_ASSIGN_OR_RETURN(auto found, FirstUnexpired(rows, token));
  if (cache_ && found) cache_->Put(hash, *found, ticket, now);
  return found;
}

void SessionService::InvalidateToken(const std::string& token) const {
  if (cache_) cache_->InvalidateToken(crypto::HashToken(token));
}

void SessionService::InvalidateSession(const std::string& session_id) const {
  if (cache_) cache_->InvalidateSession(session_id);
}

void SessionService::InvalidateUser(const std::string& user_id) const {
  if (cache_) cache_->InvalidateUser(user_id);
}

Result<Session> SessionService::CreateSession(store::Transaction& tx, const std::string& user_id,
                                              bool remember, const http::Request& request) const {
  Session s;
  s.id = crypto::RandomAlnum(32);
  s.token = crypto::RandomAlnum(32);
  s.user_id = user_id;
  s.created_at = s.updated_at = clock_.NowMs();
  s.expires_at =
      s.created_at + (remember ? config_.session_expires_in_s * 1000 : kDontRememberLifetimeMs);
  s.ip_address = request.client_address;
  s.user_agent = std::string(request.Header("user-agent").value_or("").substr(0, 512));
  LK_TRY(
      tx.Exec("INSERT INTO sessions (id, token_hash, user_id, expires_at, created_at, updated_at, "
              "ip_address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              {s.id, crypto::HashToken(s.token), s.user_id, s.expires_at, s.created_at,
               s.updated_at, s.ip_address, s.user_agent}));
  return s;
}

const std::string& SessionService::FindByTokenSql() {
  static const std::string sql = "SELECT " + SessionColumns() +
                                 " FROM sessions s JOIN users u ON u.id = s.user_id "
                                 "WHERE s.token_hash = ?";
  return sql;
}

Result<std::optional<SessionWithUser>> SessionService::FindByToken(store::Transaction& tx,
                                                                   const std::string& token) const {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query(FindByTokenSql(), {crypto::HashToken(token)}));
  return FirstUnexpired(rows, token);
}

Result<std::optional<SessionWithUser>> SessionService::FirstUnexpired(
    const std::vector<store::Row>& rows, const std::string& token) const {
  if (rows.empty()) return std::optional<SessionWithUser>();
  LK_ASSIGN_OR_RETURN(SessionWithUser found, RowToSession(rows.front(), token));
  if (found.session.expires_at <= clock_.NowMs()) return std::optional<SessionWithUser>();
  return std::optional<SessionWithUser>(std::move(found));
}

Result<void> SessionService::DeleteSession(store::Transaction& tx,
                                           const std::string& session_id) const {
  LK_TRY(tx.Exec("DELETE FROM sessions WHERE id = ?", {session_id}));
  return {};
}

Result<void> SessionService::DeleteExpiredByToken(store::Transaction& tx,
                                                  const std::string& token) const {
  LK_TRY(tx.Exec("DELETE FROM sessions WHERE token_hash = ? AND expires_at <= ?",
                 {crypto::HashToken(token), clock_.NowMs()}));
  return {};
}

bool SessionService::NeedsRefresh(const Session& s) const {
  const TimeMs last_refresh = s.expires_at - config_.session_expires_in_s * 1000;
  return last_refresh + config_.session_update_age_s * 1000 <= clock_.NowMs();
}

Result<void> SessionService::Extend(store::Transaction& tx, Session& s) const {
  s.updated_at = clock_.NowMs();
  s.expires_at = s.updated_at + config_.session_expires_in_s * 1000;
  LK_TRY(tx.Exec("UPDATE sessions SET expires_at = ?, updated_at = ? WHERE id = ?",
                 {s.expires_at, s.updated_at, s.id}));
  return {};
}

std::optional<std::string> SessionService::TokenFromRequest(const http::Request& request) const {
  auto cookie = request.Cookie(CookieName("session_token"));
  if (!cookie) return std::nullopt;
  return crypto::VerifySignedValue(*cookie, config_.secret);
}

bool SessionService::HasDontRemember(const http::Request& request) const {
  auto cookie = request.Cookie(CookieName("dont_remember"));
  return cookie && crypto::VerifySignedValue(*cookie, config_.secret).has_value();
}

Result<SessionWithUser> SessionService::RequireSession(const http::Request& request) const {
  auto token = TokenFromRequest(request);
  if (!token) return Fail(MakeError(errors::kUnauthorized));
  LK_ASSIGN_OR_RETURN(auto found, Resolve(*token));
  if (!found) return Fail(MakeError(errors::kUnauthorized));
  return std::move(*found);
}

std::string SessionService::CookieName(std::string_view key) const {
  std::string name = config_.secure_cookies ? "__Secure-" : "";
  return name + config_.cookie_prefix + "." + std::string(key);
}

http::CookieSpec SessionService::BaseCookie(std::string_view key) const {
  http::CookieSpec cookie;
  cookie.name = CookieName(key);
  cookie.secure = config_.secure_cookies;
  return cookie;
}

void SessionService::SetSessionCookies(http::Response& response, const std::string& token,
                                       bool remember) const {
  http::CookieSpec session = BaseCookie("session_token");
  session.value = http::PercentEncode(crypto::SignValue(token, config_.secret));
  session.max_age = remember ? config_.session_expires_in_s : -1;
  response.SetCookie(http::SerializeCookie(session));
  if (!remember) {
    http::CookieSpec dont_remember = BaseCookie("dont_remember");
    dont_remember.value = http::PercentEncode(crypto::SignValue("true", config_.secret));
    response.SetCookie(http::SerializeCookie(dont_remember));
  }
  response.no_store = true;
}

void SessionService::ExpireCookie(http::Response& response, std::string_view key) const {
  http::CookieSpec cookie = BaseCookie(key);
  cookie.max_age = 0;
  response.SetCookie(http::SerializeCookie(cookie));
  response.no_store = true;
}

void SessionService::ClearSessionCookies(http::Response& response) const {
  for (std::string_view key : {"session_token", "session_data", "dont_remember"}) {
    ExpireCookie(response, key);
  }
}

}  // namespace latchkey::sessions

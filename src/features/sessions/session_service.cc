#include "features/sessions/session_service.h"

#include <algorithm>

#include "core/json_writer.h"
#include "crypto/random.h"
#include "crypto/signed_value.h"
#include "crypto/token_hash.h"
#include "features/change_feed/topics.h"
#include "features/common/base_errors.h"
#include "features/common/validation.h"
#include "features/users/user_store.h"

namespace latchkey::sessions {

namespace topics = change_feed::topics;
namespace {

constexpr TimeMs kDontRememberLifetimeMs = 86400LL * 1000;
// 100k sessions × ~1 KiB worst case; entries older than a minute are re-read.
constexpr std::size_t kCacheEntries = 100000;
constexpr TimeMs kCacheTtlMs = TimeMs{60} * 1000;

std::string SessionColumns() {
  return "s.id AS session_id, s.user_id AS session_user_id, s.expires_at, "
         "s.created_at AS session_created_at, s.updated_at AS session_updated_at, "
         "s.ip_address, s.user_agent, s.amr, s.expiry_fixed, " +
         users::UserColumns("u.");
}

// A session with its user, in one statement (the user through the users
// feature's join).
std::string SelectSessionsWhere(std::string_view where) {
  return "SELECT " + SessionColumns() + " FROM sessions s" + users::JoinUsers("u", "s.user_id") +
         " WHERE " + std::string(where);
}

std::vector<std::string> SplitAmr(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    if (comma != 0) out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string JoinAmr(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += ',';
    out += value;
  }
  return out;
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
  LK_ASSIGN_OR_RETURN(std::string amr, row.GetString("amr"));
  s.amr = SplitAmr(amr);
  LK_ASSIGN_OR_RETURN(s.expiry_fixed, row.GetBool("expiry_fixed"));
  LK_ASSIGN_OR_RETURN(out.user, users::RowToUser(row));
  return out;
}

}  // namespace

const std::string* FindPrivateField(const Session& session, std::string_view name) {
  for (const auto& [key, value] : session.private_fields) {
    if (key == name) return &value;
  }
  return nullptr;
}

bool HasAmr(const Session& session, std::string_view value) {
  return std::find(session.amr.begin(), session.amr.end(), value) != session.amr.end();
}

std::string SessionJson(const Session& s) {
  std::string out;
  out.reserve(320);
  json::ObjectWriter writer(out);
  writer.String("id", s.id)
      .String("token", s.token)
      .String("userId", s.user_id)
      .String("expiresAt", FormatIsoTime(s.expires_at))
      .String("createdAt", FormatIsoTime(s.created_at))
      .String("updatedAt", FormatIsoTime(s.updated_at))
      .String("ipAddress", s.ip_address)
      .String("userAgent", s.user_agent);
  for (const auto& [name, value] : s.extra_fields) writer.Raw(name, value);
  writer.Close();
  return out;
}

SessionService::SessionService(const Config& config, const Clock& clock, store::Store& store,
                               change_feed::ChangeFeed& feed)
    : config_(config),
      settings_(config.Get<SessionSettings>()),
      clock_(clock),
      store_(store),
      session_cookie_name_(CookieName("session_token")),
      dont_remember_cookie_name_(CookieName("dont_remember")),
      feed_(feed),
      cache_(std::make_unique<change_feed::KeyedCache<SessionWithUser>>(kCacheEntries, kCacheTtlMs,
                                                                        "session")) {
  using Kind = InvalidationEvent::Kind;
  // While other nodes' revocations may be lost (the feed is down) the cache
  // is off, so a revoked session is never served from it.
  listening_.push_back(feed_.Listen(
      std::string(topics::kSessionToken),
      [this](std::string_view hash) {
        ApplyInvalidation({.kind = Kind::kToken, .id = std::string(hash)});
      },
      [this](bool live) {
        cache_->SetLive(live);
        // Back after an outage: what was announced meanwhile is lost, so the
        // listeners (WebSockets) re-check everything they hold.
        if (!live) {
          feed_was_down_ = true;
        } else if (feed_was_down_.exchange(false)) {
          ApplyInvalidation({.kind = Kind::kResumed, .id = {}});
        }
      }));
  listening_.push_back(feed_.Listen(
      std::string(topics::kSession),
      [this](std::string_view id) {
        // "<session id>[:<user id>]"; ids are alphanumeric, so ':' separates.
        InvalidationEvent event{.kind = Kind::kSession, .id = std::string(id)};
        if (auto colon = event.id.find(':'); colon != std::string::npos) {
          event.user_id = event.id.substr(colon + 1);
          event.id.resize(colon);
        }
        ApplyInvalidation(event);
      },
      nullptr));
  listening_.push_back(feed_.Listen(
      std::string(topics::kUser),
      [this](std::string_view id) {
        ApplyInvalidation({.kind = Kind::kUser, .id = std::string(id)});
      },
      nullptr));
}

Result<std::optional<SessionWithUser>> SessionService::Resolve(const std::string& token) const {
  const std::string hash = crypto::HashToken(token);
  const TimeMs now = clock_.NowMs();
  if (auto hit = cache_->Find(hash, now)) {
    if (hit->session.expires_at <= now) return std::optional<SessionWithUser>();
    hit->session.token = token;
    return hit;
  }
  const auto ticket = cache_->Prepare();
  // One statement, so no transaction: a single round trip on PostgreSQL.
  LK_ASSIGN_OR_RETURN(auto rows, store_.QueryOnce(FindByTokenSql(), {hash}));
  LK_ASSIGN_OR_RETURN(auto found, FirstUnexpired(rows, token));
  if (found && fields_) {
    LK_TRY(store::InReadTransaction(store_,
                                    [&](store::Transaction& tx) { return fields_(tx, *found); }));
  }
  if (found) {
    cache_->Put(hash, *found,
                {std::string(topics::kSession) + found->session.id,
                 std::string(topics::kUser) + found->user.id},
                ticket, now);
  }
  return found;
}

Result<void> SessionService::InvalidateToken(store::Transaction& tx,
                                             const std::string& token) const {
  return feed_.Announce(tx, topics::kSessionToken, crypto::HashToken(token));
}

Result<void> SessionService::InvalidateSession(store::Transaction& tx,
                                               const std::string& session_id,
                                               const std::string& user_id) const {
  return feed_.Announce(tx, topics::kSession,
                        user_id.empty() ? session_id : session_id + ":" + user_id);
}

Result<void> SessionService::InvalidateUser(store::Transaction& tx,
                                            const std::string& user_id) const {
  return feed_.Announce(tx, topics::kUser, user_id);
}

void SessionService::ApplyInvalidation(const InvalidationEvent& event) const {
  switch (event.kind) {
    case InvalidationEvent::Kind::kToken:
      cache_->InvalidateKey(event.id);
      break;
    case InvalidationEvent::Kind::kSession:
      cache_->InvalidateTag(std::string(topics::kSession) + event.id);
      break;
    case InvalidationEvent::Kind::kUser:
      cache_->InvalidateTag(std::string(topics::kUser) + event.id);
      break;
    case InvalidationEvent::Kind::kResumed:
      break;  // SetLive(true) dropped the whole cache already
  }
  std::lock_guard<std::mutex> lock(listeners_mu_);
  for (const auto& listener : listeners_) listener(event);
}

void SessionService::AddInvalidationListener(
    std::function<void(const InvalidationEvent&)> listener) {
  std::lock_guard<std::mutex> lock(listeners_mu_);
  listeners_.push_back(std::move(listener));
}

Result<Session> SessionService::CreateSession(store::Transaction& tx, const std::string& user_id,
                                              const NewSession& options,
                                              const http::Request& request) const {
  Session s;
  s.id = crypto::RandomAlnum(32);
  s.token = crypto::RandomAlnum(32);
  s.user_id = user_id;
  s.created_at = s.updated_at = clock_.NowMs();
  s.expires_at = CapExpiry(s.created_at,
                           s.created_at + (options.remember ? settings_.session_expires_in_s * 1000
                                                            : kDontRememberLifetimeMs));
  if (options.fixed_expires_at) {
    s.expires_at = std::min(s.expires_at, *options.fixed_expires_at);
    s.expiry_fixed = true;
  }
  s.amr = options.amr;
  s.ip_address = request.client_address;
  s.user_agent = std::string(request.Header("user-agent").value_or("").substr(0, 512));
  LK_TRY(tx.Exec(
      "INSERT INTO sessions (id, token_hash, user_id, expires_at, created_at, updated_at, "
      "ip_address, user_agent, amr, expiry_fixed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {s.id, crypto::HashToken(s.token), s.user_id, s.expires_at, s.created_at, s.updated_at,
       s.ip_address, s.user_agent, JoinAmr(s.amr), std::int64_t{s.expiry_fixed ? 1 : 0}}));
  return s;
}

Result<void> SessionService::AddAmr(store::Transaction& tx, const Session& session,
                                    const std::vector<std::string>& values) const {
  std::vector<std::string> amr = session.amr;
  for (const std::string& value : values) {
    if (std::find(amr.begin(), amr.end(), value) == amr.end()) amr.push_back(value);
  }
  LK_TRY(tx.Exec("UPDATE sessions SET amr = ? WHERE id = ?", {JoinAmr(amr), session.id}));
  return InvalidateSession(tx, session.id, session.user_id);
}

const std::string& SessionService::FindByTokenSql() {
  static const std::string sql = SelectSessionsWhere("s.token_hash = ?");
  return sql;
}

Result<std::optional<SessionWithUser>> SessionService::FindByToken(store::Transaction& tx,
                                                                   const std::string& token) const {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query(FindByTokenSql(), {crypto::HashToken(token)}));
  LK_ASSIGN_OR_RETURN(auto found, FirstUnexpired(rows, token));
  if (found && fields_) LK_TRY(fields_(tx, *found));
  return found;
}

Result<std::optional<SessionWithUser>> SessionService::FirstUnexpired(
    const std::vector<store::Row>& rows, const std::string& token) const {
  if (rows.empty()) return std::optional<SessionWithUser>();
  LK_ASSIGN_OR_RETURN(SessionWithUser found, RowToSession(rows.front(), token));
  // Rows written before the absolute limit was set (or lowered) end there too.
  found.session.expires_at = CapExpiry(found.session.created_at, found.session.expires_at);
  if (found.session.expires_at <= clock_.NowMs()) return std::optional<SessionWithUser>();
  return std::optional<SessionWithUser>(std::move(found));
}

Result<std::optional<Session>> SessionService::FindLiveSession(
    store::Transaction& tx, const std::string& session_id) const {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query(SelectSessionsWhere("s.id = ?"), {session_id}));
  LK_ASSIGN_OR_RETURN(auto found, FirstUnexpired(rows, ""));
  if (!found) return std::optional<Session>();
  return std::optional<Session>(std::move(found->session));
}

Result<void> SessionService::DeleteSession(store::Transaction& tx,
                                           const std::string& session_id) const {
  LK_TRY(tx.Exec("DELETE FROM sessions WHERE id = ?", {session_id}));
  return {};
}

Result<bool> SessionService::EndSession(store::Transaction& tx, const std::string& session_id,
                                        const std::string& user_id) const {
  LK_ASSIGN_OR_RETURN(std::int64_t deleted,
                      tx.Exec("DELETE FROM sessions WHERE id = ?", {session_id}));
  if (deleted == 0) return false;
  LK_TRY(InvalidateSession(tx, session_id, user_id));
  return true;
}

Result<void> SessionService::CheckUse(const http::Request& request, const SessionWithUser& found,
                                      bool refresh) const {
  if (!use_check_) return {};
  return use_check_(request, found, refresh);
}

Result<std::vector<Session>> SessionService::ListUserSessions(store::Transaction& tx,
                                                              const std::string& user_id) const {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query(SelectSessionsWhere("s.user_id = ? AND s.expires_at > ? "
                                                              "ORDER BY s.created_at DESC, s.id"),
                                          {user_id, clock_.NowMs()}));
  std::vector<Session> out;
  out.reserve(rows.size());
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(SessionWithUser found, RowToSession(row, ""));
    found.session.expires_at = CapExpiry(found.session.created_at, found.session.expires_at);
    if (found.session.expires_at <= clock_.NowMs()) continue;
    out.push_back(std::move(found.session));
  }
  return out;
}

Result<std::int64_t> SessionService::DeleteUserSessions(store::Transaction& tx,
                                                        const std::string& user_id,
                                                        const std::string& keep_session_id) const {
  LK_ASSIGN_OR_RETURN(
      std::int64_t deleted,
      tx.Exec("DELETE FROM sessions WHERE user_id = ? AND id <> ?", {user_id, keep_session_id}));
  // The user's entries go from every cache; the kept session is re-read once.
  LK_TRY(InvalidateUser(tx, user_id));
  return deleted;
}

void SessionService::ExpireDeadCookies(const http::Request& request,
                                       http::Response& response) const {
  if (request.Cookie(session_cookie_name_)) ClearSessionCookies(response);
}

Result<void> SessionService::RequireFresh(const Session& session) const {
  // A key proves no recent sign-in, whatever its age (Better Auth: always fresh).
  if (session.from_api_key) return Fail(MakeError(errors::kSessionNotFresh));
  if (settings_.session_fresh_age_s == 0) return {};
  if (clock_.NowMs() - session.created_at < settings_.session_fresh_age_s * 1000) return {};
  return Fail(MakeError(errors::kSessionNotFresh));
}

}  // namespace latchkey::sessions

// SessionService's cookie and bearer half: reading the session token from a
// request (cookie or Authorization: Bearer), the cookies it sets and expires,
// and the multi-session cookies of one browser.
#include "crypto/keyring.h"
#include "crypto/signed_value.h"
#include "features/common/validation.h"
#include "features/sessions/session_service.h"

namespace latchkey::sessions {

// Cookies are signed with the raw current secret, as Better Auth signs them
// (an app's Better Auth middleware checks them with the same secret), and
// accepted under the previous secrets too until they are dropped from the
// configuration (docs/operations.md, "Rotating the server secret").
std::string SessionService::SignCookieValue(std::string_view value) const {
  return crypto::SignValue(value, config_.secret);
}

std::optional<std::string> SessionService::VerifyCookieValue(std::string_view signed_value) const {
  return crypto::VerifySignedValue(
      signed_value, crypto::Keyring(config_.secret, config_.previous_secrets).secrets());
}

std::optional<std::string> SessionService::SignedCookie(const http::Request& request,
                                                        std::string_view key) const {
  auto raw = request.Cookie(CookieName(key));
  if (!raw) return std::nullopt;
  return VerifyCookieValue(*raw);
}

// Better Auth's bearer plugin (docs/api.md, "Bearer"): "Authorization: Bearer <x>" stands in
// for the session cookie. A signed value ("token.signature", maybe
// percent-encoded) must carry our HMAC; a value without '.' is a raw session
// token. Anything else is ignored, as if the header were absent.
std::optional<std::string> SessionService::BearerToken(const http::Request& request) const {
  std::optional<std::string_view> credential = http::BearerCredential(request);
  if (!credential) return std::nullopt;
  std::string value(*credential);
  if (value.find('.') == std::string::npos) {
    if (value.empty() || value.size() > 256) return std::nullopt;
    return value;
  }
  if (value.find('%') != std::string::npos) value = http::PercentDecode(value, false);
  return VerifyCookieValue(value);
}

std::optional<std::string> SessionService::TokenFromRequest(const http::Request& request) const {
  if (auto bearer = BearerToken(request)) return bearer;
  auto cookie = request.Cookie(session_cookie_name_);
  if (!cookie) return std::nullopt;
  return VerifyCookieValue(*cookie);
}

bool SessionService::HasDontRemember(const http::Request& request) const {
  auto cookie = request.Cookie(dont_remember_cookie_name_);
  return cookie && VerifyCookieValue(*cookie).has_value();
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
  session.value = http::PercentEncode(SignCookieValue(token));
  session.max_age = remember ? settings_.session_expires_in_s : -1;
  response.SetCookie(http::SerializeCookie(session));
  // The bearer plugin's copy for clients without a cookie jar (docs/api.md, "Bearer").
  response.AddHeader("set-auth-token", SignCookieValue(token));
  if (!remember) {
    http::CookieSpec dont_remember = BaseCookie("dont_remember");
    dont_remember.value = http::PercentEncode(SignCookieValue("true"));
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

void SessionService::ExpireCookieNamed(http::Response& response, const std::string& name) const {
  http::CookieSpec cookie = BaseCookie("session_token");
  cookie.name = name;
  cookie.max_age = 0;
  response.SetCookie(http::SerializeCookie(cookie));
  response.no_store = true;
}

void SessionService::ClearSessionCookies(http::Response& response) const {
  for (std::string_view key : {"session_token", "session_data", "dont_remember"}) {
    ExpireCookie(response, key);
  }
}

std::vector<SessionService::DeviceSession> SessionService::DeviceSessions(
    const http::Request& request) const {
  const std::string prefix = session_cookie_name_ + "_multi-";
  std::vector<DeviceSession> out;
  for (auto& [name, value] : request.Cookies()) {
    if (name.rfind(prefix, 0) != 0) continue;
    auto token = VerifyCookieValue(value);
    // The name must be the one we would have written for this token.
    if (!token || name != prefix + validation::LowerAscii(*token)) continue;
    bool seen = false;
    for (const DeviceSession& d : out) seen = seen || d.cookie_name == name;
    if (!seen) out.push_back({name, std::move(*token)});
  }
  return out;
}

void SessionService::SetDeviceSessionCookie(http::Response& response,
                                            const std::string& token) const {
  http::CookieSpec cookie = BaseCookie("session_token");
  cookie.name += "_multi-" + validation::LowerAscii(token);
  cookie.value = http::PercentEncode(SignCookieValue(token));
  // Always the full lifetime, even for don't-remember sessions (docs/api.md, "Cookies").
  cookie.max_age = settings_.session_expires_in_s;
  response.SetCookie(http::SerializeCookie(cookie));
}

Result<void> SessionService::RememberDeviceSession(const http::Request& request,
                                                   http::Response& response,
                                                   const std::string& token,
                                                   const std::string& user_id) const {
  std::size_t kept = 0;
  for (const DeviceSession& device : DeviceSessions(request)) {
    if (device.token == token) return {};
    LK_ASSIGN_OR_RETURN(auto found, Resolve(device.token));
    if (!found || found->user.id != user_id) {
      if (found) ++kept;
      continue;
    }
    // The same user signed in again in this browser: the older session goes.
    LK_TRY(store::InTransaction(store_, [&](store::Transaction& tx) -> Result<void> {
      LK_TRY(DeleteSession(tx, found->session.id));
      return InvalidateSession(tx, found->session.id, found->user.id);
    }));
    ExpireCookieNamed(response, device.cookie_name);
  }
  if (kept < kMaxDeviceSessions) SetDeviceSessionCookie(response, token);
  return {};
}

}  // namespace latchkey::sessions

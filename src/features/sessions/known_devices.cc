#include "features/sessions/known_devices.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <vector>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/keyring.h"
#include "crypto/random.h"
#include "features/audit/audit.h"
#include "features/common/mail_layout.h"
#include "features/users/user_store.h"

namespace latchkey::sessions {
namespace {

constexpr std::string_view kCookieKey = "device_id";
constexpr long long kCookieMaxAgeS = 400LL * 86400;  // the longest browsers keep a cookie
constexpr TimeMs kForgetAfterMs = TimeMs{400} * 86400 * 1000;
constexpr std::size_t kMaxUserAgent = 200;

// The stored form of a device: HMAC under the known-devices key, so the
// table reveals neither device ids nor user agents and addresses.
std::string DeviceHash(std::string_view key, std::string_view kind, std::string_view value) {
  std::string message(kind);
  message += ':';
  message += value;
  return crypto::HexEncode(crypto::HmacSha256(key, message));
}

// Every hash a device may have been stored under: under the current
// derived key (what is written), under the previous secrets' derived keys,
// and under each raw secret, as versions before the keyring wrote them. A
// match on any counts as known; the upsert then adds the current form.
Result<std::vector<std::string>> DeviceHashes(const Config& config, std::string_view kind,
                                              std::string_view value) {
  const crypto::Keyring keyring(config.secret, config.previous_secrets);
  LK_ASSIGN_OR_RETURN(auto keys, keyring.Candidates(crypto::purpose::kKnownDevices));
  std::vector<std::string> hashes;
  hashes.reserve(keys.size() + keyring.secrets().size());
  for (const std::string& key : keys) hashes.push_back(DeviceHash(key, kind, value));
  for (const std::string& legacy : keyring.secrets()) {
    hashes.push_back(DeviceHash(legacy, kind, value));
  }
  return hashes;
}

// The shape of the ids we issue: 32 alphanumerics.
bool IsIssuedDeviceId(std::string_view id) {
  constexpr std::string_view kAlnum =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return id.size() == 32 && id.find_first_not_of(kAlnum) == std::string_view::npos;
}

// Whether the device is known for the user with this address: one statement,
// the user through the users feature's join.
const std::string& KnownByEmailSql() {
  static const std::string sql = "SELECT d.device_hash FROM known_devices d" +
                                 users::JoinUsers("u", "d.user_id") +
                                 " WHERE u.email = ? AND d.device_hash = ?";
  return sql;
}

OutgoingMail NoticeMail(const Config& config, const users::User& user, const std::string& when,
                        const std::string& agent, const std::string& address) {
  return ComposeMail(
      config, user.email,
      {.subject = "New sign-in to your account",
       .greeting_name = user.name,
       .before = {"Your account was just signed in to from a device we have not seen before.",
                  "When: " + when + "\nDevice: " + (agent.empty() ? "unknown" : agent) +
                      "\nAddress: " + address},
       .after = {"If this was you, there is nothing to do.",
                 "If it was not you, change your password now: that also signs out every "
                 "other session."}});
}

}  // namespace

std::string NetworkPrefix(const std::string& address) {
  std::array<unsigned char, 16> bytes{};
  char text[INET6_ADDRSTRLEN] = {};
  if (inet_pton(AF_INET, address.c_str(), bytes.data()) == 1) {
    bytes[3] = 0;
    inet_ntop(AF_INET, bytes.data(), text, sizeof text);
    return std::string(text) + "/24";
  }
  if (inet_pton(AF_INET6, address.c_str(), bytes.data()) == 1) {
    for (std::size_t i = 6; i < bytes.size(); ++i) bytes[i] = 0;
    inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
    return std::string(text) + "/48";
  }
  return address;
}

Result<std::string> KnownDevices::Recognize(store::Store& store, const http::Request& request,
                                            std::string_view email) const {
  const Config& config = services_.config;
  if (!enabled()) return std::string();
  const std::string device_id = request.Cookie(sessions_.CookieName(kCookieKey)).value_or("");
  if (!IsIssuedDeviceId(device_id)) return std::string();
  // Stored under the current key or an older one (DeviceHashes); named by
  // the current form, so the name survives a rotation.
  LK_ASSIGN_OR_RETURN(auto by_cookie, DeviceHashes(config, "cookie", device_id));
  return store::InReadTransaction(store, [&](store::Transaction& tx) -> Result<std::string> {
    for (const std::string& hash : by_cookie) {
      LK_ASSIGN_OR_RETURN(auto rows, tx.Query(KnownByEmailSql(), {std::string(email), hash}));
      // 128 bits name the device well enough.
      if (!rows.empty()) return by_cookie.front().substr(0, 32);
    }
    return std::string();
  });
}

Result<std::string> KnownDevices::OnSignIn(store::Transaction& tx, const http::Request& request,
                                           const users::User& user, bool notify) const {
  const Config& config = services_.config;
  if (!enabled()) return std::string();
  std::string device_id = request.Cookie(sessions_.CookieName(kCookieKey)).value_or("");
  // Only ids we could have issued. Anything else is new.
  if (!IsIssuedDeviceId(device_id)) device_id = crypto::RandomAlnum(32);
  const std::string agent(request.Header("user-agent").value_or("").substr(0, kMaxUserAgent));
  LK_ASSIGN_OR_RETURN(auto cookie_hashes, DeviceHashes(config, "cookie", device_id));
  LK_ASSIGN_OR_RETURN(
      auto context_hashes,
      DeviceHashes(config, "context", agent + "|" + NetworkPrefix(request.client_address)));
  const std::string by_cookie = cookie_hashes.front();
  const std::string by_context = context_hashes.front();

  LK_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT device_hash FROM known_devices WHERE user_id = ?", {user.id}));
  bool known = false;
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(std::string hash, row.GetString("device_hash"));
    known = known ||
            std::find(cookie_hashes.begin(), cookie_hashes.end(), hash) != cookie_hashes.end() ||
            std::find(context_hashes.begin(), context_hashes.end(), hash) != context_hashes.end();
  }
  const TimeMs now = services_.clock.NowMs();
  // Pruning rides on the rare sign-in from a new device, not on every one.
  if (!known) {
    LK_TRY(tx.Exec("DELETE FROM known_devices WHERE user_id = ? AND last_seen < ?",
                   {user.id, now - kForgetAfterMs}));
  }
  for (const std::string& hash : {by_cookie, by_context}) {
    // An upsert: two sign-ins of one user at once must not fail on the key.
    LK_TRY(
        tx.Exec("INSERT INTO known_devices (user_id, device_hash, first_seen, last_seen) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (user_id, device_hash) "
                "DO UPDATE SET last_seen = excluded.last_seen",
                {user.id, hash, now, now}));
  }
  if (notify && !known && !rows.empty()) {
    LK_TRY(mail_.Send(tx,
                      NoticeMail(config, user, FormatIsoTime(now), agent, request.client_address)));
    // The notice is itself a security event (docs/audit.md); security
    // webhooks follow it from there (docs/webhooks.md).
    LK_TRY(audit::RecordInTransaction(
        tx, services_.clock, request,
        {.type = "user.new_device_sign_in", .outcome = audit::kSuccess, .user_id = user.id}));
  }
  return device_id;
}

void KnownDevices::SetCookie(http::Response& response, const std::string& device_id) const {
  if (device_id.empty()) return;
  http::CookieSpec cookie = sessions_.BaseCookie(kCookieKey);
  cookie.value = device_id;
  cookie.max_age = kCookieMaxAgeS;
  response.SetCookie(http::SerializeCookie(cookie));
}

}  // namespace latchkey::sessions

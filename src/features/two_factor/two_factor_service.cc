#include "features/two_factor/two_factor_service.h"

#include "core/json_writer.h"
#include "crypto/otp.h"
#include "crypto/random.h"
#include "crypto/token_hash.h"
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/mail_layout.h"
#include "features/users/user_store.h"
#include "observability/log.h"

namespace latchkey::two_factor {
namespace {

// Better Auth's identifiers: [A-Za-z0-9_-].
constexpr std::string_view kIdAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
constexpr long long kChallengeCookieS = kChallengeLifeMs / 1000;

// encodeURIComponent: everything but A-Z a-z 0-9 - _ . ! ~ * ' ( ).
std::string UriComponent(std::string_view text) {
  static constexpr std::string_view kKeep = "-_.!~*'()";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || kKeep.find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The query value form: as a URI component, spaces as '+' (URLSearchParams).
std::string QueryValue(std::string_view text) {
  std::string out;
  for (std::string_view rest = text; !rest.empty();) {
    const auto space = rest.find(' ');
    out += UriComponent(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    out += '+';
    rest.remove_prefix(space + 1);
  }
  return out;
}

}  // namespace

Result<std::optional<http::Response>> TwoFactorService::Gate(
    const platform::SignInEvent& event) const {
  using Answer = std::optional<http::Response>;
  store::Store& store = deps_.services.store;
  // Most users have no second factor: a read decides, no write.
  LK_ASSIGN_OR_RETURN(auto state, store::InReadTransaction(store, [&](store::Transaction& tx) {
                        return store_ops::LoadState(tx, event.user.id);
                      }));
  if (!state || !state->enabled) return Answer();
  const TimeMs now = Now();
  const std::string id = "2fa-" + crypto::RandomString(20, kIdAlphabet);
  bool trusted = false;
  LK_TRY(store::InTransaction(store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto trust, TrustedDevice(tx, event.request, event.user.id));
    if (trust) {
      trusted = true;
      return {};
    }
    LK_TRY(store_ops::CreateChallenge(tx,
                                      {.id_hash = crypto::HashToken(id),
                                       .user_id = event.user.id,
                                       .method = std::string(event.method),
                                       .remember = event.remember,
                                       .expires_at = now + kChallengeLifeMs},
                                      now));
    std::string details;
    json::ObjectWriter(details).String("method", event.method).Close();
    return audit::RecordInTransaction(tx, deps_.services.clock, event.request,
                                      {.type = "two_factor.challenge",
                                       .outcome = audit::kSuccess,
                                       .user_id = event.user.id,
                                       .details_json = details});
  }));
  if (trusted) return Answer();
  std::vector<std::string> methods;
  for (std::string_view method : Methods(*state)) methods.emplace_back(method);
  std::string body;
  json::ObjectWriter(body)
      .Bool("twoFactorRedirect", true)
      .Raw("twoFactorMethods", json::StringArray(methods))
      .Close();
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  SetChallengeCookie(response, id);
  // As Better Auth: the session cookies a browser sent are not for this user.
  deps_.sessions.ExpireCookie(response, "session_token");
  deps_.sessions.ExpireCookie(response, "session_data");
  return Answer(std::move(response));
}

void TwoFactorService::RotateTrust(const platform::SessionCreatedEvent& event,
                                   http::Response& response) const {
  if (event.method == kRotationMethod || event.method == "change-password") return;
  auto value = SignedCookie(event.request, "trust_device");
  if (!value) return;
  auto trust_id = keys_.TrustId(event.user.id, *value);
  if (!trust_id) return;
  std::optional<std::string> renewed;
  auto done =
      store::InTransaction(deps_.services.store, [&](store::Transaction& tx) -> Result<void> {
        // Only the request that retires the old id gets a new one.
        LK_ASSIGN_OR_RETURN(bool retired,
                            store_ops::ForgetDevice(tx, crypto::HashToken(*trust_id)));
        if (!retired) return {};
        LK_ASSIGN_OR_RETURN(renewed, NewTrust(tx, event.user.id));
        return {};
      });
  if (!done) {
    log::Warn("trusted device rotation failed", {{"detail", done.error().detail}});
    return;
  }
  if (renewed) SetTrustCookie(response, *renewed);
}

Result<void> TwoFactorService::AddUserFields(store::Transaction& tx, users::User& user) const {
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT enabled FROM two_factors WHERE user_id = ?", {user.id}));
  bool enabled = false;
  if (!rows.empty()) {
    LK_ASSIGN_OR_RETURN(enabled, rows.front().GetBool("enabled"));
  }
  user.extra_fields.emplace_back("twoFactorEnabled", enabled ? "true" : "false");
  return {};
}

std::vector<std::string_view> TwoFactorService::Methods(const TwoFactorState& state) const {
  std::vector<std::string_view> methods;
  if (state.totp_verified) methods.emplace_back("totp");
  if (settings().two_factor_otp) methods.emplace_back("otp");
  return methods;
}

Result<void> TwoFactorService::CheckPassword(const http::Request& request, const users::User& user,
                                             const std::string& password) const {
  if (deps_.guard) LK_TRY(deps_.guard->BeforePasswordCheck(request, "two-factor", user.email));
  GuardedAttempt attempt(deps_.guard, request, user.email);
  LK_ASSIGN_OR_RETURN(auto stored,
                      store::InReadTransaction(deps_.services.store, [&](store::Transaction& tx) {
                        return users::FindPasswordHash(tx, user.id);
                      }));
  if (!stored) return Fail(MakeError(latchkey::errors::kInvalidPassword));
  LK_ASSIGN_OR_RETURN(bool valid, deps_.hasher.Verify(password, *stored));
  attempt.Finish(user.id, valid);
  if (!valid) {
    LK_TRY(audit::RecordStandalone(deps_.services.store, deps_.services.clock, request,
                                   {.type = "two_factor.password_check",
                                    .outcome = audit::kFailure,
                                    .user_id = user.id,
                                    .details_json = R"({"reason":"wrong_password"})"}));
    return Fail(MakeError(latchkey::errors::kInvalidPassword));
  }
  return {};
}

Result<sessions::Session> TwoFactorService::RotateSession(store::Transaction& tx,
                                                          const http::Request& request,
                                                          const sessions::SessionWithUser& caller,
                                                          std::vector<std::string> proven) const {
  const bool remember = !deps_.sessions.HasDontRemember(request);
  // The new session keeps what the old one proved, plus what was just proven.
  std::vector<std::string> amr = caller.session.amr;
  for (std::string& value : proven) {
    if (!sessions::HasAmr(caller.session, value)) amr.push_back(std::move(value));
  }
  LK_ASSIGN_OR_RETURN(sessions::Session renewed,
                      deps_.sign_in.StartSession(
                          tx, {request, caller.user, kRotationMethod, remember, std::move(amr)}));
  LK_TRY(deps_.sessions.DeleteSession(tx, caller.session.id));
  LK_TRY(deps_.sessions.InvalidateSession(tx, caller.session.id, caller.user.id));
  return renewed;
}

Result<void> TwoFactorService::SetRotatedCookies(const http::Request& request,
                                                 const users::User& user,
                                                 const sessions::Session& session,
                                                 http::Response& response) const {
  const bool remember = !deps_.sessions.HasDontRemember(request);
  return deps_.sign_in.SetCookies({request, user, kRotationMethod, remember}, session, response);
}

Result<void> TwoFactorService::Announce(store::Transaction& tx, const http::Request& request,
                                        const users::User& user, std::string_view session_id,
                                        const Notice& notice) const {
  LK_TRY(audit::RecordInTransaction(tx, deps_.services.clock, request,
                                    {.type = notice.type,
                                     .outcome = audit::kSuccess,
                                     .user_id = user.id,
                                     .session_id = std::string(session_id),
                                     .details_json = notice.details_json}));
  if (notice.subject.empty()) return {};
  std::vector<std::string> after = {
      "If this was not you, sign in, change your password and check your two-factor settings "
      "now."};
  return deps_.mail.Send(tx, ComposeMail(deps_.services.config, user.email,
                                         {.subject = notice.subject,
                                          .greeting_name = user.name,
                                          .before = notice.paragraphs,
                                          .after = std::move(after)}));
}

std::string TwoFactorService::TotpUri(const std::optional<std::string>& issuer,
                                      std::string_view email, std::string_view key) const {
  std::string name = issuer.value_or(settings().two_factor_issuer);
  if (name.empty()) name = deps_.services.config.product_name;
  return "otpauth://totp/" + UriComponent(name) + ":" + UriComponent(email) +
         "?secret=" + crypto::Base32Encode(key) + "&issuer=" + QueryValue(name) +
         "&digits=6&period=30";
}

std::optional<std::string> TwoFactorService::SignedCookie(const http::Request& request,
                                                          std::string_view key) const {
  return deps_.sessions.SignedCookie(request, key);
}

std::optional<std::string> TwoFactorService::ChallengeId(const http::Request& request) const {
  return SignedCookie(request, "two_factor");
}

void TwoFactorService::SetChallengeCookie(http::Response& response, std::string_view id) const {
  http::CookieSpec cookie = deps_.sessions.BaseCookie("two_factor");
  cookie.value = http::PercentEncode(deps_.sessions.SignCookieValue(id));
  cookie.max_age = kChallengeCookieS;
  response.SetCookie(http::SerializeCookie(cookie));
}

void TwoFactorService::ExpireCookie(http::Response& response, std::string_view key) const {
  deps_.sessions.ExpireCookie(response, key);
}

Result<std::optional<std::string>> TwoFactorService::TrustedDevice(
    store::Transaction& tx, const http::Request& request, const std::string& user_id) const {
  auto value = SignedCookie(request, "trust_device");
  if (!value) return std::optional<std::string>();
  auto trust_id = keys_.TrustId(user_id, *value);
  if (!trust_id) return std::optional<std::string>();
  LK_ASSIGN_OR_RETURN(bool live,
                      store_ops::IsTrusted(tx, crypto::HashToken(*trust_id), user_id, Now()));
  if (!live) return std::optional<std::string>();
  return trust_id;
}

Result<std::string> TwoFactorService::NewTrust(store::Transaction& tx,
                                               const std::string& user_id) const {
  const std::string trust_id = "trust-device-" + crypto::RandomString(32, kIdAlphabet);
  const TimeMs now = Now();
  LK_TRY(store_ops::TrustDevice(
      tx, crypto::HashToken(trust_id), user_id,
      now + static_cast<TimeMs>(settings().two_factor_trust_days) * 86'400'000, now));
  return keys_.TrustValue(user_id, trust_id);
}

void TwoFactorService::SetTrustCookie(http::Response& response, const std::string& value) const {
  http::CookieSpec cookie = deps_.sessions.BaseCookie("trust_device");
  cookie.value = http::PercentEncode(deps_.sessions.SignCookieValue(value));
  cookie.max_age = static_cast<long long>(settings().two_factor_trust_days) * 86'400;
  response.SetCookie(http::SerializeCookie(cookie));
}

}  // namespace latchkey::two_factor

#include "features/passkeys/passkey_service.h"

#include "crypto/random.h"
#include "crypto/token_hash.h"
#include "features/audit/audit.h"
#include "features/common/mail_layout.h"
#include "features/passkeys/passkey_errors.h"

namespace latchkey::passkeys {
namespace {

constexpr std::string_view kCookieKey = "better-auth-passkey";

// "scheme://host[:port]" of an absolute URL, and its host.
std::string OriginOf(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const auto path = url.find('/', scheme_end + 3);
  return std::string(url.substr(0, path));
}

std::string HostOf(std::string_view url) {
  std::string origin = OriginOf(url);
  const auto scheme_end = origin.find("://");
  std::string host = scheme_end == std::string::npos ? origin : origin.substr(scheme_end + 3);
  if (!host.empty() && host.front() == '[') return host.substr(1, host.find(']') - 1);
  return host.substr(0, host.find(':'));
}

}  // namespace

crypto::webauthn::RelyingParty RelyingPartyOf(const Config& config,
                                              const PasskeySettings& settings) {
  crypto::webauthn::RelyingParty rp;
  rp.rp_id = settings.passkey_rp_id.empty() ? HostOf(config.base_url) : settings.passkey_rp_id;
  if (!settings.passkey_origins.empty()) {
    rp.origins = settings.passkey_origins;
  } else {
    rp.origins.push_back(OriginOf(config.base_url));
    for (const std::string& trusted : config.trusted_origins) {
      // Wildcard patterns name no exact origin a ceremony can be checked against.
      if (trusted.find('*') == std::string::npos) rp.origins.push_back(OriginOf(trusted));
    }
  }
  rp.require_user_verification = settings.passkey_user_verification == "required";
  return rp;
}

PasskeyService::PasskeyService(PasskeyDeps deps)
    : deps_(std::move(deps)),
      rp_(RelyingPartyOf(deps_.services.config, deps_.settings)),
      rp_name_(deps_.settings.passkey_rp_name.empty() ? deps_.services.config.product_name
                                                      : deps_.settings.passkey_rp_name) {}

std::vector<std::string> PasskeyService::Amr(bool backup_eligible, bool user_verified) {
  std::vector<std::string> amr = {backup_eligible ? "swk" : "hwk", "user"};
  if (user_verified) amr.emplace_back("mfa");
  return amr;
}

Result<void> PasskeyService::BeginCeremony(const CeremonyChallenge& challenge,
                                           http::Response& response) const {
  const std::string id = crypto::RandomAlnum(32);
  const TimeMs now = Now();
  LK_TRY(store::InTransaction(deps_.services.store, [&](store::Transaction& tx) {
    return passkey_store::PutChallenge(tx, crypto::HashToken(id), challenge, now + kCeremonyLifeMs,
                                       now);
  }));
  http::CookieSpec cookie = deps_.sessions.BaseCookie(kCookieKey);
  cookie.value = http::PercentEncode(deps_.sessions.SignCookieValue(id));
  cookie.max_age = kCeremonyLifeMs / 1000;
  response.SetCookie(http::SerializeCookie(cookie));
  response.no_store = true;
  return {};
}

Result<CeremonyChallenge> PasskeyService::TakeCeremony(const http::Request& request,
                                                       std::string_view kind) const {
  auto raw = request.Cookie(deps_.sessions.CookieName(kCookieKey));
  if (!raw) return Fail(MakeError(errors::kChallengeNotFound, "no ceremony cookie"));
  auto id = deps_.sessions.VerifyCookieValue(*raw);
  if (!id) return Fail(MakeError(errors::kChallengeNotFound, "forged ceremony cookie"));
  LK_ASSIGN_OR_RETURN(auto taken,
                      store::InTransaction(deps_.services.store, [&](store::Transaction& tx) {
                        return passkey_store::ConsumeChallenge(tx, crypto::HashToken(*id), Now());
                      }));
  if (!taken || taken->kind != kind) {
    return Fail(MakeError(errors::kChallengeNotFound, "spent, expired or other ceremony"));
  }
  return std::move(*taken);
}

Result<void> PasskeyService::Announce(store::Transaction& tx, const http::Request& request,
                                      const users::User& user, std::string_view session_id,
                                      std::string_view type, const std::string& details_json,
                                      std::string subject, std::string paragraph) const {
  LK_TRY(audit::RecordInTransaction(tx, deps_.services.clock, request,
                                    {.type = type,
                                     .outcome = audit::kSuccess,
                                     .user_id = user.id,
                                     .session_id = std::string(session_id),
                                     .details_json = details_json}));
  return deps_.mail.Send(
      tx, ComposeMail(deps_.services.config, user.email,
                      {.subject = std::move(subject),
                       .greeting_name = user.name,
                       .before = {std::move(paragraph)},
                       .after = {"If this was not you, sign in, review your passkeys and change "
                                 "your password now."}}));
}

}  // namespace latchkey::passkeys

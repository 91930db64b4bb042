#include "features/api_keys/api_key_service.h"

#include "core/json_writer.h"
#include "crypto/token_hash.h"
#include "features/api_keys/api_key_errors.h"
#include "features/api_keys/api_key_store.h"
#include "features/audit/audit.h"
#include "features/change_feed/topics.h"

namespace latchkey::api_keys {

namespace topics = change_feed::topics;
namespace {

constexpr std::size_t kCacheEntries = 100000;
constexpr TimeMs kCacheTtlMs = TimeMs{60} * 1000;
// A key without counters records lastRequest at most this often, so its hot
// path stays free of writes.
constexpr TimeMs kTouchEveryMs = TimeMs{60} * 1000;

sessions::SessionWithUser AsSession(const VerifiedKey& found, const std::string& key,
                                    const http::Request& request,
                                    const sessions::SessionSettings& config, TimeMs now) {
  sessions::SessionWithUser out;
  sessions::Session& s = out.session;
  s.id = found.key.id;
  s.token = key;  // Better Auth returns the key itself as the token
  s.user_id = found.key.reference_id;
  s.expires_at = found.key.expires_at.value_or(now + config.session_expires_in_s * 1000);
  s.created_at = s.updated_at = now;
  s.ip_address = request.client_address;
  s.user_agent = std::string(request.Header("user-agent").value_or("").substr(0, 512));
  s.from_api_key = true;
  out.user = found.owner;
  return out;
}

int RetryAfterSeconds(std::int64_t wait_ms) {
  return static_cast<int>(std::max<std::int64_t>(1, (wait_ms + 999) / 1000));
}

}  // namespace

ApiKeyService::ApiKeyService(const Services& services, sessions::SessionService& sessions,
                             MailQueue& mail, change_feed::ChangeFeed& feed)
    : services_(services),
      settings_(services.config.Get<ApiKeySettings>()),
      sessions_(sessions),
      mail_(mail),
      feed_(feed),
      cache_(std::make_unique<change_feed::KeyedCache<CachedKey>>(kCacheEntries, kCacheTtlMs,
                                                                  "api_key")) {
  // Same rule as the session cache: while other nodes' notices may be lost,
  // nothing is served from the cache.
  listening_.push_back(feed_.Listen(
      std::string(topics::kApiKey),
      [this](std::string_view id) { cache_->InvalidateTag(std::string(topics::kApiKey) += id); },
      [this](bool live) { cache_->SetLive(live); }));
  // A user change announced by sessions, or the deletion of the owner's
  // keys, drops that owner's keys (tagged by the user topic).
  for (std::string_view topic : {topics::kUser, topics::kApiKeyOwner}) {
    listening_.push_back(feed_.Listen(
        std::string(topic),
        [this](std::string_view id) { cache_->InvalidateTag(std::string(topics::kUser) += id); },
        nullptr));
  }
}

Result<void> ApiKeyService::Invalidate(store::Transaction& tx, const std::string& key_id) const {
  return feed_.Announce(tx, topics::kApiKey, key_id);
}

Result<std::optional<VerifiedKey>> ApiKeyService::Lookup(const http::Request& request,
                                                         std::string* hash) const {
  auto header = request.Header(settings_.api_key_header);
  if (!header || header->empty()) return std::optional<VerifiedKey>();
  // Better Auth refuses anything shorter than a generated key with a 403.
  if (header->size() < kKeyRandomLength) return Fail(MakeError(errors::kMalformedApiKey));
  if (header->size() > kMaxKeyLength) return Fail(MakeError(errors::kInvalidApiKey));
  *hash = crypto::HashToken(*header);
  const TimeMs now = services_.clock.NowMs();
  if (auto hit = cache_->Find(*hash, now)) return std::optional<VerifiedKey>(std::move(hit->found));
  const auto ticket = cache_->Prepare();
  LK_ASSIGN_OR_RETURN(auto found, FindVerifiedKey(services_.store, *hash));
  if (!found) return Fail(MakeError(errors::kInvalidApiKey));
  cache_->Put(
      *hash, CachedKey{.found = *found},
      {std::string(topics::kApiKey) + found->key.id, std::string(topics::kUser) + found->owner.id},
      ticket, now);
  return found;
}

Result<void> ApiKeyService::Refuse(const http::Request& request, const VerifiedKey& found,
                                   std::string_view reason, bool delete_key) const {
  std::string details;
  json::ObjectWriter(details).String("keyId", found.key.id).String("reason", reason).Close();
  const audit::Event event{.type = "api_key.use",
                           .outcome = audit::kFailure,
                           .user_id = found.key.reference_id,
                           .details_json = details};
  const Clock& clock = services_.clock;
  if (!delete_key) return audit::RecordStandalone(services_.store, clock, request, event);
  return store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<void> {
    LK_TRY(DeleteKey(tx, found.key.id));
    LK_TRY(Invalidate(tx, found.key.id));
    return audit::RecordInTransaction(tx, clock, request, event);
  });
}

Result<void> ApiKeyService::CountUse(const http::Request& request, const VerifiedKey& found,
                                     const std::string& hash) const {
  const ApiKey& key = found.key;
  const TimeMs now = services_.clock.NowMs();
  if (!NeedsBookkeeping(key)) {
    // Written when the previous write is older than kTouchEveryMs, or unknown.
    auto claim = [now](CachedKey& cached) {
      if (cached.last_request_written != 0 && now - cached.last_request_written < kTouchEveryMs) {
        return false;
      }
      cached.last_request_written = now;
      return true;
    };
    if (!cache_->Modify(hash, claim).value_or(true)) return {};
    return store::InTransaction(services_.store,
                                [&](store::Transaction& tx) { return TouchKey(tx, key.id, now); });
  }
  enum class Outcome { kOk, kExhausted, kRateLimited };
  std::int64_t wait_ms = 0;
  LK_ASSIGN_OR_RETURN(
      Outcome outcome,
      store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<Outcome> {
        if (key.remaining) {
          LK_ASSIGN_OR_RETURN(bool taken, ConsumeRemaining(tx, key.id, now));
          if (!taken) return Outcome::kExhausted;
        }
        if (EvaluateRateLimit(key, now).kind != RateLimitDecision::kSkip) {
          LK_ASSIGN_OR_RETURN(auto wait, ConsumeRateLimit(tx, key.id, now));
          // Rolled back with the remaining unit: a refused use costs nothing.
          if (wait) {
            wait_ms = *wait;
            return Fail(MakeError(errors::kRateLimited));
          }
        } else {
          LK_TRY(TouchKey(tx, key.id, now));
        }
        return Outcome::kOk;
      }).or_else([&](Error e) -> Result<Outcome> {
        if (e.code == errors::kRateLimited.code) return Outcome::kRateLimited;
        return Fail(std::move(e));
      }));
  if (outcome == Outcome::kOk) return {};
  if (outcome == Outcome::kExhausted) {
    // Without a refill the key is spent for good: Better Auth deletes it.
    LK_TRY(Refuse(request, found, "usage_exceeded", !key.refill_amount));
    return Fail(MakeError(errors::kUsageExceeded));
  }
  LK_TRY(Refuse(request, found, "rate_limited", false));
  Error error = MakeError(errors::kRateLimited);
  error.retry_after_seconds = RetryAfterSeconds(wait_ms);
  return Fail(std::move(error));
}

Result<std::optional<sessions::SessionWithUser>> ApiKeyService::Authenticate(
    const http::Request& request) const {
  std::string hash;
  LK_ASSIGN_OR_RETURN(auto found, Lookup(request, &hash));
  if (!found) return std::optional<sessions::SessionWithUser>();
  const TimeMs now = services_.clock.NowMs();
  if (!found->key.enabled) {
    LK_TRY(Refuse(request, *found, "disabled", false));
    return Fail(MakeError(errors::kKeyDisabled));
  }
  if (found->key.expires_at && now > *found->key.expires_at) {
    LK_TRY(Refuse(request, *found, "expired", true));
    return Fail(MakeError(errors::kKeyExpired));
  }
  LK_TRY(CountUse(request, *found, hash));
  const std::string key(*request.Header(settings_.api_key_header));
  return std::optional<sessions::SessionWithUser>(
      AsSession(*found, key, request, sessions_.settings(), now));
}

Result<void> ApiKeyService::RequireKeyPermission(const http::Request& request,
                                                 const Permissions& required) const {
  std::string hash;
  LK_ASSIGN_OR_RETURN(auto found, Lookup(request, &hash));
  if (!found) return {};
  if (KeyMayAccess(found->key, required)) return {};
  LK_TRY(Refuse(request, *found, "insufficient_permissions", false));
  return Fail(MakeError(errors::kInsufficientPermissions));
}

}  // namespace latchkey::api_keys

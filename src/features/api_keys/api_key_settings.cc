#include "features/api_keys/api_key_settings.h"

namespace latchkey::api_keys {
namespace {

constexpr long long kMaxWindowMs = 400LL * 86400 * 1000;  // as long as a cookie may live

}  // namespace

settings::Table ApiKeySettingsTable() {
  using S = ApiKeySettings;
  return settings::SettingsTable<S>("api_keys", "API keys")
      .Add("api_key_header", &S::api_key_header, "request header that carries an API key")
      .Add("api_key_prefix", &S::api_key_prefix,
           "prefix of new API keys when the request names none (Better Auth `defaultPrefix`)")
      .Add("api_key_session", &S::api_key_session,
           "a request with an API key is authenticated as its owner wherever a plain session is "
           "enough (Better Auth `enableSessionForAPIKeys`, also off by default); never on "
           "account-management routes ([API keys as "
           "credentials](docs/api.md#api-keys-as-credentials))")
      .Add("revoke_api_keys_on_password_reset", &S::revoke_api_keys_on_password_reset,
           "a password reset deletes every API key of the account (refresh tokens always end "
           "with the sessions)")
      .Add("api_key_metadata", &S::api_key_metadata,
           "API keys accept `metadata` (Better Auth `enableMetadata`)")
      .Add("api_key_rate_limit_enabled", &S::api_key_rate_limit_enabled,
           "new API keys get a per-key rate limit")
      .Int("api_key_rate_limit_window_ms", &S::api_key_rate_limit_window_ms, 1, kMaxWindowMs,
           "new API keys' rate-limit window, ms")
      .Int("api_key_rate_limit_max", &S::api_key_rate_limit_max, 1, 1000000000,
           "new API keys' uses per window")
      .Build();
}

}  // namespace latchkey::api_keys

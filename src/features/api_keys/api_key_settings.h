// The API keys feature's configuration keys (docs/design.md "Settings";
// Better Auth's api-key plugin options, docs/api.md).
#ifndef LK_FEATURES_API_KEYS_API_KEY_SETTINGS_H_
#define LK_FEATURES_API_KEYS_API_KEY_SETTINGS_H_

#include <cstdint>
#include <string>

#include "core/settings.h"

namespace latchkey::api_keys {

struct ApiKeySettings {
  std::string api_key_header = "x-api-key";  // the request header that carries a key
  std::string api_key_prefix;                // default prefix of new keys (none, as Better Auth)
  bool api_key_session = false;              // a key authenticates as its owner (Better Auth: off)
  bool revoke_api_keys_on_password_reset = true;  // a reset also kills keys and refresh families
  bool api_key_metadata = false;                  // accept `metadata` (Better Auth enableMetadata)
  // Defaults for new keys' per-key rate limit (rateLimit.* in Better Auth).
  bool api_key_rate_limit_enabled = true;
  std::int64_t api_key_rate_limit_window_ms = 86400000;  // 1 d
  std::int64_t api_key_rate_limit_max = 10;
};

settings::Table ApiKeySettingsTable();

}  // namespace latchkey::api_keys

#endif  // LK_FEATURES_API_KEYS_API_KEY_SETTINGS_H_

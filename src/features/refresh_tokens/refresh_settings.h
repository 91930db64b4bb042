// The refresh-token flow's configuration keys (docs/design.md "Settings").
// The access tokens it hands out are the jwt feature's (access_token_ttl).
#ifndef LK_FEATURES_REFRESH_TOKENS_REFRESH_SETTINGS_H_
#define LK_FEATURES_REFRESH_TOKENS_REFRESH_SETTINGS_H_

#include <cstdint>

#include "core/settings.h"

namespace latchkey::refresh_tokens {

struct RefreshSettings {
  std::int64_t refresh_token_ttl_s = 2592000;  // absolute lifetime of a token family
  std::int64_t refresh_reuse_grace_s = 10;     // a just-rotated token still rotates once
};

settings::Table RefreshSettingsTable();

}  // namespace latchkey::refresh_tokens

#endif  // LK_FEATURES_REFRESH_TOKENS_REFRESH_SETTINGS_H_

#include "features/refresh_tokens/refresh_settings.h"

namespace latchkey::refresh_tokens {

settings::Table RefreshSettingsTable() {
  using S = RefreshSettings;
  return settings::SettingsTable<S>("refresh_tokens", "Refresh tokens")
      .Int("refresh_token_ttl", &S::refresh_token_ttl_s, 1, 400LL * 86400,
           "refresh flow: absolute lifetime of a token family, seconds")
      .Int("refresh_reuse_grace", &S::refresh_reuse_grace_s, 0, 120,
           "seconds a just-spent refresh token may be spent once more (a client's racing "
           "requests)")
      .Build();
}

}  // namespace latchkey::refresh_tokens

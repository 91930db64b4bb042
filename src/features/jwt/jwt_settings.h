// The jwt feature's configuration keys (docs/design.md "Settings"): the JWT
// plugin and the access tokens of the refresh-token flow, which it signs.
#ifndef LK_FEATURES_JWT_JWT_SETTINGS_H_
#define LK_FEATURES_JWT_JWT_SETTINGS_H_

#include <cstdint>
#include <string>

#include "core/settings.h"

namespace latchkey::jwt {

struct JwtSettings {
  std::string jwt_alg = "EdDSA";                   // EdDSA | ES256 | RS256
  std::int64_t jwt_expires_in_s = 900;             // GET /token and set-auth-jwt
  std::int64_t jwt_rotation_interval_s = 2592000;  // 30 d; 0 = never rotate
  std::string jwt_issuer;                          // "" = base_url's origin
  std::string jwt_audience;                        // "" = base_url's origin
  std::string jwt_extra_claims;           // a JSON object added to every JWT; stored compact
  bool jwt_header_on_get_session = true;  // set-auth-jwt (Better Auth's default)
  // The refresh flow's access JWT lifetime: keys stay published this long.
  std::int64_t access_token_ttl_s = 900;
};

settings::Table JwtSettingsTable();

}  // namespace latchkey::jwt

#endif  // LK_FEATURES_JWT_JWT_SETTINGS_H_

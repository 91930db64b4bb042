// The sessions feature's configuration keys (docs/design.md "Settings").
#ifndef LK_FEATURES_SESSIONS_SESSION_SETTINGS_H_
#define LK_FEATURES_SESSIONS_SESSION_SETTINGS_H_

#include <cstdint>

#include "core/settings.h"

namespace latchkey::sessions {

// Better Auth's defaults.
struct SessionSettings {
  std::int64_t session_expires_in_s = 604800;  // 7 d
  std::int64_t session_update_age_s = 86400;   // 1 d sliding refresh
  std::int64_t session_fresh_age_s = 86400;
  // Re-authentication after this long however active the session (ASVS 3.3.2);
  // the sliding refresh and the refresh-token flow never pass it. 0 = off.
  std::int64_t session_absolute_lifetime_s = 2592000;  // 30 d
  bool new_device_notice = true;  // mail the owner when an unknown device signs in
};

settings::Table SessionSettingsTable();

}  // namespace latchkey::sessions

#endif  // LK_FEATURES_SESSIONS_SESSION_SETTINGS_H_

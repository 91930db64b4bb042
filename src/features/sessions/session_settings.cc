#include "features/sessions/session_settings.h"

namespace latchkey::sessions {
namespace {

constexpr long long kMaxAgeS = 400LL * 86400;  // browsers cap cookie lifetimes at 400 days

}  // namespace

settings::Table SessionSettingsTable() {
  using S = SessionSettings;
  return settings::SettingsTable<S>("sessions", "Sessions")
      .Int("session_expires_in", &S::session_expires_in_s, 60, kMaxAgeS,
           "session lifetime, seconds")
      .Int("session_update_age", &S::session_update_age_s, 0, kMaxAgeS,
           "sliding refresh interval, seconds")
      .Int("session_fresh_age", &S::session_fresh_age_s, 0, kMaxAgeS,
           "a session younger than this (seconds) is fresh: account changes that need a "
           "recent sign-in accept it (`0` = always fresh)")
      .Int("session_absolute_lifetime", &S::session_absolute_lifetime_s, 0, 10LL * 365 * 86400,
           "re-authentication after this many seconds however active the session (ASVS "
           "3.3.2): the sliding refresh, refresh tokens and multi-session cookies never carry "
           "a session past `createdAt` + this; `0` = never (Better Auth)")
      .Add("new_device_notice", &S::new_device_notice,
           "mail the owner when an account signs in from a device not seen before (sets a "
           "`<prefix>.device_id` cookie, 400 days); a known device also keeps its own sign-in "
           "lockout")
      .Build();
}

}  // namespace latchkey::sessions

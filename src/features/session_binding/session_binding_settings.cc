#include "features/session_binding/session_binding_settings.h"

#include "features/session_binding/binding.h"

namespace latchkey::session_binding {

settings::Table SessionBindingSettingsTable() {
  using S = SessionBindingSettings;
  return settings::SettingsTable<S>("session_binding", "Session binding")
      .Add("session_binding", &S::session_binding,
           "`off`, `user_agent`, `ip_prefix` or `both`: a session used from another "
           "user-agent family or outside its client network (IPv4 /24, IPv6 /48) is refused "
           "(401 `SESSION_BINDING_MISMATCH`), revoked, audited and the owner mailed "
           "(docs/session-binding.md)")
      .Int("session_binding_ip_grace", &S::session_binding_ip_grace_s, 0, 7LL * 86400,
           "seconds a session may be used from outside its network before a refresh "
           "(`POST /refresh`) re-binds it; `0` = refused at once. User-agent changes are never "
           "graced")
      .Validate([](S& s, const Config&) -> Result<void> {
        return settings::OneOf("session_binding", s.session_binding,
                               {"off", "user_agent", "ip_prefix", "both"});
      })
      .Build();
}

}  // namespace latchkey::session_binding

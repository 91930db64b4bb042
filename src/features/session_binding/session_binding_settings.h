// The session-binding feature's configuration keys (docs/design.md
// "Settings", docs/session-binding.md).
#ifndef LK_FEATURES_SESSION_BINDING_SESSION_BINDING_SETTINGS_H_
#define LK_FEATURES_SESSION_BINDING_SESSION_BINDING_SETTINGS_H_

#include <cstdint>
#include <string>

#include "core/settings.h"

namespace latchkey::session_binding {

// Off by default: Better Auth has no binding (docs/compatibility.md).
struct SessionBindingSettings {
  std::string session_binding = "off";  // off | user_agent | ip_prefix | both
  // How long a session may be used from outside its network before a
  // refresh re-binds it (0 = never: any other network is refused).
  std::int64_t session_binding_ip_grace_s = 900;
};

settings::Table SessionBindingSettingsTable();

}  // namespace latchkey::session_binding

#endif  // LK_FEATURES_SESSION_BINDING_SESSION_BINDING_SETTINGS_H_

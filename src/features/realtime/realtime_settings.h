// The realtime WebSocket's configuration keys (docs/design.md "Settings",
// docs/websocket.md).
#ifndef LK_FEATURES_REALTIME_REALTIME_SETTINGS_H_
#define LK_FEATURES_REALTIME_REALTIME_SETTINGS_H_

#include "core/settings.h"

namespace latchkey::realtime {

struct RealtimeSettings {
  int realtime_max_sockets_per_user = 10;  // beyond: the upgrade gets 429
  int realtime_ping_interval_s = 25;       // ping after this much silence; drop after twice it
  int realtime_max_message_bytes = 4096;   // larger client messages close the socket (1009)
};

settings::Table RealtimeSettingsTable();

}  // namespace latchkey::realtime

#endif  // LK_FEATURES_REALTIME_REALTIME_SETTINGS_H_

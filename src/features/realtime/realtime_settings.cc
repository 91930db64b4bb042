#include "features/realtime/realtime_settings.h"

namespace latchkey::realtime {

settings::Table RealtimeSettingsTable() {
  using S = RealtimeSettings;
  return settings::SettingsTable<S>("realtime", "Realtime WebSocket")
      .Int("realtime_max_sockets_per_user", &S::realtime_max_sockets_per_user, 1, 1000,
           "open realtime WebSockets per user; one more gets 429 "
           "([docs/websocket.md](docs/websocket.md))")
      .Int("realtime_ping_interval", &S::realtime_ping_interval_s, 1, 3600,
           "seconds of silence before the server pings a WebSocket; silent for twice this → "
           "dropped")
      .Int("realtime_max_message_bytes", &S::realtime_max_message_bytes, 125, 65536,
           "largest message a WebSocket client may send (larger → close 1009)")
      .Build();
}

}  // namespace latchkey::realtime

// The session-binding rule (docs/session-binding.md), as pure functions: what
// a session is bound to, how it is kept with the cached session, and what a
// use of it decides. The feature (session_binding_feature.h) acts on the
// verdict.
// Thread-safety: pure functions.
#ifndef LK_FEATURES_SESSION_BINDING_BINDING_H_
#define LK_FEATURES_SESSION_BINDING_BINDING_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace latchkey::session_binding {

// session_binding: what a use must match.
enum class Mode { kOff, kUserAgent, kIpPrefix, kBoth };
// "off" | "user_agent" | "ip_prefix" | "both"; nullopt for anything else.
std::optional<Mode> ParseMode(std::string_view text);

struct Binding {
  std::string ua_family;  // UserAgentFamily() at creation (or the first bound use)
  std::string network;    // ClientNetwork() likewise
  // The first use from outside `network` while the grace runs.
  std::optional<TimeMs> network_left_at;
};

// The form kept in Session::private_fields under kPrivateField (one line
// per member; neither a family nor a network holds a newline).
inline constexpr std::string_view kPrivateField = "session_binding";
std::string EncodeBinding(const Binding& binding);
// nullopt when malformed.
std::optional<Binding> DecodeBinding(std::string_view text);

// The network a client address belongs to: the /24 of an IPv4 address
// (also when written IPv4-mapped, ::ffff:a.b.c.d), the /48 of an IPv6 one;
// the text itself when it is no address.
std::string ClientNetwork(const std::string& address);

// One use of a session.
struct Use {
  std::string ua_family;
  std::string network;
  TimeMs now = 0;
  bool refresh = false;  // POST /refresh: may re-bind
};

enum class Verdict {
  kAllow,            // matches (or a graced use whose grace already started)
  kBind,             // no binding yet: bind to this use
  kStartGrace,       // first use outside the network: the grace starts now
  kRebind,           // a refresh within the grace: bind to its network
  kRefuseUserAgent,  // another user-agent family (never graced)
  kRefuseNetwork,    // outside the network, no grace left
};

// The rule of docs/session-binding.md. `grace_ms` 0 = none.
Verdict Decide(Mode mode, TimeMs grace_ms, const std::optional<Binding>& stored, const Use& use);

}  // namespace latchkey::session_binding

#endif  // LK_FEATURES_SESSION_BINDING_BINDING_H_

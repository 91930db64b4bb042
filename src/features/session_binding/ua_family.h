// The user-agent family a session is bound to (docs/session-binding.md
// "User-agent families"): the browser family and the OS family read from a
// User-Agent header, never the versions, so a browser update or a changed
// minor detail keeps the family while a cookie replayed from another
// browser or system does not.
// Thread-safety: a pure function.
#ifndef LK_FEATURES_SESSION_BINDING_UA_FAMILY_H_
#define LK_FEATURES_SESSION_BINDING_UA_FAMILY_H_

#include <string>
#include <string_view>

namespace latchkey::session_binding {

// "<browser>/<os>", lower case. Browsers: edge, opera, samsung, yandex,
// vivaldi, firefox, chrome (Chromium and its iOS shell too), safari, ie;
// a client that is no browser is named by its first product token
// ("curl", "okhttp", "node", …, cut to 32 characters of [a-z0-9._-]);
// "unknown" when the header is absent or has no token. OS: windows,
// macos, ios, android, chromeos, linux, freebsd, openbsd, other.
std::string UserAgentFamily(std::string_view user_agent);

}  // namespace latchkey::session_binding

#endif  // LK_FEATURES_SESSION_BINDING_UA_FAMILY_H_

// Hiding credentials in configuration values before they are printed
// (`latchkey config check`) or put in an error message (ASVS 7.1.1, 14.3.3:
// no credentials in logs or output).
#ifndef LK_APP_REDACT_H_
#define LK_APP_REDACT_H_

#include <string>
#include <string_view>

namespace latchkey::app {

// A URL or a libpq keyword/value connection string with every credential
// replaced by "<redacted>":
//   - the password of the userinfo: postgres://app:pw@db/auth →
//     postgres://app:<redacted>@db/auth;
//   - the value of every query parameter whose name suggests a credential
//     (password, sslpassword, token, key, secret, auth, sig, code, ...):
//     postgres://db/auth?password=pw → postgres://db/auth?password=<redacted>;
//   - the same in a keyword/value string: "host=db password='p w'" →
//     "host=db password=<redacted>".
// Over-redacts rather than under-redacts when the input does not parse.
std::string RedactUrl(std::string_view url);

}  // namespace latchkey::app

#endif  // LK_APP_REDACT_H_

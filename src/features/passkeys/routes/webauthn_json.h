// The JSON forms of WebAuthn responses (RegistrationResponseJSON,
// AuthenticationResponseJSON, as @simplewebauthn/browser sends them),
// decoded to the bytes crypto/webauthn checks. Every base64url field is
// decoded strictly; a missing or ill-typed field is VALIDATION_ERROR.
#ifndef LK_FEATURES_PASSKEYS_ROUTES_WEBAUTHN_JSON_H_
#define LK_FEATURES_PASSKEYS_ROUTES_WEBAUTHN_JSON_H_

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "features/passkeys/passkey_store.h"

namespace latchkey::passkeys {

struct RegistrationJson {
  std::string raw_id;  // bytes
  std::string client_data_json;
  std::string attestation_object;
  std::string transports;  // comma-joined
  std::optional<std::string> name;
  bool create_session = false;  // answer with a new session too (Better Auth's createSession)
};

struct AuthenticationJson {
  std::string raw_id;  // bytes
  std::string client_data_json;
  std::string authenticator_data;
  std::string signature;
  std::string user_handle;  // bytes; empty when absent
};

// Errors: VALIDATION_ERROR for a missing field; FAILED_TO_VERIFY_REGISTRATION /
// AUTHENTICATION_FAILED for a field that is not base64url or id ≠ rawId.
Result<RegistrationJson> ParseRegistrationJson(const boost::json::object& body);
Result<AuthenticationJson> ParseAuthenticationJson(const boost::json::object& body);

// The credential descriptors of `passkeys` (allowCredentials / excludeCredentials).
std::string AllowList(const std::vector<Passkey>& passkeys);

}  // namespace latchkey::passkeys

#endif  // LK_FEATURES_PASSKEYS_ROUTES_WEBAUTHN_JSON_H_

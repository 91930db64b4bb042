#include "features/passkeys/routes/webauthn_json.h"

#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/encoding.h"
#include "features/common/validation.h"
#include "features/passkeys/passkey_errors.h"

namespace latchkey::passkeys {
namespace {

constexpr std::size_t kMaxField = std::size_t{64} * 1024;

Result<const boost::json::object*> RequireObject(const boost::json::object& parent,
                                                 std::string_view key) {
  const auto* value = parent.if_contains(key);
  if (value == nullptr || !value->is_object()) {
    return Fail(validation::FieldError(key, "Invalid input: expected object"));
  }
  return &value->as_object();
}

Result<std::string> Bytes(const boost::json::object& parent, std::string_view key,
                          const ErrorInfo& bad) {
  LK_ASSIGN_OR_RETURN(std::string text, validation::RequireString(parent, key, kMaxField));
  auto bytes = crypto::Base64UrlDecode(text);
  if (!bytes || bytes->empty()) return Fail(MakeError(bad, std::string(key) + " not base64url"));
  return std::move(*bytes);
}

// rawId, and id naming the same bytes, of a "public-key" credential.
Result<std::string> CredentialId(const boost::json::object& response, const ErrorInfo& bad) {
  LK_ASSIGN_OR_RETURN(std::string type, validation::RequireString(response, "type", 32));
  if (type != "public-key") return Fail(MakeError(bad, "credential type " + type));
  LK_ASSIGN_OR_RETURN(std::string raw_id, Bytes(response, "rawId", bad));
  LK_ASSIGN_OR_RETURN(std::string id, Bytes(response, "id", bad));
  if (id != raw_id) return Fail(MakeError(bad, "id and rawId differ"));
  return raw_id;
}

}  // namespace

Result<RegistrationJson> ParseRegistrationJson(const boost::json::object& body) {
  const ErrorInfo& bad = errors::kFailedToVerifyRegistration;
  LK_ASSIGN_OR_RETURN(const boost::json::object* response, RequireObject(body, "response"));
  LK_ASSIGN_OR_RETURN(const boost::json::object* inner, RequireObject(*response, "response"));
  RegistrationJson out;
  LK_ASSIGN_OR_RETURN(out.raw_id, CredentialId(*response, bad));
  LK_ASSIGN_OR_RETURN(out.client_data_json, Bytes(*inner, "clientDataJSON", bad));
  LK_ASSIGN_OR_RETURN(out.attestation_object, Bytes(*inner, "attestationObject", bad));
  if (const auto* transports = inner->if_contains("transports");
      transports != nullptr && transports->is_array()) {
    for (const auto& transport : transports->as_array()) {
      // Only the registered names (WebAuthn L2 §5.8.4); others are dropped.
      if (!transport.is_string()) continue;
      const std::string_view name = transport.as_string();
      if (name != "usb" && name != "nfc" && name != "ble" && name != "internal" &&
          name != "hybrid" && name != "cable" && name != "smart-card") {
        continue;
      }
      if (!out.transports.empty()) out.transports += ',';
      out.transports += name;
    }
  }
  LK_ASSIGN_OR_RETURN(out.name, validation::OptionalString(body, "name", 128));
  LK_ASSIGN_OR_RETURN(auto create_session, validation::OptionalBool(body, "createSession"));
  out.create_session = create_session.value_or(false);
  return out;
}

Result<AuthenticationJson> ParseAuthenticationJson(const boost::json::object& body) {
  const ErrorInfo& bad = errors::kAuthenticationInvalid;
  LK_ASSIGN_OR_RETURN(const boost::json::object* response, RequireObject(body, "response"));
  LK_ASSIGN_OR_RETURN(const boost::json::object* inner, RequireObject(*response, "response"));
  AuthenticationJson out;
  LK_ASSIGN_OR_RETURN(out.raw_id, CredentialId(*response, bad));
  LK_ASSIGN_OR_RETURN(out.client_data_json, Bytes(*inner, "clientDataJSON", bad));
  LK_ASSIGN_OR_RETURN(out.authenticator_data, Bytes(*inner, "authenticatorData", bad));
  LK_ASSIGN_OR_RETURN(out.signature, Bytes(*inner, "signature", bad));
  if (const auto* handle = inner->if_contains("userHandle");
      handle != nullptr && handle->is_string() && !handle->as_string().empty()) {
    LK_ASSIGN_OR_RETURN(out.user_handle, Bytes(*inner, "userHandle", bad));
  }
  return out;
}

}  // namespace latchkey::passkeys

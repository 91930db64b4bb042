// Authenticator data, byte by byte (WebAuthn L2 §6.1, §6.5.1).
#include "crypto/webauthn/auth_data.h"

#include <string>

#include "crypto/encoding.h"
#include "crypto/webauthn/cbor.h"
#include "crypto/webauthn/errors.h"
#include "crypto/webauthn/webauthn.h"

namespace latchkey::crypto::webauthn {
namespace {

constexpr std::size_t kRpIdHashBytes = 32, kAaguidBytes = 16;

Error Malformed(const char* detail) { return MakeError(kMalformedAuthData, detail); }

std::uint32_t BigEndian(std::string_view bytes) {
  std::uint32_t value = 0;
  for (char c : bytes) value = (value << 8) | static_cast<std::uint8_t>(c);
  return value;
}

}  // namespace

Result<AuthenticatorData> ParseAuthenticatorData(std::string_view bytes, bool attested) {
  AuthenticatorData data;
  if (bytes.size() < kRpIdHashBytes + 1 + 4) return Fail(Malformed("shorter than 37 bytes"));
  data.rp_id_hash = bytes.substr(0, kRpIdHashBytes);
  data.flags = static_cast<std::uint8_t>(bytes[kRpIdHashBytes]);
  data.sign_count = BigEndian(bytes.substr(kRpIdHashBytes + 1, 4));
  std::string_view rest = bytes.substr(kRpIdHashBytes + 5);

  if (data.Has(kFlagAt) != attested) {
    return Fail(
        Malformed(attested ? "AT flag clear in a registration" : "AT flag in an assertion"));
  }
  if (attested) {
    if (rest.size() < kAaguidBytes + 2) return Fail(Malformed("attested data truncated"));
    data.aaguid = rest.substr(0, kAaguidBytes);
    const std::size_t id_length = BigEndian(rest.substr(kAaguidBytes, 2));
    rest.remove_prefix(kAaguidBytes + 2);
    if (id_length == 0 || id_length > kMaxCredentialIdBytes) {
      return Fail(Malformed("credential id length outside 1..1023"));
    }
    if (rest.size() < id_length) return Fail(Malformed("credential id truncated"));
    data.credential_id = rest.substr(0, id_length);
    rest.remove_prefix(id_length);
    LK_ASSIGN_OR_RETURN(std::size_t key_length, cbor::ItemLength(rest));
    data.public_key = rest.substr(0, key_length);
    rest.remove_prefix(key_length);
  }
  if (data.Has(kFlagEd)) {
    // The map's length comes from its encoding, so a key followed by an
    // extensions map is split where the key ends, not where a guess says.
    LK_ASSIGN_OR_RETURN(std::size_t ext_length, cbor::ItemLength(rest));
    data.extensions = rest.substr(0, ext_length);
    LK_ASSIGN_OR_RETURN(cbor::ItemPtr map, cbor::Parse(data.extensions));
    if (!cbor_isa_map(map.get())) return Fail(Malformed("extensions are not a map"));
    rest.remove_prefix(ext_length);
  }
  if (!rest.empty()) return Fail(Malformed("bytes after the authenticator data"));
  return data;
}

std::string FormatAaguid(std::string_view aaguid) {
  std::string hex = HexEncode(aaguid);
  if (hex.size() != 32) return hex;
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace latchkey::crypto::webauthn

// Internal to crypto/webauthn: helpers the attestation formats share.
#ifndef LK_CRYPTO_WEBAUTHN_ATTESTATION_UTIL_H_
#define LK_CRYPTO_WEBAUTHN_ATTESTATION_UTIL_H_

#include <cbor.h>

#include <initializer_list>
#include <string_view>

#include "core/error.h"
#include "crypto/webauthn/cbor.h"
#include "crypto/webauthn/errors.h"

namespace latchkey::crypto::webauthn {

inline Error BadAttestation(const char* detail) { return MakeError(kBadAttestation, detail); }

// Every key of the statement map is text and one of `allowed`: a member we
// do not know (ecdaaKeyId, say) is refused, not ignored.
inline bool OnlyMembers(const cbor_item_t* map, std::initializer_list<std::string_view> allowed) {
  const cbor_pair* pairs = cbor_map_handle(map);
  for (std::size_t i = 0; i < cbor_map_size(map); ++i) {
    auto key = cbor::Text(pairs[i].key);
    if (!key) return false;
    bool known = false;
    for (std::string_view a : allowed) known = known || a == *key;
    if (!known) return false;
  }
  return true;
}

}  // namespace latchkey::crypto::webauthn

#endif  // LK_CRYPTO_WEBAUTHN_ATTESTATION_UTIL_H_

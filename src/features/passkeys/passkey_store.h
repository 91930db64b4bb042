// The passkeys feature's tables (migrations/0001_create_passkeys.sql);
// every function runs in the caller's transaction.
#ifndef LK_FEATURES_PASSKEYS_PASSKEY_STORE_H_
#define LK_FEATURES_PASSKEYS_PASSKEY_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::passkeys {

struct Passkey {
  std::string id;
  std::optional<std::string> name;
  std::string public_key;  // standard base64 of the COSE key
  std::string user_id;
  std::string credential_id;  // base64url
  std::int64_t counter = 0;
  std::string device_type;  // singleDevice | multiDevice
  bool backed_up = false;
  std::optional<std::string> transports;  // comma-joined
  std::optional<std::string> aaguid;
  std::string attestation_format;
  std::optional<std::string> user_handle;  // base64url
  TimeMs created_at = 0;
};

// Better Auth's row: {id,name,publicKey,userId,credentialID,counter,
// deviceType,backedUp,transports,createdAt,aaguid}.
std::string PasskeyJson(const Passkey& passkey);

struct CeremonyChallenge {
  std::string kind;         // "registration" | "authentication"
  std::string challenge;    // base64url, as sent in the options
  std::string user_id;      // registration: the caller; authentication: the e-mail's user or ""
  std::string user_handle;  // registration: the options' user.id (base64url)
};

namespace passkey_store {

Result<void> Insert(store::Transaction& tx, const Passkey& passkey);
Result<std::vector<Passkey>> ListByUser(store::Transaction& tx, std::string_view user_id);
Result<std::optional<Passkey>> FindById(store::Transaction& tx, std::string_view id);
Result<std::optional<Passkey>> FindByCredentialId(store::Transaction& tx,
                                                  std::string_view credential_id);
Result<bool> CredentialExists(store::Transaction& tx, std::string_view credential_id);
Result<void> Rename(store::Transaction& tx, std::string_view id, std::string_view name);
Result<void> Delete(store::Transaction& tx, std::string_view id);
// After a sign-in: the new counter and backup state.
Result<void> RecordUse(store::Transaction& tx, std::string_view id, std::int64_t counter,
                       bool backed_up, TimeMs now);

Result<void> PutChallenge(store::Transaction& tx, std::string_view id_hash,
                          const CeremonyChallenge& challenge, TimeMs expires_at, TimeMs now);
// Deletes the challenge and returns it if it was live: of two requests with
// one cookie only one gets it.
Result<std::optional<CeremonyChallenge>> ConsumeChallenge(store::Transaction& tx,
                                                          std::string_view id_hash, TimeMs now);

}  // namespace passkey_store
}  // namespace latchkey::passkeys

#endif  // LK_FEATURES_PASSKEYS_PASSKEY_STORE_H_

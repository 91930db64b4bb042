// The keys that seal mail bodies at rest in mail_outbox (AES-256-GCM, see
// crypto/aead.h). A queued mail carries a live one-time link (password reset,
// e-mail verification, deletion confirmation), so its body is stored only
// sealed, under a key derived from the server secret; the key's id is stored
// beside the ciphertext so a row queued before a secret rotation still opens
// under the previous secret.
//
// The outbox never sees the secrets: it takes an OutboxKeys provider (the
// current key and a lookup of older ones by id), which the application builds
// from its keyring. OutboxKeysFromSecrets() is the provider over the
// configured secret and previous_secrets.
#ifndef LK_MAIL_OUTBOX_KEYS_H_
#define LK_MAIL_OUTBOX_KEYS_H_

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "crypto/aead.h"

namespace latchkey::mail {

// HKDF info of the outbox sealing key (crypto::DeriveKey).
inline constexpr std::string_view kOutboxKeyInfo = "latchkey:mail-outbox:v1";

struct OutboxKey {
  std::string id;  // stored in mail_outbox.body_key_id; names the key, reveals nothing of it
  crypto::AeadKey key;
};

struct OutboxKeys {
  // The key new rows are sealed under. An error makes Enqueue() fail (a mail
  // is never queued in clear text).
  std::function<Result<OutboxKey>()> current;
  // The key named `id` (the current one or an older one still held), or
  // nullopt if this node does not hold it. Must be thread-safe.
  std::function<std::optional<crypto::AeadKey>(std::string_view id)> find;
};

// Keys derived from `secret` (current) and `previous` (older secrets, newest
// first): key = crypto::DeriveKey(secret, kOutboxKeyInfo), id = 16 hex
// characters of a separate HKDF output of the same secret. Empty secrets are
// skipped; with an empty `secret`, current() fails (kInternal).
// Thread-safe (immutable after construction).
OutboxKeys OutboxKeysFromSecrets(std::string_view secret, std::span<const std::string> previous);

// The body parts, as named in the associated data.
inline constexpr std::string_view kTextPart = "text_body";
inline constexpr std::string_view kHtmlPart = "html_body";

// The sealed form of one body part of row `row_id`, as stored: base64 of
// crypto::Seal() with the table, row id, part name and key id as associated
// data, so a ciphertext cannot be moved to another row or part.
Result<std::string> SealBody(const OutboxKey& key, std::string_view row_id, std::string_view part,
                             std::string_view plaintext);

// Reverses SealBody(). Errors: kInvalidArgument DECRYPTION_FAILED (wrong key,
// tampered or moved ciphertext) or a base64 error.
Result<std::string> OpenBody(const crypto::AeadKey& key, std::string_view key_id,
                             std::string_view row_id, std::string_view part,
                             std::string_view stored);

}  // namespace latchkey::mail

#endif  // LK_MAIL_OUTBOX_KEYS_H_

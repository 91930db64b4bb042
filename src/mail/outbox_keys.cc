// Secret-derived outbox keys and the stored form of a sealed body part.
#include "mail/outbox_keys.h"

#include <memory>
#include <utility>
#include <vector>

#include "crypto/encoding.h"

namespace latchkey::mail {
namespace {

constexpr std::string_view kKeyIdInfo = "latchkey:mail-outbox:key-id:v1";
constexpr std::size_t kKeyIdBytes = 8;  // 16 hex characters

Result<OutboxKey> KeyFromSecret(std::string_view secret) {
  LK_ASSIGN_OR_RETURN(crypto::AeadKey key, crypto::DeriveKey(secret, kOutboxKeyInfo));
  // A separate HKDF output: the id says which secret sealed a row without
  // being usable to open it.
  LK_ASSIGN_OR_RETURN(crypto::AeadKey id_bytes, crypto::DeriveKey(secret, kKeyIdInfo));
  std::string_view raw(reinterpret_cast<const char*>(id_bytes.data()), kKeyIdBytes);
  return OutboxKey{crypto::HexEncode(raw), key};
}

std::string AssociatedData(std::string_view key_id, std::string_view row_id,
                           std::string_view part) {
  std::string ad = "mail_outbox\x1f";
  ad.append(row_id).append("\x1f").append(part).append("\x1f").append(key_id);
  return ad;
}

}  // namespace

OutboxKeys OutboxKeysFromSecrets(std::string_view secret, std::span<const std::string> previous) {
  auto keys = std::make_shared<std::vector<OutboxKey>>();
  bool has_current = false;
  if (auto k = KeyFromSecret(secret)) {
    keys->push_back(std::move(*k));
    has_current = true;
  }
  for (const std::string& s : previous) {
    if (auto k = KeyFromSecret(s)) keys->push_back(std::move(*k));
  }
  OutboxKeys out;
  out.current = [keys, has_current]() -> Result<OutboxKey> {
    if (!has_current) {
      return Fail(InternalError("no server secret to derive the mail outbox key from"));
    }
    return keys->front();
  };
  out.find = [keys](std::string_view id) -> std::optional<crypto::AeadKey> {
    for (const OutboxKey& k : *keys) {
      if (k.id == id) return k.key;
    }
    return std::nullopt;
  };
  return out;
}

Result<std::string> SealBody(const OutboxKey& key, std::string_view row_id, std::string_view part,
                             std::string_view plaintext) {
  LK_ASSIGN_OR_RETURN(std::string sealed,
                      crypto::Seal(key.key, plaintext, AssociatedData(key.id, row_id, part)));
  return crypto::Base64Encode(sealed);
}

Result<std::string> OpenBody(const crypto::AeadKey& key, std::string_view key_id,
                             std::string_view row_id, std::string_view part,
                             std::string_view stored) {
  LK_ASSIGN_OR_RETURN(std::string sealed, crypto::Base64Decode(stored));
  return crypto::Open(key, sealed, AssociatedData(key_id, row_id, part));
}

}  // namespace latchkey::mail

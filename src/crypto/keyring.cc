#include "crypto/keyring.h"

#include <algorithm>

#include "crypto/errors.h"
#include "crypto/hash.h"

namespace latchkey::crypto {
namespace {

// DeriveKey()'s salt (crypto/aead.cc): keys sealed before the keyring used it.
constexpr std::string_view kSalt = "latchkey:aead:v1";

Result<std::string> Derive(std::string_view secret, std::string_view purpose) {
  if (secret.empty()) return Fail(MakeError(kInvalidKeyLength, "empty secret"));
  return HkdfSha256(secret, kSalt, Keyring::Label(purpose), kAeadKeyBytes);
}

}  // namespace

Keyring::Keyring(std::string_view current, const std::vector<std::string>& previous) {
  secrets_.emplace_back(current);
  for (const std::string& secret : previous) {
    if (secret.empty() || std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) {
      continue;
    }
    secrets_.push_back(secret);
  }
}

std::string Keyring::Label(std::string_view purpose) {
  std::string label = "latchkey/";
  label += purpose;
  label += "/v1";
  return label;
}

Result<std::string> Keyring::Key(std::string_view purpose) const {
  return Derive(current(), purpose);
}

Result<std::vector<std::string>> Keyring::Candidates(std::string_view purpose) const {
  std::vector<std::string> keys;
  keys.reserve(secrets_.size());
  for (const std::string& secret : secrets_) {
    LK_ASSIGN_OR_RETURN(std::string key, Derive(secret, purpose));
    keys.push_back(std::move(key));
  }
  return keys;
}

Result<AeadKey> Keyring::SealingKey(std::string_view purpose) const {
  LK_ASSIGN_OR_RETURN(std::string bytes, Key(purpose));
  return AeadKey::FromBytes(bytes);
}

Result<std::vector<AeadKey>> Keyring::SealingCandidates(std::string_view purpose) const {
  LK_ASSIGN_OR_RETURN(std::vector<std::string> candidates, Candidates(purpose));
  std::vector<AeadKey> keys;
  keys.reserve(candidates.size());
  for (const std::string& bytes : candidates) {
    LK_ASSIGN_OR_RETURN(AeadKey key, AeadKey::FromBytes(bytes));
    keys.push_back(key);
  }
  return keys;
}

Result<Keyring::Opened> Keyring::Open(std::string_view purpose, std::string_view sealed,
                                      std::string_view associated_data) const {
  LK_ASSIGN_OR_RETURN(std::vector<AeadKey> keys, SealingCandidates(purpose));
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (auto plaintext = crypto::Open(keys[i], sealed, associated_data)) {
      return Opened{std::move(*plaintext), i};
    }
  }
  return Fail(MakeError(kDecryptionFailed, "sealed under none of the configured secrets"));
}

}  // namespace latchkey::crypto

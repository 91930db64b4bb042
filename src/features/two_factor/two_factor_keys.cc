#include "features/two_factor/two_factor_keys.h"

#include <algorithm>

#include "crypto/aead.h"
#include "crypto/constant_time.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/random.h"

namespace latchkey::two_factor {
namespace {

// Purposes of derived keys (crypto/keyring.h): never rename one.
constexpr std::string_view kTotpPurpose = "two-factor/totp-secret";
constexpr std::string_view kBackupPurpose = "two-factor/backup-codes";
constexpr std::string_view kOtpPurpose = "two-factor/otp";

std::string AssociatedData(std::string_view user_id) {
  return "two_factors:" + std::string(user_id);
}

}  // namespace

Result<std::string> TwoFactorKeys::SealTotpKey(std::string_view user_id,
                                               std::string_view key) const {
  LK_ASSIGN_OR_RETURN(crypto::AeadKey sealing, keyring_.SealingKey(kTotpPurpose));
  LK_ASSIGN_OR_RETURN(std::string sealed, crypto::Seal(sealing, key, AssociatedData(user_id)));
  return crypto::Base64Encode(sealed);
}

Result<std::string> TwoFactorKeys::OpenTotpKey(std::string_view user_id,
                                               std::string_view stored) const {
  LK_ASSIGN_OR_RETURN(std::string sealed, crypto::Base64Decode(stored));
  LK_ASSIGN_OR_RETURN(auto opened, keyring_.Open(kTotpPurpose, sealed, AssociatedData(user_id)));
  return std::move(opened.plaintext);
}

Result<std::vector<std::string>> TwoFactorKeys::Hashes(std::string_view purpose,
                                                       std::string_view subject,
                                                       std::string_view code) const {
  LK_ASSIGN_OR_RETURN(std::vector<std::string> keys, keyring_.Candidates(purpose));
  std::vector<std::string> hashes;
  hashes.reserve(keys.size());
  const std::string message = std::string(subject) + "\n" + std::string(code);
  for (const std::string& key : keys) {
    hashes.push_back(crypto::HexEncode(crypto::HmacSha256(key, message)));
  }
  return hashes;
}

Result<std::vector<std::string>> TwoFactorKeys::BackupCodeHashes(std::string_view user_id,
                                                                 std::string_view code) const {
  std::string bare(code);
  std::erase(bare, '-');
  return Hashes(kBackupPurpose, user_id, bare);
}

Result<std::vector<std::string>> TwoFactorKeys::OtpHashes(std::string_view subject,
                                                          std::string_view code) const {
  return Hashes(kOtpPurpose, subject, code);
}

std::string TwoFactorKeys::TrustValue(std::string_view user_id, std::string_view trust_id) const {
  const std::string mac = crypto::Base64UrlEncode(
      crypto::HmacSha256(keyring_.current(), std::string(user_id) + "!" + std::string(trust_id)));
  return mac + "!" + std::string(trust_id);
}

std::optional<std::string> TwoFactorKeys::TrustId(std::string_view user_id,
                                                  std::string_view value) const {
  const auto bang = value.find('!');
  if (bang == std::string_view::npos || bang == 0) return std::nullopt;
  const std::string_view mac = value.substr(0, bang);
  const std::string_view trust_id = value.substr(bang + 1);
  if (trust_id.empty()) return std::nullopt;
  for (const std::string& secret : keyring_.secrets()) {
    const std::string expected = crypto::Base64UrlEncode(
        crypto::HmacSha256(secret, std::string(user_id) + "!" + std::string(trust_id)));
    if (crypto::ConstantTimeEquals(mac, expected)) return std::string(trust_id);
  }
  return std::nullopt;
}

std::vector<std::string> TwoFactorKeys::NewBackupCodes() {
  std::vector<std::string> codes;
  codes.reserve(kBackupCodeCount);
  for (int i = 0; i < kBackupCodeCount; ++i) {
    const std::string raw = crypto::RandomAlnum(10);
    codes.push_back(raw.substr(0, 5) + "-" + raw.substr(5));
  }
  return codes;
}

std::string TwoFactorKeys::NewOtp() { return crypto::RandomString(6, "0123456789"); }

}  // namespace latchkey::two_factor

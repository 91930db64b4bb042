// The two-factor feature's tables (migrations/0001_create_two_factor.sql).
// Every function runs in the caller's transaction. The single-use rules
// are decided by the database, so two requests racing with one code, one
// challenge or one trust cookie cannot both win: each claim is one UPDATE
// or DELETE whose row count says who got it.
#ifndef LK_FEATURES_TWO_FACTOR_TWO_FACTOR_STORE_H_
#define LK_FEATURES_TWO_FACTOR_TWO_FACTOR_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::two_factor {

struct TwoFactorState {
  bool enabled = false;                    // the user's twoFactorEnabled
  std::optional<std::string> totp_secret;  // sealed; nullopt = no authenticator
  bool totp_verified = false;              // a code proved the authenticator
  std::int64_t totp_last_step = -1;
  TimeMs totp_created_at = 0;
};

struct Challenge {
  std::string id_hash;
  std::string user_id;
  std::string method;  // the first factor's sign-in method
  bool remember = true;
  int failed_count = 0;
  TimeMs locked_until = 0;
  TimeMs expires_at = 0;
};

struct Otp {
  std::string code_hash;
  int attempts = 0;
  TimeMs expires_at = 0;
};

namespace store_ops {

Result<std::optional<TwoFactorState>> LoadState(store::Transaction& tx, std::string_view user_id);
// A new authenticator, not yet verified (enabled is left as it is).
Result<void> PutPendingTotp(store::Transaction& tx, std::string_view user_id,
                            std::string_view sealed, TimeMs now);
Result<void> SetEnabled(store::Transaction& tx, std::string_view user_id, bool enabled, TimeMs now);
// The authenticator is proven: TOTP verified and two-factor on.
Result<void> MarkTotpVerified(store::Transaction& tx, std::string_view user_id, TimeMs now);
// Claims TOTP time step `step` for the user: false when it or a later one
// was already used (RFC 6238 §5.2: a code is accepted once).
Result<bool> ClaimTotpStep(store::Transaction& tx, std::string_view user_id, std::int64_t step);
// Everything two-factor of the user: the row, codes, challenges, trusted devices.
Result<void> DeleteAll(store::Transaction& tx, std::string_view user_id);

Result<void> ReplaceBackupCodes(store::Transaction& tx, std::string_view user_id,
                                const std::vector<std::string>& hashes, TimeMs now);
// Deletes the code if one of `hashes` (its stored forms) is the user's:
// true for the one request that deleted it.
Result<bool> UseBackupCode(store::Transaction& tx, std::string_view user_id,
                           const std::vector<std::string>& hashes);
Result<std::int64_t> CountBackupCodes(store::Transaction& tx, std::string_view user_id);

Result<void> CreateChallenge(store::Transaction& tx, const Challenge& challenge, TimeMs now);
// The live challenge with this id hash; nullopt when unknown or expired.
Result<std::optional<Challenge>> FindChallenge(store::Transaction& tx, std::string_view id_hash,
                                               TimeMs now);
// Deletes it: true for the one request that did.
Result<bool> ConsumeChallenge(store::Transaction& tx, std::string_view id_hash);
// Counts a wrong code; the `max`-th locks the challenge until `lock_until`
// (and restarts the count). Returns true when this failure locked it.
Result<bool> FailChallenge(store::Transaction& tx, std::string_view id_hash, int max,
                           TimeMs lock_until);

Result<void> PutOtp(store::Transaction& tx, std::string_view subject, std::string_view user_id,
                    std::string_view code_hash, TimeMs expires_at, TimeMs now);
Result<std::optional<Otp>> FindOtp(store::Transaction& tx, std::string_view subject);
// Deletes the code if its hash is one of `hashes`: true for the one request that did.
Result<bool> ConsumeOtp(store::Transaction& tx, std::string_view subject,
                        const std::vector<std::string>& hashes);
Result<void> BumpOtpAttempts(store::Transaction& tx, std::string_view subject);
Result<void> DeleteOtp(store::Transaction& tx, std::string_view subject);

Result<void> TrustDevice(store::Transaction& tx, std::string_view id_hash, std::string_view user_id,
                         TimeMs expires_at, TimeMs now);
Result<bool> IsTrusted(store::Transaction& tx, std::string_view id_hash, std::string_view user_id,
                       TimeMs now);
// Deletes one trusted device: true for the one request that did.
Result<bool> ForgetDevice(store::Transaction& tx, std::string_view id_hash);
Result<void> ForgetUserDevices(store::Transaction& tx, std::string_view user_id);

}  // namespace store_ops
}  // namespace latchkey::two_factor

#endif  // LK_FEATURES_TWO_FACTOR_TWO_FACTOR_STORE_H_

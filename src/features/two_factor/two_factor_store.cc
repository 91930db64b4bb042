#include "features/two_factor/two_factor_store.h"

namespace latchkey::two_factor::store_ops {
namespace {

// "?, ?, …" for n values, and the values after `first`.
std::string Placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

std::vector<store::Value> Args(std::string_view first, const std::vector<std::string>& rest) {
  std::vector<store::Value> args{std::string(first)};
  for (const std::string& value : rest) args.emplace_back(value);
  return args;
}

Result<void> Upsert(store::Transaction& tx, std::string_view user_id, TimeMs now) {
  LK_TRY(tx.Exec(
      "INSERT INTO two_factors (user_id, enabled, created_at, updated_at) VALUES (?, 0, ?, ?) "
      "ON CONFLICT (user_id) DO NOTHING",
      {std::string(user_id), now, now}));
  return {};
}

}  // namespace

Result<std::optional<TwoFactorState>> LoadState(store::Transaction& tx, std::string_view user_id) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT enabled, totp_secret, totp_verified, totp_last_step, "
                               "totp_created_at FROM two_factors WHERE user_id = ?",
                               {std::string(user_id)}));
  if (rows.empty()) return std::optional<TwoFactorState>();
  const store::Row& row = rows.front();
  TwoFactorState state;
  LK_ASSIGN_OR_RETURN(state.enabled, row.GetBool("enabled"));
  LK_ASSIGN_OR_RETURN(state.totp_verified, row.GetBool("totp_verified"));
  LK_ASSIGN_OR_RETURN(state.totp_last_step, row.GetInt("totp_last_step"));
  LK_ASSIGN_OR_RETURN(state.totp_secret, row.GetNullableString("totp_secret"));
  LK_ASSIGN_OR_RETURN(auto created, row.GetNullableInt("totp_created_at"));
  state.totp_created_at = created.value_or(0);
  return std::optional<TwoFactorState>(std::move(state));
}

Result<void> PutPendingTotp(store::Transaction& tx, std::string_view user_id,
                            std::string_view sealed, TimeMs now) {
  LK_TRY(Upsert(tx, user_id, now));
  LK_TRY(
      tx.Exec("UPDATE two_factors SET totp_secret = ?, totp_verified = 0, totp_last_step = -1, "
              "totp_created_at = ?, updated_at = ? WHERE user_id = ?",
              {std::string(sealed), now, now, std::string(user_id)}));
  return {};
}

Result<void> SetEnabled(store::Transaction& tx, std::string_view user_id, bool enabled,
                        TimeMs now) {
  LK_TRY(Upsert(tx, user_id, now));
  LK_TRY(tx.Exec("UPDATE two_factors SET enabled = ?, updated_at = ? WHERE user_id = ?",
                 {std::int64_t{enabled ? 1 : 0}, now, std::string(user_id)}));
  return {};
}

Result<void> MarkTotpVerified(store::Transaction& tx, std::string_view user_id, TimeMs now) {
  LK_TRY(tx.Exec(
      "UPDATE two_factors SET totp_verified = 1, enabled = 1, updated_at = ? WHERE user_id = ?",
      {now, std::string(user_id)}));
  return {};
}

Result<bool> ClaimTotpStep(store::Transaction& tx, std::string_view user_id, std::int64_t step) {
  LK_ASSIGN_OR_RETURN(std::int64_t claimed,
                      tx.Exec("UPDATE two_factors SET totp_last_step = ? WHERE user_id = ? AND "
                              "totp_last_step < ?",
                              {step, std::string(user_id), step}));
  return claimed == 1;
}

Result<void> DeleteAll(store::Transaction& tx, std::string_view user_id) {
  for (std::string_view table : {"two_factor_backup_codes", "two_factor_challenges",
                                 "two_factor_otps", "two_factor_trusted_devices", "two_factors"}) {
    LK_TRY(tx.Exec("DELETE FROM " + std::string(table) + " WHERE user_id = ?",
                   {std::string(user_id)}));
  }
  return {};
}

Result<void> ReplaceBackupCodes(store::Transaction& tx, std::string_view user_id,
                                const std::vector<std::string>& hashes, TimeMs now) {
  LK_TRY(tx.Exec("DELETE FROM two_factor_backup_codes WHERE user_id = ?", {std::string(user_id)}));
  for (const std::string& hash : hashes) {
    LK_TRY(tx.Exec(
        "INSERT INTO two_factor_backup_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)",
        {std::string(user_id), hash, now}));
  }
  return {};
}

Result<bool> UseBackupCode(store::Transaction& tx, std::string_view user_id,
                           const std::vector<std::string>& hashes) {
  LK_ASSIGN_OR_RETURN(std::int64_t deleted,
                      tx.Exec("DELETE FROM two_factor_backup_codes WHERE user_id = ? AND "
                              "code_hash IN (" +
                                  Placeholders(hashes.size()) + ")",
                              Args(user_id, hashes)));
  return deleted >= 1;
}

Result<std::int64_t> CountBackupCodes(store::Transaction& tx, std::string_view user_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) AS n FROM two_factor_backup_codes WHERE "
                                          "user_id = ?",
                                          {std::string(user_id)}));
  return rows.front().GetInt("n");
}

Result<void> CreateChallenge(store::Transaction& tx, const Challenge& challenge, TimeMs now) {
  // The user's dead challenges go with each new one: the table stays small.
  LK_TRY(tx.Exec("DELETE FROM two_factor_challenges WHERE user_id = ? AND expires_at <= ?",
                 {challenge.user_id, now}));
  LK_TRY(
      tx.Exec("INSERT INTO two_factor_challenges (id_hash, user_id, method, remember, "
              "expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
              {challenge.id_hash, challenge.user_id, challenge.method,
               std::int64_t{challenge.remember ? 1 : 0}, challenge.expires_at, now}));
  return {};
}

Result<std::optional<Challenge>> FindChallenge(store::Transaction& tx, std::string_view id_hash,
                                               TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT user_id, method, remember, failed_count, "
                                          "locked_until, expires_at FROM two_factor_challenges "
                                          "WHERE id_hash = ? AND expires_at > ?",
                                          {std::string(id_hash), now}));
  if (rows.empty()) return std::optional<Challenge>();
  const store::Row& row = rows.front();
  Challenge challenge{.id_hash = std::string(id_hash)};
  LK_ASSIGN_OR_RETURN(challenge.user_id, row.GetString("user_id"));
  LK_ASSIGN_OR_RETURN(challenge.method, row.GetString("method"));
  LK_ASSIGN_OR_RETURN(challenge.remember, row.GetBool("remember"));
  LK_ASSIGN_OR_RETURN(std::int64_t failed, row.GetInt("failed_count"));
  challenge.failed_count = static_cast<int>(failed);
  LK_ASSIGN_OR_RETURN(challenge.locked_until, row.GetInt("locked_until"));
  LK_ASSIGN_OR_RETURN(challenge.expires_at, row.GetInt("expires_at"));
  return std::optional<Challenge>(std::move(challenge));
}

Result<bool> ConsumeChallenge(store::Transaction& tx, std::string_view id_hash) {
  LK_ASSIGN_OR_RETURN(
      std::int64_t deleted,
      tx.Exec("DELETE FROM two_factor_challenges WHERE id_hash = ?", {std::string(id_hash)}));
  return deleted == 1;
}

Result<bool> FailChallenge(store::Transaction& tx, std::string_view id_hash, int max,
                           TimeMs lock_until) {
  LK_TRY(
      tx.Exec("UPDATE two_factor_challenges SET failed_count = failed_count + 1 WHERE "
              "id_hash = ?",
              {std::string(id_hash)}));
  LK_ASSIGN_OR_RETURN(std::int64_t locked,
                      tx.Exec("UPDATE two_factor_challenges SET failed_count = 0, "
                              "locked_until = ? WHERE id_hash = ? AND failed_count >= ?",
                              {lock_until, std::string(id_hash), std::int64_t{max}}));
  return locked == 1;
}

Result<void> PutOtp(store::Transaction& tx, std::string_view subject, std::string_view user_id,
                    std::string_view code_hash, TimeMs expires_at, TimeMs now) {
  LK_TRY(DeleteOtp(tx, subject));
  LK_TRY(tx.Exec(
      "INSERT INTO two_factor_otps (subject, user_id, code_hash, attempts, "
      "expires_at, created_at) VALUES (?, ?, ?, 0, ?, ?)",
      {std::string(subject), std::string(user_id), std::string(code_hash), expires_at, now}));
  return {};
}

Result<std::optional<Otp>> FindOtp(store::Transaction& tx, std::string_view subject) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT code_hash, attempts, expires_at FROM "
                                          "two_factor_otps WHERE subject = ?",
                                          {std::string(subject)}));
  if (rows.empty()) return std::optional<Otp>();
  Otp otp;
  LK_ASSIGN_OR_RETURN(otp.code_hash, rows.front().GetString("code_hash"));
  LK_ASSIGN_OR_RETURN(std::int64_t attempts, rows.front().GetInt("attempts"));
  otp.attempts = static_cast<int>(attempts);
  LK_ASSIGN_OR_RETURN(otp.expires_at, rows.front().GetInt("expires_at"));
  return std::optional<Otp>(std::move(otp));
}

Result<bool> ConsumeOtp(store::Transaction& tx, std::string_view subject,
                        const std::vector<std::string>& hashes) {
  LK_ASSIGN_OR_RETURN(std::int64_t deleted,
                      tx.Exec("DELETE FROM two_factor_otps WHERE subject = ? AND code_hash IN (" +
                                  Placeholders(hashes.size()) + ")",
                              Args(subject, hashes)));
  return deleted == 1;
}

Result<void> BumpOtpAttempts(store::Transaction& tx, std::string_view subject) {
  LK_TRY(tx.Exec("UPDATE two_factor_otps SET attempts = attempts + 1 WHERE subject = ?",
                 {std::string(subject)}));
  return {};
}

Result<void> DeleteOtp(store::Transaction& tx, std::string_view subject) {
  LK_TRY(tx.Exec("DELETE FROM two_factor_otps WHERE subject = ?", {std::string(subject)}));
  return {};
}

Result<void> TrustDevice(store::Transaction& tx, std::string_view id_hash, std::string_view user_id,
                         TimeMs expires_at, TimeMs now) {
  LK_TRY(tx.Exec("DELETE FROM two_factor_trusted_devices WHERE user_id = ? AND expires_at <= ?",
                 {std::string(user_id), now}));
  LK_TRY(
      tx.Exec("INSERT INTO two_factor_trusted_devices (id_hash, user_id, expires_at, "
              "created_at) VALUES (?, ?, ?, ?)",
              {std::string(id_hash), std::string(user_id), expires_at, now}));
  return {};
}

Result<bool> IsTrusted(store::Transaction& tx, std::string_view id_hash, std::string_view user_id,
                       TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT 1 AS one FROM two_factor_trusted_devices WHERE "
                                          "id_hash = ? AND user_id = ? AND expires_at > ?",
                                          {std::string(id_hash), std::string(user_id), now}));
  return !rows.empty();
}

Result<bool> ForgetDevice(store::Transaction& tx, std::string_view id_hash) {
  LK_ASSIGN_OR_RETURN(
      std::int64_t deleted,
      tx.Exec("DELETE FROM two_factor_trusted_devices WHERE id_hash = ?", {std::string(id_hash)}));
  return deleted == 1;
}

Result<void> ForgetUserDevices(store::Transaction& tx, std::string_view user_id) {
  LK_TRY(
      tx.Exec("DELETE FROM two_factor_trusted_devices WHERE user_id = ?", {std::string(user_id)}));
  return {};
}

}  // namespace latchkey::two_factor::store_ops

#include "features/verification/verification_store.h"

#include "crypto/random.h"
#include "crypto/token_hash.h"

namespace latchkey::verification {

std::span<const store::Migration> EmbeddedMigrations();

namespace {

struct Found {
  std::string id;
  std::string user_id;
  TimeMs expires_at;
};

Result<std::optional<Found>> Find(store::Transaction& tx, std::string_view purpose,
                                  std::string_view token) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, user_id, expires_at FROM "
                                          "verification_tokens WHERE token_hash = ? AND "
                                          "purpose = ?",
                                          {crypto::HashToken(token), std::string(purpose)}));
  if (rows.empty()) return std::optional<Found>();
  Found f;
  LK_ASSIGN_OR_RETURN(f.id, rows[0].GetString("id"));
  LK_ASSIGN_OR_RETURN(f.user_id, rows[0].GetString("user_id"));
  LK_ASSIGN_OR_RETURN(f.expires_at, rows[0].GetInt("expires_at"));
  return std::optional<Found>(std::move(f));
}

}  // namespace

Result<std::string> CreateToken(store::Transaction& tx, const Clock& clock,
                                std::string_view purpose, std::string_view user_id, TimeMs ttl_ms,
                                std::size_t length) {
  std::string token = crypto::RandomAlnum(length);
  const TimeMs now = clock.NowMs();
  LK_TRY(
      tx.Exec("INSERT INTO verification_tokens (id, token_hash, purpose, user_id, expires_at, "
              "created_at) VALUES (?, ?, ?, ?, ?, ?)",
              {crypto::RandomAlnum(32), crypto::HashToken(token), std::string(purpose),
               std::string(user_id), now + ttl_ms, now}));
  return token;
}

Result<std::optional<std::string>> PeekToken(store::Transaction& tx, const Clock& clock,
                                             std::string_view purpose, std::string_view token) {
  LK_ASSIGN_OR_RETURN(auto found, Find(tx, purpose, token));
  if (!found || found->expires_at <= clock.NowMs()) return std::optional<std::string>();
  return std::optional<std::string>(found->user_id);
}

Result<std::optional<std::string>> ConsumeToken(store::Transaction& tx, const Clock& clock,
                                                std::string_view purpose, std::string_view token) {
  LK_ASSIGN_OR_RETURN(auto found, Find(tx, purpose, token));
  if (!found) return std::optional<std::string>();
  LK_ASSIGN_OR_RETURN(std::int64_t deleted,
                      tx.Exec("DELETE FROM verification_tokens WHERE id = ?", {found->id}));
  if (deleted != 1 || found->expires_at <= clock.NowMs()) return std::optional<std::string>();
  return std::optional<std::string>(found->user_id);
}

Result<void> DeleteUserTokens(store::Transaction& tx, std::string_view purpose,
                              std::string_view user_id) {
  LK_TRY(tx.Exec("DELETE FROM verification_tokens WHERE purpose = ? AND user_id = ?",
                 {std::string(purpose), std::string(user_id)}));
  return {};
}

std::span<const std::string_view> VerificationFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users"};
  return kDeps;
}

std::span<const store::Migration> VerificationFeature::Migrations() const {
  return EmbeddedMigrations();
}

}  // namespace latchkey::verification

#include "features/social/social_store.h"

namespace latchkey::social::social_store {
namespace {

store::Value TextOrNull(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

store::Value TimeOrNull(TimeMs t) {
  if (t == 0) return nullptr;
  return t;
}

}  // namespace

Result<void> PutState(store::Transaction& tx, std::string_view state_hash, const FlowState& state,
                      TimeMs expires_at, TimeMs now) {
  // Expired rows go as new ones come: no sweeper needed.
  LK_TRY(tx.Exec("DELETE FROM social_states WHERE expires_at < ?", {now}));
  LK_TRY(tx.Exec(
      "INSERT INTO social_states (state_hash, provider_id, payload, expires_at, created_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {std::string(state_hash), state.provider_id, state.payload, expires_at, now}));
  return {};
}

Result<std::optional<FlowState>> ConsumeState(store::Transaction& tx, std::string_view state_hash,
                                              TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT provider_id, payload, expires_at FROM social_states "
                               "WHERE state_hash = ?",
                               {std::string(state_hash)}));
  if (rows.empty()) return std::optional<FlowState>();
  // Of two callbacks with one state only the one whose DELETE removed the
  // row goes on (a replayed state fails).
  LK_ASSIGN_OR_RETURN(auto deleted, tx.Exec("DELETE FROM social_states WHERE state_hash = ?",
                                            {std::string(state_hash)}));
  LK_ASSIGN_OR_RETURN(TimeMs expires_at, rows.front().GetInt("expires_at"));
  if (deleted == 0 || expires_at < now) return std::optional<FlowState>();
  FlowState state;
  LK_ASSIGN_OR_RETURN(state.provider_id, rows.front().GetString("provider_id"));
  LK_ASSIGN_OR_RETURN(state.payload, rows.front().GetString("payload"));
  return std::optional<FlowState>(std::move(state));
}

Result<void> PutTokens(store::Transaction& tx, std::string_view account_row_id,
                       const StoredTokens& t, TimeMs now) {
  LK_TRY(
      tx.Exec("DELETE FROM social_tokens WHERE account_row_id = ?", {std::string(account_row_id)}));
  LK_TRY(
      tx.Exec("INSERT INTO social_tokens (account_row_id, access_token, refresh_token, id_token, "
              "access_token_expires_at, refresh_token_expires_at, scope, profile, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {std::string(account_row_id), TextOrNull(t.access_token), TextOrNull(t.refresh_token),
               TextOrNull(t.id_token), TimeOrNull(t.access_expires_at),
               TimeOrNull(t.refresh_expires_at), TextOrNull(t.scope), TextOrNull(t.profile), now}));
  return {};
}

namespace {

constexpr std::string_view kTokenColumns =
    "account_row_id, access_token, refresh_token, id_token, access_token_expires_at, "
    "refresh_token_expires_at, scope, profile";

Result<StoredTokens> TokensOf(const store::Row& row) {
  StoredTokens t;
  auto text = [&](std::string_view column, std::string& out) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto v, row.GetNullableString(column));
    out = v.value_or("");
    return {};
  };
  LK_TRY(text("access_token", t.access_token));
  LK_TRY(text("refresh_token", t.refresh_token));
  LK_TRY(text("id_token", t.id_token));
  LK_TRY(text("scope", t.scope));
  LK_TRY(text("profile", t.profile));
  LK_ASSIGN_OR_RETURN(auto access_exp, row.GetNullableInt("access_token_expires_at"));
  LK_ASSIGN_OR_RETURN(auto refresh_exp, row.GetNullableInt("refresh_token_expires_at"));
  t.access_expires_at = access_exp.value_or(0);
  t.refresh_expires_at = refresh_exp.value_or(0);
  return t;
}

}  // namespace

Result<std::optional<StoredTokens>> FindTokens(store::Transaction& tx,
                                               std::string_view account_row_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + std::string(kTokenColumns) +
                                              " FROM social_tokens WHERE account_row_id = ?",
                                          {std::string(account_row_id)}));
  if (rows.empty()) return std::optional<StoredTokens>();
  LK_ASSIGN_OR_RETURN(StoredTokens t, TokensOf(rows.front()));
  return std::optional<StoredTokens>(std::move(t));
}

Result<std::vector<TokenRow>> ListTokens(store::Transaction& tx, std::string_view after_id,
                                         int limit) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT " + std::string(kTokenColumns) +
                                   " FROM social_tokens WHERE account_row_id > ? "
                                   "ORDER BY account_row_id LIMIT ?",
                               {std::string(after_id), static_cast<std::int64_t>(limit)}));
  std::vector<TokenRow> out;
  for (const store::Row& row : rows) {
    TokenRow r;
    LK_ASSIGN_OR_RETURN(r.account_row_id, row.GetString("account_row_id"));
    LK_ASSIGN_OR_RETURN(r.tokens, TokensOf(row));
    out.push_back(std::move(r));
  }
  return out;
}

Result<bool> ReplaceSealed(store::Transaction& tx, const TokenRow& row,
                           const StoredTokens& resealed) {
  const StoredTokens& old = row.tokens;
  LK_ASSIGN_OR_RETURN(
      std::int64_t changed,
      tx.Exec("UPDATE social_tokens SET access_token = ?, refresh_token = ?, id_token = ?, "
              "profile = ? WHERE account_row_id = ? AND COALESCE(access_token, '') = ? AND "
              "COALESCE(refresh_token, '') = ? AND COALESCE(id_token, '') = ? AND "
              "COALESCE(profile, '') = ?",
              {TextOrNull(resealed.access_token), TextOrNull(resealed.refresh_token),
               TextOrNull(resealed.id_token), TextOrNull(resealed.profile), row.account_row_id,
               old.access_token, old.refresh_token, old.id_token, old.profile}));
  return changed > 0;
}

}  // namespace latchkey::social::social_store

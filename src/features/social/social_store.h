// The social feature's tables (migrations/0001_create_social.sql): states
// of flows under way and the tokens of linked accounts. Every function runs
// inside the caller's transaction. Errors: as the store.
#ifndef LK_FEATURES_SOCIAL_SOCIAL_STORE_H_
#define LK_FEATURES_SOCIAL_SOCIAL_STORE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::social::social_store {

// A flow under way, as the callback needs it.
struct FlowState {
  std::string provider_id;
  std::string payload;  // JSON (SocialService::FlowState)
};

Result<void> PutState(store::Transaction& tx, std::string_view state_hash, const FlowState& state,
                      TimeMs expires_at, TimeMs now);
// The state, deleted (single use); nullopt when unknown or expired.
Result<std::optional<FlowState>> ConsumeState(store::Transaction& tx, std::string_view state_hash,
                                              TimeMs now);

// A linked account's tokens, sealed as stored (empty = none).
struct StoredTokens {
  std::string access_token;
  std::string refresh_token;
  std::string id_token;
  TimeMs access_expires_at = 0;
  TimeMs refresh_expires_at = 0;
  std::string scope;    // granted scopes, comma-separated
  std::string profile;  // the provider's raw profile JSON (sealed)
};

Result<void> PutTokens(store::Transaction& tx, std::string_view account_row_id,
                       const StoredTokens& tokens, TimeMs now);
Result<std::optional<StoredTokens>> FindTokens(store::Transaction& tx,
                                               std::string_view account_row_id);

// Up to `limit` rows of tokens with an account row id after `after_id`, in
// id order (a scan in pages).
struct TokenRow {
  std::string account_row_id;
  StoredTokens tokens;
};
Result<std::vector<TokenRow>> ListTokens(store::Transaction& tx, std::string_view after_id,
                                         int limit);
// Replaces the sealed columns of `row` by `resealed` only while they still
// hold `row`'s values (another node, or a sign-in, may have written them
// since). Returns whether it did.
Result<bool> ReplaceSealed(store::Transaction& tx, const TokenRow& row,
                           const StoredTokens& resealed);

}  // namespace latchkey::social::social_store

#endif  // LK_FEATURES_SOCIAL_SOCIAL_STORE_H_

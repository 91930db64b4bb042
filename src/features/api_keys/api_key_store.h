// Typed access to the api_keys table. Counter updates are single guarded
// UPDATE statements whose affected-row count decides the outcome, so
// parallel uses of one key can never overspend `remaining` or the window.
// Thread-safety: stateless functions; a Transaction belongs to one thread.
#ifndef LK_FEATURES_API_KEYS_API_KEY_STORE_H_
#define LK_FEATURES_API_KEYS_API_KEY_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "features/api_keys/api_key.h"
#include "features/users/user.h"
#include "store/store.h"

namespace latchkey::api_keys {

// A key found by its hash, with its owner.
struct VerifiedKey {
  ApiKey key;
  users::User owner;
};

Result<void> InsertKey(store::Transaction& tx, const ApiKey& key, const std::string& key_hash);
Result<std::optional<ApiKey>> FindKeyById(store::Transaction& tx, const std::string& id);
// The key and its owner by key hash: one statement, no transaction.
Result<std::optional<VerifiedKey>> FindVerifiedKey(store::Store& store,
                                                   const std::string& key_hash);
// The owner's keys, oldest first.
Result<std::vector<ApiKey>> ListKeys(store::Transaction& tx, const std::string& reference_id);
// Writes every mutable field of `key` (by id).
Result<void> UpdateKey(store::Transaction& tx, const ApiKey& key);
Result<void> DeleteKey(store::Transaction& tx, const std::string& id);
// How many keys the owner has (a plan's `api_keys` limit, docs/plans.md).
Result<std::int64_t> CountKeys(store::Transaction& tx, const std::string& reference_id);
// Deletes every key of the owner; returns how many.
Result<std::int64_t> DeleteOwnerKeys(store::Transaction& tx, const std::string& reference_id);

// Takes one unit of `remaining`, refilling first when a refill is due.
// Returns false when none is left.
Result<bool> ConsumeRemaining(store::Transaction& tx, const std::string& id, TimeMs now);
// Counts one request in the key's window. Returns nullopt when allowed,
// else the milliseconds until the window frees a slot.
Result<std::optional<std::int64_t>> ConsumeRateLimit(store::Transaction& tx, const std::string& id,
                                                     TimeMs now);
// lastRequest/updatedAt only (a key without counters).
Result<void> TouchKey(store::Transaction& tx, const std::string& id, TimeMs now);

}  // namespace latchkey::api_keys

#endif  // LK_FEATURES_API_KEYS_API_KEY_STORE_H_

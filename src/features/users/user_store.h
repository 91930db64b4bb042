// Typed repository over store::Transaction for users and accounts.
// Every function runs inside the caller's transaction.
// Errors: as Transaction::Exec/Query (STORE_CONFLICT on a duplicate email).
#ifndef LK_FEATURES_USERS_USER_STORE_H_
#define LK_FEATURES_USERS_USER_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "features/users/user.h"
#include "store/store.h"

namespace latchkey::users {

// The column list SELECTs use so RowToUser can read them; `prefix` is a
// table alias ("u.") or empty.
std::string UserColumns(std::string_view prefix);
Result<User> RowToUser(const store::Row& row);
// " JOIN users <alias> ON <alias>.id = <user_id_column>", for a feature that
// reads its row and the user's in one statement on a hot path (session and
// API key lookups). Read-only: only this feature writes users and accounts
// (docs/architecture.md, "Tables and their owners").
std::string JoinUsers(std::string_view alias, std::string_view user_id_column);

Result<std::optional<User>> FindUserByEmail(store::Transaction& tx, std::string_view email);
Result<std::optional<User>> FindUserById(store::Transaction& tx, std::string_view id);
Result<void> CreateUser(store::Transaction& tx, const User& user);
// Changes name and/or image (an engaged optional<optional> clears or sets).
Result<void> UpdateUserProfile(store::Transaction& tx, std::string_view id,
                               const std::optional<std::string>& name,
                               const std::optional<std::optional<std::string>>& image, TimeMs now);
// Sets email_verified; updated_at = now.
Result<void> MarkEmailVerified(store::Transaction& tx, std::string_view id, TimeMs now);
// Sets or clears email_verified (an operator's update-user); updated_at = now.
Result<void> SetEmailVerified(store::Transaction& tx, std::string_view id, bool verified,
                              TimeMs now);
// Moves the user to `email`; updated_at = now. Errors: STORE_CONFLICT when
// another user has it.
Result<void> UpdateUserEmail(store::Transaction& tx, std::string_view id, std::string_view email,
                             TimeMs now);

// Deletes the user; accounts and sessions go with it (ON DELETE CASCADE).
Result<void> DeleteUser(store::Transaction& tx, std::string_view user_id);

// A page of users (the admin API's list-users): a search on e-mail or name,
// optional filters, a sort on a column of the user JSON, limit and offset,
// and the total that matched before the page was cut.
inline constexpr ErrorInfo kInvalidSort{"INVALID_SORT", ErrorKind::kInvalidArgument,
                                        "sortBy must be a field of the user"};
struct UserQuery {
  enum class Field { kEmail, kName };
  enum class Match { kContains, kStartsWith, kEndsWith };
  std::optional<std::string> search;  // case-insensitive (ASCII)
  Field search_field = Field::kEmail;
  Match search_match = Match::kContains;
  std::optional<bool> email_verified;
  // Only these users (another feature's filter, e.g. a role); nullopt = all.
  std::optional<std::vector<std::string>> ids;
  std::vector<std::string> exclude_ids;  // never these users
  std::string sort_by = "createdAt";     // id|name|email|emailVerified|createdAt|updatedAt
  bool sort_descending = false;
  std::int64_t limit = 100;
  std::int64_t offset = 0;
};
struct UserPage {
  std::vector<User> users;
  std::int64_t total = 0;
};
// Errors: INVALID_SORT (400) for a sort_by outside the list; as the store.
Result<UserPage> ListUsers(store::Transaction& tx, const UserQuery& query);

// Every account of the user, oldest first. Never includes password hashes.
Result<std::vector<Account>> ListAccounts(store::Transaction& tx, std::string_view user_id);

// A provider's account (social sign-in): `account.id` is the row id,
// `account_id` the provider's user id. Errors: STORE_CONFLICT when the
// provider's account is already linked (to anyone).
Result<void> CreateAccount(store::Transaction& tx, const Account& account);
// Sets the scopes a provider granted (comma-separated); updated_at = now.
Result<void> UpdateAccountScope(store::Transaction& tx, std::string_view id, std::string_view scope,
                                TimeMs now);
// The row of a provider's account, if linked.
Result<std::optional<Account>> FindAccountByProvider(store::Transaction& tx,
                                                     std::string_view provider_id,
                                                     std::string_view account_id);
// The user's account row `id`, if it is theirs.
Result<std::optional<Account>> FindUserAccount(store::Transaction& tx, std::string_view user_id,
                                               std::string_view id);
// Deletes the user's account row `id`; returns whether it existed.
Result<bool> DeleteUserAccount(store::Transaction& tx, std::string_view user_id,
                               std::string_view id);

// The credential account's Argon2id PHC string; nullopt when the user has none.
Result<std::optional<std::string>> FindPasswordHash(store::Transaction& tx,
                                                    std::string_view user_id);
Result<void> CreateCredentialAccount(store::Transaction& tx, std::string_view user_id,
                                     std::string_view password_hash, TimeMs now);
Result<void> UpdatePasswordHash(store::Transaction& tx, std::string_view user_id,
                                std::string_view password_hash, TimeMs now);

}  // namespace latchkey::users

#endif  // LK_FEATURES_USERS_USER_STORE_H_

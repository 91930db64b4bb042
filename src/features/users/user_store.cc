#include "features/users/user_store.h"

#include "crypto/random.h"

namespace latchkey::users {

std::string UserColumns(std::string_view p) {
  std::string prefix(p);
  return prefix + "id AS user_id, " + prefix + "name AS user_name, " + prefix +
         "email AS user_email, " + prefix + "email_verified AS user_email_verified, " + prefix +
         "image AS user_image, " + prefix + "created_at AS user_created_at, " + prefix +
         "updated_at AS user_updated_at";
}

Result<User> RowToUser(const store::Row& row) {
  User user;
  LK_ASSIGN_OR_RETURN(user.id, row.GetString("user_id"));
  LK_ASSIGN_OR_RETURN(user.name, row.GetString("user_name"));
  LK_ASSIGN_OR_RETURN(user.email, row.GetString("user_email"));
  LK_ASSIGN_OR_RETURN(user.email_verified, row.GetBool("user_email_verified"));
  LK_ASSIGN_OR_RETURN(user.image, row.GetNullableString("user_image"));
  LK_ASSIGN_OR_RETURN(user.created_at, row.GetInt("user_created_at"));
  LK_ASSIGN_OR_RETURN(user.updated_at, row.GetInt("user_updated_at"));
  return user;
}

std::string JoinUsers(std::string_view alias, std::string_view user_id_column) {
  std::string out = " JOIN users ";
  out.append(alias).append(" ON ").append(alias).append(".id = ").append(user_id_column);
  return out;
}

namespace {

Result<std::optional<User>> FindOne(store::Transaction& tx, const std::string& where,
                                    std::string_view value) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT " + UserColumns("") + " FROM users WHERE " + where + " = ?",
                               {std::string(value)}));
  if (rows.empty()) return std::optional<User>();
  LK_ASSIGN_OR_RETURN(User user, RowToUser(rows.front()));
  return std::optional<User>(std::move(user));
}

}  // namespace

Result<std::optional<User>> FindUserByEmail(store::Transaction& tx, std::string_view email) {
  return FindOne(tx, "email", email);
}

Result<std::optional<User>> FindUserById(store::Transaction& tx, std::string_view id) {
  return FindOne(tx, "id", id);
}

Result<void> CreateUser(store::Transaction& tx, const User& u) {
  store::Value image = nullptr;
  if (u.image) image = *u.image;
  LK_TRY(
      tx.Exec("INSERT INTO users (id, name, email, email_verified, image, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              {u.id, u.name, u.email, std::int64_t{u.email_verified ? 1 : 0}, image, u.created_at,
               u.updated_at}));
  return {};
}

Result<void> UpdateUserProfile(store::Transaction& tx, std::string_view id,
                               const std::optional<std::string>& name,
                               const std::optional<std::optional<std::string>>& image, TimeMs now) {
  if (name) {
    LK_TRY(tx.Exec("UPDATE users SET name = ?, updated_at = ? WHERE id = ?",
                   {*name, now, std::string(id)}));
  }
  if (image) {
    store::Value value = nullptr;
    if (*image) value = **image;
    LK_TRY(tx.Exec("UPDATE users SET image = ?, updated_at = ? WHERE id = ?",
                   {value, now, std::string(id)}));
  }
  return {};
}

Result<void> MarkEmailVerified(store::Transaction& tx, std::string_view id, TimeMs now) {
  LK_TRY(tx.Exec("UPDATE users SET email_verified = 1, updated_at = ? WHERE id = ?",
                 {now, std::string(id)}));
  return {};
}

Result<void> UpdateUserEmail(store::Transaction& tx, std::string_view id, std::string_view email,
                             TimeMs now) {
  LK_TRY(tx.Exec("UPDATE users SET email = ?, updated_at = ? WHERE id = ?",
                 {std::string(email), now, std::string(id)}));
  return {};
}

Result<void> DeleteUser(store::Transaction& tx, std::string_view user_id) {
  LK_TRY(tx.Exec("DELETE FROM users WHERE id = ?", {std::string(user_id)}));
  return {};
}

Result<std::vector<Account>> ListAccounts(store::Transaction& tx, std::string_view user_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, user_id, provider_id, account_id, "
                                          "created_at, updated_at FROM accounts WHERE user_id = ? "
                                          "ORDER BY created_at, id",
                                          {std::string(user_id)}));
  std::vector<Account> out;
  out.reserve(rows.size());
  for (const store::Row& row : rows) {
    Account a;
    LK_ASSIGN_OR_RETURN(a.id, row.GetString("id"));
    LK_ASSIGN_OR_RETURN(a.user_id, row.GetString("user_id"));
    LK_ASSIGN_OR_RETURN(a.provider_id, row.GetString("provider_id"));
    LK_ASSIGN_OR_RETURN(a.account_id, row.GetString("account_id"));
    LK_ASSIGN_OR_RETURN(a.created_at, row.GetInt("created_at"));
    LK_ASSIGN_OR_RETURN(a.updated_at, row.GetInt("updated_at"));
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::optional<std::string>> FindPasswordHash(store::Transaction& tx,
                                                    std::string_view user_id) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT password_hash FROM accounts WHERE user_id = ? AND "
                               "provider_id = ?",
                               {std::string(user_id), std::string(kCredentialProvider)}));
  if (rows.empty()) return std::optional<std::string>();
  return rows.front().GetNullableString("password_hash");
}

Result<void> CreateCredentialAccount(store::Transaction& tx, std::string_view user_id,
                                     std::string_view password_hash, TimeMs now) {
  LK_TRY(tx.Exec(
      "INSERT INTO accounts (id, user_id, provider_id, account_id, password_hash, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {crypto::RandomAlnum(32), std::string(user_id), std::string(kCredentialProvider),
       std::string(user_id), std::string(password_hash), now, now}));
  return {};
}

Result<void> UpdatePasswordHash(store::Transaction& tx, std::string_view user_id,
                                std::string_view password_hash, TimeMs now) {
  LK_TRY(tx.Exec(
      "UPDATE accounts SET password_hash = ?, updated_at = ? WHERE user_id = ? AND "
      "provider_id = ?",
      {std::string(password_hash), now, std::string(user_id), std::string(kCredentialProvider)}));
  return {};
}

}  // namespace latchkey::users

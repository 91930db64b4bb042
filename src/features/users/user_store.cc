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

Result<void> SetEmailVerified(store::Transaction& tx, std::string_view id, bool verified,
                              TimeMs now) {
  LK_TRY(tx.Exec("UPDATE users SET email_verified = ?, updated_at = ? WHERE id = ?",
                 {std::int64_t{verified ? 1 : 0}, now, std::string(id)}));
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
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, user_id, provider_id, account_id, scope, "
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
    LK_ASSIGN_OR_RETURN(auto scope, row.GetNullableString("scope"));
    a.scope = scope.value_or("");
    LK_ASSIGN_OR_RETURN(a.created_at, row.GetInt("created_at"));
    LK_ASSIGN_OR_RETURN(a.updated_at, row.GetInt("updated_at"));
    out.push_back(std::move(a));
  }
  return out;
}

namespace {

constexpr std::string_view kAccountColumns =
    "SELECT id, user_id, provider_id, account_id, scope, created_at, updated_at FROM accounts ";

Result<std::optional<Account>> OneAccount(std::vector<store::Row> rows) {
  if (rows.empty()) return std::optional<Account>();
  const store::Row& row = rows.front();
  Account a;
  LK_ASSIGN_OR_RETURN(a.id, row.GetString("id"));
  LK_ASSIGN_OR_RETURN(a.user_id, row.GetString("user_id"));
  LK_ASSIGN_OR_RETURN(a.provider_id, row.GetString("provider_id"));
  LK_ASSIGN_OR_RETURN(a.account_id, row.GetString("account_id"));
  LK_ASSIGN_OR_RETURN(auto scope, row.GetNullableString("scope"));
  a.scope = scope.value_or("");
  LK_ASSIGN_OR_RETURN(a.created_at, row.GetInt("created_at"));
  LK_ASSIGN_OR_RETURN(a.updated_at, row.GetInt("updated_at"));
  return std::optional<Account>(std::move(a));
}

}  // namespace

Result<void> CreateAccount(store::Transaction& tx, const Account& account) {
  LK_TRY(tx.Exec(
      "INSERT INTO accounts (id, user_id, provider_id, account_id, scope, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {account.id, account.user_id, account.provider_id, account.account_id,
       account.scope.empty() ? store::Value(nullptr) : store::Value(account.scope),
       account.created_at, account.updated_at}));
  return {};
}

Result<void> UpdateAccountScope(store::Transaction& tx, std::string_view id, std::string_view scope,
                                TimeMs now) {
  LK_TRY(tx.Exec("UPDATE accounts SET scope = ?, updated_at = ? WHERE id = ?",
                 {scope.empty() ? store::Value(nullptr) : store::Value(std::string(scope)), now,
                  std::string(id)}));
  return {};
}

Result<std::optional<Account>> FindAccountByProvider(store::Transaction& tx,
                                                     std::string_view provider_id,
                                                     std::string_view account_id) {
  LK_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string(kAccountColumns) + "WHERE provider_id = ? AND account_id = ?",
                          {std::string(provider_id), std::string(account_id)}));
  return OneAccount(std::move(rows));
}

Result<std::optional<Account>> FindUserAccount(store::Transaction& tx, std::string_view user_id,
                                               std::string_view id) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query(std::string(kAccountColumns) + "WHERE user_id = ? AND id = ?",
                               {std::string(user_id), std::string(id)}));
  return OneAccount(std::move(rows));
}

Result<bool> DeleteUserAccount(store::Transaction& tx, std::string_view user_id,
                               std::string_view id) {
  LK_ASSIGN_OR_RETURN(auto n, tx.Exec("DELETE FROM accounts WHERE user_id = ? AND id = ?",
                                      {std::string(user_id), std::string(id)}));
  return n > 0;
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

namespace {

// The SQL column of a user JSON field, or nullptr.
const char* SortColumn(std::string_view field) {
  static constexpr std::pair<std::string_view, const char*> kColumns[] = {
      {"id", "id"},
      {"name", "name"},
      {"email", "email"},
      {"emailVerified", "email_verified"},
      {"createdAt", "created_at"},
      {"updatedAt", "updated_at"},
  };
  for (const auto& [name, column] : kColumns) {
    if (name == field) return column;
  }
  return nullptr;
}

// A LIKE pattern matching `text` literally ('\' escapes % and _).
std::string LikePattern(std::string_view text, UserQuery::Match match) {
  std::string escaped;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') escaped += '\\';
    escaped += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  switch (match) {
    case UserQuery::Match::kStartsWith:
      return escaped + "%";
    case UserQuery::Match::kEndsWith:
      return "%" + escaped;
    case UserQuery::Match::kContains:
      break;
  }
  return "%" + escaped + "%";
}

}  // namespace

Result<UserPage> ListUsers(store::Transaction& tx, const UserQuery& query) {
  const char* sort = SortColumn(query.sort_by);
  if (sort == nullptr) return Fail(MakeError(kInvalidSort, query.sort_by));
  std::string where = " WHERE 1 = 1";
  std::vector<store::Value> args;
  if (query.search) {
    where += query.search_field == UserQuery::Field::kName ? " AND LOWER(name) LIKE ? ESCAPE '\\'"
                                                           : " AND LOWER(email) LIKE ? ESCAPE '\\'";
    args.emplace_back(LikePattern(*query.search, query.search_match));
  }
  if (query.email_verified) {
    where += " AND email_verified = ?";
    args.emplace_back(std::int64_t{*query.email_verified ? 1 : 0});
  }
  if (query.ids) {
    if (query.ids->empty()) return UserPage{};
    where += " AND id IN (";
    for (std::size_t i = 0; i < query.ids->size(); ++i) {
      where += i == 0 ? "?" : ", ?";
      args.emplace_back((*query.ids)[i]);
    }
    where += ")";
  }
  if (!query.exclude_ids.empty()) {
    where += " AND id NOT IN (";
    for (std::size_t i = 0; i < query.exclude_ids.size(); ++i) {
      where += i == 0 ? "?" : ", ?";
      args.emplace_back(query.exclude_ids[i]);
    }
    where += ")";
  }
  UserPage page;
  LK_ASSIGN_OR_RETURN(auto counted, tx.Query("SELECT COUNT(*) AS n FROM users" + where,
                                             std::span<const store::Value>(args)));
  LK_ASSIGN_OR_RETURN(page.total, counted.front().GetInt("n"));
  std::vector<store::Value> page_args = args;
  page_args.emplace_back(query.limit);
  page_args.emplace_back(query.offset);
  // id breaks ties, so pages never overlap or skip.
  LK_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT " + UserColumns("") + " FROM users" + where + " ORDER BY " + sort +
                   (query.sort_descending ? " DESC" : " ASC") + ", id ASC LIMIT ? OFFSET ?",
               std::span<const store::Value>(page_args)));
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(User user, RowToUser(row));
    page.users.push_back(std::move(user));
  }
  return page;
}

}  // namespace latchkey::users

#include "features/admin/admin_store.h"

#include "features/admin/access_control.h"

namespace latchkey::admin::admin_store {
namespace {

Result<void> Ensure(store::Transaction& tx, std::string_view user_id, std::string_view default_role,
                    TimeMs now) {
  LK_TRY(
      tx.Exec("INSERT INTO user_admin (user_id, role, updated_at) VALUES (?, ?, ?) "
              "ON CONFLICT (user_id) DO NOTHING",
              {std::string(user_id), std::string(default_role), now}));
  return {};
}

}  // namespace

Result<AdminState> Load(store::Transaction& tx, std::string_view user_id,
                        std::string_view default_role) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT role, banned, ban_reason, ban_expires FROM "
                                          "user_admin WHERE user_id = ?",
                                          {std::string(user_id)}));
  AdminState state{.role = std::string(default_role)};
  if (rows.empty()) return state;
  LK_ASSIGN_OR_RETURN(state.role, rows.front().GetString("role"));
  LK_ASSIGN_OR_RETURN(state.banned, rows.front().GetBool("banned"));
  LK_ASSIGN_OR_RETURN(state.ban_reason, rows.front().GetNullableString("ban_reason"));
  LK_ASSIGN_OR_RETURN(state.ban_expires, rows.front().GetNullableInt("ban_expires"));
  return state;
}

Result<void> SetRole(store::Transaction& tx, std::string_view user_id, std::string_view role,
                     std::string_view default_role, TimeMs now) {
  LK_TRY(Ensure(tx, user_id, default_role, now));
  LK_TRY(tx.Exec("UPDATE user_admin SET role = ?, updated_at = ? WHERE user_id = ?",
                 {std::string(role), now, std::string(user_id)}));
  return {};
}

Result<void> Ban(store::Transaction& tx, std::string_view user_id, std::string_view reason,
                 std::optional<TimeMs> expires, std::string_view default_role, TimeMs now) {
  LK_TRY(Ensure(tx, user_id, default_role, now));
  store::Value until = nullptr;
  if (expires) until = *expires;
  LK_TRY(
      tx.Exec("UPDATE user_admin SET banned = 1, ban_reason = ?, ban_expires = ?, "
              "updated_at = ? WHERE user_id = ?",
              {std::string(reason), until, now, std::string(user_id)}));
  return {};
}

Result<void> Unban(store::Transaction& tx, std::string_view user_id, TimeMs now) {
  LK_TRY(
      tx.Exec("UPDATE user_admin SET banned = 0, ban_reason = NULL, ban_expires = NULL, "
              "updated_at = ? WHERE user_id = ?",
              {now, std::string(user_id)}));
  return {};
}

Result<std::int64_t> CountAdmins(store::Transaction& tx) {
  // Roles are comma lists: match `admin` as a whole item.
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT role FROM user_admin WHERE role LIKE '%admin%'"));
  std::int64_t admins = 0;
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(std::string role, row.GetString("role"));
    for (const std::string& item : SplitRoles(role)) {
      if (item == "admin") {
        ++admins;
        break;
      }
    }
  }
  return admins;
}

}  // namespace latchkey::admin::admin_store

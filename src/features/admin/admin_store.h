// The admin feature's table (migrations/0001_create_user_admin.sql); every
// function runs in the caller's transaction.
#ifndef LK_FEATURES_ADMIN_ADMIN_STORE_H_
#define LK_FEATURES_ADMIN_ADMIN_STORE_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::admin {

struct AdminState {
  std::string role;  // comma list
  bool banned = false;
  std::optional<std::string> ban_reason;
  std::optional<TimeMs> ban_expires;
};

namespace admin_store {

// The user's state; `default_role` and not banned when there is no row.
Result<AdminState> Load(store::Transaction& tx, std::string_view user_id,
                        std::string_view default_role);
Result<void> SetRole(store::Transaction& tx, std::string_view user_id, std::string_view role,
                     std::string_view default_role, TimeMs now);
Result<void> Ban(store::Transaction& tx, std::string_view user_id, std::string_view reason,
                 std::optional<TimeMs> expires, std::string_view default_role, TimeMs now);
Result<void> Unban(store::Transaction& tx, std::string_view user_id, TimeMs now);
// How many users hold the `admin` role (among others).
Result<std::int64_t> CountAdmins(store::Transaction& tx);

}  // namespace admin_store
}  // namespace latchkey::admin

#endif  // LK_FEATURES_ADMIN_ADMIN_STORE_H_

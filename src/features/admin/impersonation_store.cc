#include "features/admin/impersonation_store.h"

namespace latchkey::admin::impersonation_store {

Result<void> Insert(store::Transaction& tx, const Impersonation& impersonation, TimeMs now) {
  LK_TRY(
      tx.Exec("INSERT INTO admin_impersonations (session_id, admin_user_id, admin_session_id, "
              "created_at) VALUES (?, ?, ?, ?)",
              {impersonation.session_id, impersonation.admin_user_id,
               impersonation.admin_session_id, now}));
  return {};
}

Result<std::optional<Impersonation>> Find(store::Transaction& tx, std::string_view session_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT admin_user_id, admin_session_id FROM "
                                          "admin_impersonations WHERE session_id = ?",
                                          {std::string(session_id)}));
  if (rows.empty()) return std::optional<Impersonation>();
  Impersonation found{.session_id = std::string(session_id)};
  LK_ASSIGN_OR_RETURN(found.admin_user_id, rows.front().GetString("admin_user_id"));
  LK_ASSIGN_OR_RETURN(found.admin_session_id, rows.front().GetString("admin_session_id"));
  return std::optional<Impersonation>(std::move(found));
}

Result<std::vector<std::string>> SessionsStartedBy(store::Transaction& tx,
                                                   std::string_view admin_user_id) {
  LK_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT session_id FROM admin_impersonations WHERE admin_user_id = ?",
                          {std::string(admin_user_id)}));
  std::vector<std::string> out;
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(std::string id, row.GetString("session_id"));
    out.push_back(std::move(id));
  }
  return out;
}

}  // namespace latchkey::admin::impersonation_store

#include "features/organizations/role_store.h"

#include "features/organizations/org_access.h"
#include "features/organizations/store_rows.h"

namespace latchkey::organizations::org_store {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, organization_id, role, permission, created_at, updated_at "
    "FROM organization_roles WHERE organization_id = ?";

Result<std::vector<OrgRole>> Rows(Result<std::vector<store::Row>> rows) {
  if (!rows) return Fail(std::move(rows.error()));
  std::vector<OrgRole> out;
  for (const store::Row& row : *rows) {
    OrgRole role;
    LK_ASSIGN_OR_RETURN(role.id, row.GetString("id"));
    LK_ASSIGN_OR_RETURN(role.organization_id, row.GetString("organization_id"));
    LK_ASSIGN_OR_RETURN(role.role, row.GetString("role"));
    LK_ASSIGN_OR_RETURN(role.permission, row.GetString("permission"));
    LK_ASSIGN_OR_RETURN(role.created_at, row.GetInt("created_at"));
    LK_ASSIGN_OR_RETURN(role.updated_at, row.GetNullableInt("updated_at"));
    out.push_back(std::move(role));
  }
  return out;
}

}  // namespace

Result<void> CreateRole(store::Transaction& tx, const OrgRole& r) {
  LK_TRY(tx.Exec(
      "INSERT INTO organization_roles (id, organization_id, role, permission, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      {r.id, r.organization_id, r.role, r.permission, r.created_at, NullableTime(r.updated_at)}));
  return {};
}

Result<std::optional<OrgRole>> FindRole(store::Transaction& tx, std::string_view organization_id,
                                        std::string_view key, bool by_id) {
  std::string sql(kColumns);
  sql += by_id ? " AND id = ?" : " AND role = ?";
  LK_ASSIGN_OR_RETURN(auto roles,
                      Rows(tx.Query(sql, {std::string(organization_id), std::string(key)})));
  if (roles.empty()) return std::optional<OrgRole>();
  return std::optional<OrgRole>(std::move(roles.front()));
}

Result<void> UpdateRole(store::Transaction& tx, const OrgRole& r) {
  LK_TRY(
      tx.Exec("UPDATE organization_roles SET role = ?, permission = ?, updated_at = ? "
              "WHERE id = ?",
              {r.role, r.permission, NullableTime(r.updated_at), r.id}));
  return {};
}

Result<void> DeleteRole(store::Transaction& tx, std::string_view id) {
  LK_TRY(tx.Exec("DELETE FROM organization_roles WHERE id = ?", {std::string(id)}));
  return {};
}

Result<std::vector<OrgRole>> ListRoles(store::Transaction& tx, std::string_view organization_id) {
  return Rows(
      tx.Query(std::string(kColumns) + " ORDER BY created_at, id", {std::string(organization_id)}));
}

Result<bool> RoleAssigned(store::Transaction& tx, std::string_view organization_id,
                          std::string_view role) {
  // Roles are comma lists: narrow with LIKE, then match the role as a whole item.
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT role FROM organization_members WHERE "
                               "organization_id = ? AND role LIKE ?",
                               {std::string(organization_id), "%" + std::string(role) + "%"}));
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(std::string roles, row.GetString("role"));
    if (HasRole(roles, role)) return true;
  }
  return false;
}

}  // namespace latchkey::organizations::org_store

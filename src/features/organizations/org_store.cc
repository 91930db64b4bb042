#include "features/organizations/org_store.h"

#include "features/organizations/org_access.h"
#include "features/organizations/store_rows.h"
#include "features/users/user_store.h"

namespace latchkey::organizations::org_store {
namespace {

constexpr std::string_view kOrgColumns = "id, name, slug, logo, metadata, created_at";
constexpr std::string_view kMemberColumns = "id, organization_id, user_id, role, created_at";
constexpr std::string_view kInvitationColumns =
    "id, organization_id, email, role, status, expires_at, created_at, inviter_id, team_id";

store::Value Nullable(const std::optional<std::string>& value) {
  if (value) return *value;
  return nullptr;
}

Result<Organization> RowToOrganization(const store::Row& row) {
  Organization org;
  LK_ASSIGN_OR_RETURN(org.id, row.GetString("id"));
  LK_ASSIGN_OR_RETURN(org.name, row.GetString("name"));
  LK_ASSIGN_OR_RETURN(org.slug, row.GetString("slug"));
  LK_ASSIGN_OR_RETURN(org.logo, row.GetNullableString("logo"));
  LK_ASSIGN_OR_RETURN(org.metadata, row.GetNullableString("metadata"));
  LK_ASSIGN_OR_RETURN(org.created_at, row.GetInt("created_at"));
  return org;
}

Result<Member> RowToMember(const store::Row& row) {
  Member member;
  LK_ASSIGN_OR_RETURN(member.id, row.GetString("id"));
  LK_ASSIGN_OR_RETURN(member.organization_id, row.GetString("organization_id"));
  LK_ASSIGN_OR_RETURN(member.user_id, row.GetString("user_id"));
  LK_ASSIGN_OR_RETURN(member.role, row.GetString("role"));
  LK_ASSIGN_OR_RETURN(member.created_at, row.GetInt("created_at"));
  return member;
}

Result<Invitation> RowToInvitation(const store::Row& row) {
  Invitation inv;
  LK_ASSIGN_OR_RETURN(inv.id, row.GetString("id"));
  LK_ASSIGN_OR_RETURN(inv.organization_id, row.GetString("organization_id"));
  LK_ASSIGN_OR_RETURN(inv.email, row.GetString("email"));
  LK_ASSIGN_OR_RETURN(inv.role, row.GetString("role"));
  LK_ASSIGN_OR_RETURN(inv.status, row.GetString("status"));
  LK_ASSIGN_OR_RETURN(inv.expires_at, row.GetInt("expires_at"));
  LK_ASSIGN_OR_RETURN(inv.created_at, row.GetInt("created_at"));
  LK_ASSIGN_OR_RETURN(inv.inviter_id, row.GetString("inviter_id"));
  LK_ASSIGN_OR_RETURN(inv.team_id, row.GetNullableString("team_id"));
  return inv;
}

template <class T, class F>
Result<std::optional<T>> First(Result<std::vector<store::Row>> rows, F convert) {
  if (!rows) return Fail(std::move(rows.error()));
  if (rows->empty()) return std::optional<T>();
  LK_ASSIGN_OR_RETURN(T value, convert(rows->front()));
  return std::optional<T>(std::move(value));
}

std::string Select(std::string_view columns, std::string_view table, std::string_view where) {
  std::string sql = "SELECT ";
  sql.append(columns).append(" FROM ").append(table).append(" WHERE ").append(where);
  return sql;
}

}  // namespace

Result<std::optional<Organization>> FindOrganization(store::Transaction& tx, std::string_view id) {
  return First<Organization>(
      tx.Query(Select(kOrgColumns, "organizations", "id = ?"), {std::string(id)}),
      RowToOrganization);
}

Result<std::optional<Organization>> FindOrganizationBySlug(store::Transaction& tx,
                                                           std::string_view slug) {
  return First<Organization>(
      tx.Query(Select(kOrgColumns, "organizations", "slug = ?"), {std::string(slug)}),
      RowToOrganization);
}

Result<void> CreateOrganization(store::Transaction& tx, const Organization& org) {
  LK_TRY(tx.Exec(
      "INSERT INTO organizations (id, name, slug, logo, metadata, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {org.id, org.name, org.slug, Nullable(org.logo), Nullable(org.metadata), org.created_at}));
  return {};
}

Result<void> UpdateOrganization(store::Transaction& tx, const Organization& org) {
  LK_TRY(tx.Exec("UPDATE organizations SET name = ?, slug = ?, logo = ?, metadata = ? WHERE id = ?",
                 {org.name, org.slug, Nullable(org.logo), Nullable(org.metadata), org.id}));
  return {};
}

Result<void> DeleteOrganization(store::Transaction& tx, std::string_view id) {
  // Explicit deletes rather than trusting ON DELETE CASCADE alone: the same
  // rows go on both backends whatever their foreign-key settings.
  const std::string org(id);
  LK_TRY(
      tx.Exec("UPDATE organization_sessions SET active_organization_id = NULL, "
              "active_team_id = NULL WHERE active_organization_id = ?",
              {org}));
  LK_TRY(tx.Exec("DELETE FROM organization_invitations WHERE organization_id = ?", {org}));
  LK_TRY(
      tx.Exec("DELETE FROM organization_team_members WHERE team_id IN "
              "(SELECT id FROM organization_teams WHERE organization_id = ?)",
              {org}));
  LK_TRY(tx.Exec("DELETE FROM organization_teams WHERE organization_id = ?", {org}));
  LK_TRY(tx.Exec("DELETE FROM organization_roles WHERE organization_id = ?", {org}));
  LK_TRY(tx.Exec("DELETE FROM organization_members WHERE organization_id = ?", {org}));
  LK_TRY(tx.Exec("DELETE FROM organizations WHERE id = ?", {org}));
  return {};
}

Result<std::vector<Organization>> ListUserOrganizations(store::Transaction& tx,
                                                        std::string_view user_id) {
  return All<Organization>(
      tx.Query("SELECT o.id, o.name, o.slug, o.logo, o.metadata, o.created_at "
               "FROM organization_members m JOIN organizations o ON o.id = m.organization_id "
               "WHERE m.user_id = ? ORDER BY m.created_at, m.id",
               {std::string(user_id)}),
      RowToOrganization);
}

Result<std::vector<std::string>> OrganizationsSolelyOwnedBy(store::Transaction& tx,
                                                            std::string_view user_id) {
  LK_ASSIGN_OR_RETURN(auto mine,
                      tx.Query(Select(kMemberColumns, "organization_members", "user_id = ?"),
                               {std::string(user_id)}));
  std::vector<std::string> out;
  for (const store::Row& row : mine) {
    LK_ASSIGN_OR_RETURN(Member member, RowToMember(row));
    if (!HasRole(member.role, kOwnerRole)) continue;
    LK_ASSIGN_OR_RETURN(std::int64_t owners, CountOwners(tx, member.organization_id));
    if (owners <= 1) out.push_back(member.organization_id);
  }
  return out;
}

Result<std::optional<Member>> FindMember(store::Transaction& tx, std::string_view organization_id,
                                         std::string_view user_id) {
  return First<Member>(tx.Query(Select(kMemberColumns, "organization_members",
                                       "organization_id = ? AND user_id = ?"),
                                {std::string(organization_id), std::string(user_id)}),
                       RowToMember);
}

Result<std::optional<Member>> FindMemberById(store::Transaction& tx, std::string_view member_id) {
  return First<Member>(
      tx.Query(Select(kMemberColumns, "organization_members", "id = ?"), {std::string(member_id)}),
      RowToMember);
}

Result<void> CreateMember(store::Transaction& tx, const Member& m) {
  LK_TRY(
      tx.Exec("INSERT INTO organization_members (id, organization_id, user_id, role, created_at) "
              "VALUES (?, ?, ?, ?, ?)",
              {m.id, m.organization_id, m.user_id, m.role, m.created_at}));
  return {};
}

Result<void> SetMemberRole(store::Transaction& tx, std::string_view member_id,
                           std::string_view role) {
  LK_TRY(tx.Exec("UPDATE organization_members SET role = ? WHERE id = ?",
                 {std::string(role), std::string(member_id)}));
  return {};
}

Result<void> DeleteMember(store::Transaction& tx, std::string_view member_id) {
  // Their teams in that organization go with the membership (Better Auth's
  // deleteMember).
  const std::string id(member_id);
  LK_TRY(
      tx.Exec("DELETE FROM organization_team_members WHERE user_id = "
              "(SELECT user_id FROM organization_members WHERE id = ?) AND team_id IN "
              "(SELECT t.id FROM organization_teams t JOIN organization_members m "
              "ON m.organization_id = t.organization_id WHERE m.id = ?)",
              {id, id}));
  LK_TRY(tx.Exec("DELETE FROM organization_members WHERE id = ?", {std::string(member_id)}));
  return {};
}

Result<void> DeleteUserMemberships(store::Transaction& tx, std::string_view user_id) {
  LK_TRY(
      tx.Exec("DELETE FROM organization_team_members WHERE user_id = ?", {std::string(user_id)}));
  LK_TRY(tx.Exec("DELETE FROM organization_members WHERE user_id = ?", {std::string(user_id)}));
  return {};
}

Result<std::int64_t> CountMembers(store::Transaction& tx, std::string_view organization_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) AS n FROM organization_members "
                                          "WHERE organization_id = ?",
                                          {std::string(organization_id)}));
  return rows.front().GetInt("n");
}

Result<std::int64_t> CountOwners(store::Transaction& tx, std::string_view organization_id) {
  // Roles are comma lists: narrow with LIKE, then match `owner` as a whole item.
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT role FROM organization_members "
                                          "WHERE organization_id = ? AND role LIKE '%owner%'",
                                          {std::string(organization_id)}));
  std::int64_t owners = 0;
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(std::string role, row.GetString("role"));
    if (HasRole(role, kOwnerRole)) ++owners;
  }
  return owners;
}

namespace {

// " AND <condition>" for `filter`, its values appended to `args`. Portable
// SQL only: CAST(? AS TEXT) so PostgreSQL knows the parameter's type, and
// substr/replace rather than LIKE, which SQLite folds case in.
std::string FilterSql(const std::optional<MemberFilter>& filter, std::vector<store::Value>& args) {
  if (!filter || filter->values.empty()) return {};
  using Op = MemberFilter::Op;
  const std::string col(filter->column);
  const store::Value& value = filter->values.front();
  const auto compare = [&](std::string_view op) {
    args.push_back(value);
    return " AND " + col + " " + std::string(op) + " ?";
  };
  switch (filter->op) {
    case Op::kEq:
      return compare("=");
    case Op::kNe:
      return compare("<>");
    case Op::kLt:
      return compare("<");
    case Op::kLte:
      return compare("<=");
    case Op::kGt:
      return compare(">");
    case Op::kGte:
      return compare(">=");
    case Op::kIn:
    case Op::kNotIn: {
      std::string sql = " AND " + col + (filter->op == Op::kIn ? " IN (" : " NOT IN (");
      for (std::size_t i = 0; i < filter->values.size(); ++i) {
        sql += i == 0 ? "?" : ", ?";
        args.push_back(filter->values[i]);
      }
      return sql + ")";
    }
    case Op::kContains:
      args.insert(args.end(), {value});
      return " AND replace(" + col + ", CAST(? AS TEXT), '') <> " + col;
    case Op::kStartsWith:
      args.insert(args.end(), {value, value});
      return " AND substr(" + col + ", 1, length(CAST(? AS TEXT))) = CAST(? AS TEXT)";
    case Op::kEndsWith:
      args.insert(args.end(), {value, value, value});
      return " AND length(" + col + ") >= length(CAST(? AS TEXT)) AND substr(" + col + ", length(" +
             col + ") - length(CAST(? AS TEXT)) + 1) = CAST(? AS TEXT)";
  }
  return {};
}

}  // namespace

Result<std::vector<MemberWithUser>> ListMembers(store::Transaction& tx,
                                                std::string_view organization_id,
                                                const MemberPage& page) {
  std::vector<store::Value> args{std::string(organization_id)};
  std::string sql =
      "SELECT m.id, m.organization_id, m.user_id AS member_user_id, m.role, m.created_at, " +
      users::UserColumns("u.") + " FROM organization_members m" +
      users::JoinUsers("u", "m.user_id") + " WHERE m.organization_id = ?" +
      FilterSql(page.filter, args) + " ORDER BY ";
  sql.append(page.sort_column).append(page.descending ? " DESC" : " ASC");
  sql += ", m.id LIMIT ? OFFSET ?";
  args.emplace_back(page.limit);
  args.emplace_back(page.offset);
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, args));
  std::vector<MemberWithUser> out;
  for (const store::Row& row : rows) {
    MemberWithUser item;
    LK_ASSIGN_OR_RETURN(item.member.id, row.GetString("id"));
    LK_ASSIGN_OR_RETURN(item.member.organization_id, row.GetString("organization_id"));
    LK_ASSIGN_OR_RETURN(item.member.user_id, row.GetString("member_user_id"));
    LK_ASSIGN_OR_RETURN(item.member.role, row.GetString("role"));
    LK_ASSIGN_OR_RETURN(item.member.created_at, row.GetInt("created_at"));
    LK_ASSIGN_OR_RETURN(item.user, users::RowToUser(row));
    out.push_back(std::move(item));
  }
  return out;
}

Result<std::int64_t> CountMembers(store::Transaction& tx, std::string_view organization_id,
                                  const std::optional<MemberFilter>& filter) {
  std::vector<store::Value> args{std::string(organization_id)};
  const std::string sql =
      "SELECT COUNT(*) AS n FROM organization_members m WHERE m.organization_id = ?" +
      FilterSql(filter, args);
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, args));
  return rows.front().GetInt("n");
}

Result<void> CreateInvitation(store::Transaction& tx, const Invitation& i) {
  LK_TRY(
      tx.Exec("INSERT INTO organization_invitations (id, organization_id, email, role, status, "
              "expires_at, created_at, inviter_id, team_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {i.id, i.organization_id, i.email, i.role, i.status, i.expires_at, i.created_at,
               i.inviter_id, Nullable(i.team_id)}));
  return {};
}

Result<std::optional<Invitation>> FindInvitation(store::Transaction& tx, std::string_view id) {
  return First<Invitation>(
      tx.Query(Select(kInvitationColumns, "organization_invitations", "id = ?"), {std::string(id)}),
      RowToInvitation);
}

Result<std::optional<Invitation>> FindPendingInvitation(store::Transaction& tx,
                                                        std::string_view organization_id,
                                                        std::string_view email, TimeMs now) {
  return First<Invitation>(
      tx.Query(Select(kInvitationColumns, "organization_invitations",
                      "organization_id = ? AND email = ? AND status = 'pending' "
                      "AND expires_at > ? ORDER BY created_at DESC"),
               {std::string(organization_id), std::string(email), now}),
      RowToInvitation);
}

Result<std::int64_t> CountPendingInvitations(store::Transaction& tx,
                                             std::string_view organization_id, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) AS n FROM organization_invitations "
                                          "WHERE organization_id = ? AND status = 'pending' "
                                          "AND expires_at > ?",
                                          {std::string(organization_id), now}));
  return rows.front().GetInt("n");
}

Result<std::vector<Invitation>> ListInvitations(store::Transaction& tx,
                                                std::string_view organization_id) {
  return All<Invitation>(tx.Query(Select(kInvitationColumns, "organization_invitations",
                                         "organization_id = ? ORDER BY created_at, id"),
                                  {std::string(organization_id)}),
                         RowToInvitation);
}

Result<std::vector<std::pair<Invitation, std::string>>> ListUserInvitations(store::Transaction& tx,
                                                                            std::string_view email,
                                                                            TimeMs now) {
  LK_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT i.id, i.organization_id, i.email, i.role, i.status, i.expires_at, "
               "i.created_at, i.inviter_id, i.team_id, o.name AS organization_name "
               "FROM organization_invitations i JOIN organizations o ON o.id = i.organization_id "
               "WHERE i.email = ? AND i.status = 'pending' AND i.expires_at > ? "
               "ORDER BY i.created_at, i.id",
               {std::string(email), now}));
  std::vector<std::pair<Invitation, std::string>> out;
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(Invitation inv, RowToInvitation(row));
    LK_ASSIGN_OR_RETURN(std::string name, row.GetString("organization_name"));
    out.emplace_back(std::move(inv), std::move(name));
  }
  return out;
}

Result<void> SetInvitationStatus(store::Transaction& tx, std::string_view id,
                                 std::string_view status) {
  LK_TRY(tx.Exec("UPDATE organization_invitations SET status = ? WHERE id = ?",
                 {std::string(status), std::string(id)}));
  return {};
}

Result<void> RefreshInvitation(store::Transaction& tx, std::string_view id, std::string_view role,
                               TimeMs expires_at) {
  LK_TRY(tx.Exec("UPDATE organization_invitations SET role = ?, expires_at = ? WHERE id = ?",
                 {std::string(role), expires_at, std::string(id)}));
  return {};
}

Result<ActiveChoice> FindActiveChoice(store::Transaction& tx, std::string_view session_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT active_organization_id, active_team_id FROM "
                                          "organization_sessions WHERE session_id = ?",
                                          {std::string(session_id)}));
  ActiveChoice choice;
  if (rows.empty()) return choice;
  LK_ASSIGN_OR_RETURN(choice.organization_id,
                      rows.front().GetNullableString("active_organization_id"));
  LK_ASSIGN_OR_RETURN(choice.team_id, rows.front().GetNullableString("active_team_id"));
  return choice;
}

Result<void> SetActiveOrganization(store::Transaction& tx, std::string_view session_id,
                                   const std::optional<std::string>& organization_id, TimeMs now) {
  // Another organization drops the active team, which belonged to the old one.
  LK_TRY(tx.Exec(
      "INSERT INTO organization_sessions (session_id, active_organization_id, updated_at) "
      "VALUES (?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET "
      "active_team_id = CASE WHEN organization_sessions.active_organization_id = "
      "excluded.active_organization_id THEN organization_sessions.active_team_id ELSE NULL END, "
      "active_organization_id = excluded.active_organization_id, updated_at = excluded.updated_at",
      {std::string(session_id), Nullable(organization_id), now}));
  return {};
}

Result<void> SetActiveTeam(store::Transaction& tx, std::string_view session_id,
                           const std::optional<std::string>& team_id, TimeMs now) {
  LK_TRY(tx.Exec(
      "UPDATE organization_sessions SET active_team_id = ?, updated_at = ? WHERE session_id = ?",
      {Nullable(team_id), now, std::string(session_id)}));
  return {};
}

Result<std::vector<std::string>> SessionsActiveIn(store::Transaction& tx,
                                                  std::string_view organization_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT session_id FROM organization_sessions "
                                          "WHERE active_organization_id = ?",
                                          {std::string(organization_id)}));
  std::vector<std::string> out;
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(std::string id, row.GetString("session_id"));
    out.push_back(std::move(id));
  }
  return out;
}

}  // namespace latchkey::organizations::org_store

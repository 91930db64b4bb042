#include "features/organizations/team_store.h"

#include "features/organizations/org_access.h"
#include "features/organizations/store_rows.h"

namespace latchkey::organizations::org_store {
namespace {

constexpr std::string_view kTeamColumns = "id, organization_id, name, created_at, updated_at";

Result<Team> RowToTeam(const store::Row& row) {
  Team team;
  LK_ASSIGN_OR_RETURN(team.id, row.GetString("id"));
  LK_ASSIGN_OR_RETURN(team.organization_id, row.GetString("organization_id"));
  LK_ASSIGN_OR_RETURN(team.name, row.GetString("name"));
  LK_ASSIGN_OR_RETURN(team.created_at, row.GetInt("created_at"));
  LK_ASSIGN_OR_RETURN(team.updated_at, row.GetNullableInt("updated_at"));
  return team;
}

Result<TeamMember> RowToTeamMember(const store::Row& row) {
  TeamMember member;
  LK_ASSIGN_OR_RETURN(member.id, row.GetString("id"));
  LK_ASSIGN_OR_RETURN(member.team_id, row.GetString("team_id"));
  LK_ASSIGN_OR_RETURN(member.user_id, row.GetString("user_id"));
  LK_ASSIGN_OR_RETURN(member.created_at, row.GetInt("created_at"));
  return member;
}

}  // namespace

Result<void> CreateTeam(store::Transaction& tx, const Team& t) {
  LK_TRY(
      tx.Exec("INSERT INTO organization_teams (id, organization_id, name, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?)",
              {t.id, t.organization_id, t.name, t.created_at, NullableTime(t.updated_at)}));
  return {};
}

Result<std::optional<Team>> FindTeam(store::Transaction& tx, std::string_view id) {
  LK_ASSIGN_OR_RETURN(auto teams, All<Team>(tx.Query("SELECT " + std::string(kTeamColumns) +
                                                         " FROM organization_teams WHERE id = ?",
                                                     {std::string(id)}),
                                            RowToTeam));
  if (teams.empty()) return std::optional<Team>();
  return std::optional<Team>(std::move(teams.front()));
}

Result<void> UpdateTeam(store::Transaction& tx, const Team& t) {
  LK_TRY(tx.Exec("UPDATE organization_teams SET name = ?, updated_at = ? WHERE id = ?",
                 {t.name, NullableTime(t.updated_at), t.id}));
  return {};
}

Result<void> DeleteTeam(store::Transaction& tx, const Team& team) {
  LK_TRY(tx.Exec("UPDATE organization_sessions SET active_team_id = NULL WHERE active_team_id = ?",
                 {team.id}));
  LK_TRY(tx.Exec("DELETE FROM organization_team_members WHERE team_id = ?", {team.id}));
  // Pending invitations keep their other teams (Better Auth's remove-team).
  LK_ASSIGN_OR_RETURN(auto rows,
                      tx.Query("SELECT id, team_id FROM organization_invitations WHERE "
                               "organization_id = ? AND status = 'pending' AND team_id LIKE ?",
                               {team.organization_id, "%" + team.id + "%"}));
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(std::string id, row.GetString("id"));
    LK_ASSIGN_OR_RETURN(std::string list, row.GetString("team_id"));
    std::vector<std::string> kept;
    for (std::string& item : SplitRoles(list)) {
      if (item != team.id) kept.push_back(std::move(item));
    }
    store::Value value = nullptr;
    if (!kept.empty()) value = JoinRoles(kept);
    LK_TRY(tx.Exec("UPDATE organization_invitations SET team_id = ? WHERE id = ?", {value, id}));
  }
  LK_TRY(tx.Exec("DELETE FROM organization_teams WHERE id = ?", {team.id}));
  return {};
}

Result<std::vector<std::string>> SessionsWithActiveTeam(store::Transaction& tx,
                                                        std::string_view team_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT session_id FROM organization_sessions "
                                          "WHERE active_team_id = ?",
                                          {std::string(team_id)}));
  std::vector<std::string> out;
  for (const store::Row& row : rows) {
    LK_ASSIGN_OR_RETURN(std::string id, row.GetString("session_id"));
    out.push_back(std::move(id));
  }
  return out;
}

Result<std::vector<Team>> ListTeams(store::Transaction& tx, std::string_view organization_id) {
  return All<Team>(tx.Query("SELECT " + std::string(kTeamColumns) +
                                " FROM organization_teams WHERE organization_id = ? "
                                "ORDER BY created_at, id",
                            {std::string(organization_id)}),
                   RowToTeam);
}

Result<std::int64_t> CountTeams(store::Transaction& tx, std::string_view organization_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) AS n FROM organization_teams "
                                          "WHERE organization_id = ?",
                                          {std::string(organization_id)}));
  return rows.front().GetInt("n");
}

Result<std::vector<Team>> ListUserTeams(store::Transaction& tx, std::string_view user_id) {
  return All<Team>(
      tx.Query("SELECT t.id, t.organization_id, t.name, t.created_at, t.updated_at "
               "FROM organization_team_members tm JOIN organization_teams t ON t.id = tm.team_id "
               "WHERE tm.user_id = ? ORDER BY tm.created_at, tm.id",
               {std::string(user_id)}),
      RowToTeam);
}

Result<std::optional<TeamMember>> FindTeamMember(store::Transaction& tx, std::string_view team_id,
                                                 std::string_view user_id) {
  LK_ASSIGN_OR_RETURN(auto members,
                      All<TeamMember>(tx.Query("SELECT id, team_id, user_id, created_at FROM "
                                               "organization_team_members WHERE team_id = ? AND "
                                               "user_id = ?",
                                               {std::string(team_id), std::string(user_id)}),
                                      RowToTeamMember));
  if (members.empty()) return std::optional<TeamMember>();
  return std::optional<TeamMember>(std::move(members.front()));
}

Result<void> CreateTeamMember(store::Transaction& tx, const TeamMember& m) {
  LK_TRY(
      tx.Exec("INSERT INTO organization_team_members (id, team_id, user_id, created_at) "
              "VALUES (?, ?, ?, ?)",
              {m.id, m.team_id, m.user_id, m.created_at}));
  return {};
}

Result<void> DeleteTeamMember(store::Transaction& tx, std::string_view team_id,
                              std::string_view user_id) {
  LK_TRY(tx.Exec("DELETE FROM organization_team_members WHERE team_id = ? AND user_id = ?",
                 {std::string(team_id), std::string(user_id)}));
  return {};
}

Result<std::vector<TeamMember>> ListTeamMembers(store::Transaction& tx, std::string_view team_id) {
  return All<TeamMember>(tx.Query("SELECT id, team_id, user_id, created_at FROM "
                                  "organization_team_members WHERE team_id = ? "
                                  "ORDER BY created_at, id",
                                  {std::string(team_id)}),
                         RowToTeamMember);
}

Result<std::int64_t> CountTeamMembers(store::Transaction& tx, std::string_view team_id) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) AS n FROM organization_team_members "
                                          "WHERE team_id = ?",
                                          {std::string(team_id)}));
  return rows.front().GetInt("n");
}

}  // namespace latchkey::organizations::org_store

// Typed repository over the team tables (migrations/0002_create_teams.sql,
// docs/organizations.md "Teams"): every function runs inside the caller's
// transaction. Errors: as Transaction::Exec/Query.
#ifndef LK_FEATURES_ORGANIZATIONS_TEAM_STORE_H_
#define LK_FEATURES_ORGANIZATIONS_TEAM_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::organizations::org_store {

struct Team {
  std::string id;
  std::string organization_id;
  std::string name;
  TimeMs created_at = 0;
  std::optional<TimeMs> updated_at;  // null until updated (Better Auth's default team)
};

struct TeamMember {
  std::string id;
  std::string team_id;
  std::string user_id;
  TimeMs created_at = 0;
};

Result<void> CreateTeam(store::Transaction& tx, const Team& team);
Result<std::optional<Team>> FindTeam(store::Transaction& tx, std::string_view id);
Result<void> UpdateTeam(store::Transaction& tx, const Team& team);
// The team, its members, its id in pending invitations' team lists and every
// session's choice of it.
Result<void> DeleteTeam(store::Transaction& tx, const Team& team);
// The sessions whose active team is `team_id`.
Result<std::vector<std::string>> SessionsWithActiveTeam(store::Transaction& tx,
                                                        std::string_view team_id);
// Oldest first.
Result<std::vector<Team>> ListTeams(store::Transaction& tx, std::string_view organization_id);
Result<std::int64_t> CountTeams(store::Transaction& tx, std::string_view organization_id);
// The teams `user_id` is in, oldest membership first.
Result<std::vector<Team>> ListUserTeams(store::Transaction& tx, std::string_view user_id);

Result<std::optional<TeamMember>> FindTeamMember(store::Transaction& tx, std::string_view team_id,
                                                 std::string_view user_id);
Result<void> CreateTeamMember(store::Transaction& tx, const TeamMember& member);
Result<void> DeleteTeamMember(store::Transaction& tx, std::string_view team_id,
                              std::string_view user_id);
Result<std::vector<TeamMember>> ListTeamMembers(store::Transaction& tx, std::string_view team_id);
Result<std::int64_t> CountTeamMembers(store::Transaction& tx, std::string_view team_id);

}  // namespace latchkey::organizations::org_store

#endif  // LK_FEATURES_ORGANIZATIONS_TEAM_STORE_H_

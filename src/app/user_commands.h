// `latchkey user create|list|set-role|ban|unban|delete` (docs/operations.md
// "Users from the command line"): safe while servers run on the same
// database. Exit 0 on success; 2 with one line on stderr for bad input or a
// refusal (unknown user, weak password, the last admin, …); 1 when the
// database fails.
#ifndef LK_APP_USER_COMMANDS_H_
#define LK_APP_USER_COMMANDS_H_

#include <cstdint>
#include <string>

#include "core/config.h"

namespace latchkey::app {

struct UserCommand {
  enum class Action { kCreate, kList, kSetRole, kBan, kUnban, kDelete };
  Action action = Action::kList;
  std::string email;
  std::string password;
  std::string name;
  bool admin = false;
  bool verified = false;
  std::string role;                  // set-role: "a" or "a,b"
  std::string reason = "No reason";  // ban
  std::int64_t expires_in = 0;       // ban: seconds; 0 = never
  std::int64_t limit = 100;          // list
  std::string search;                // list: part of the e-mail; "" = all
  bool json = false;                 // list: JSON lines
};

int RunUser(const Config& config, const UserCommand& command);

}  // namespace latchkey::app

#endif  // LK_APP_USER_COMMANDS_H_

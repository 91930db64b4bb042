// `latchkey clients create|list|delete|rotate-secret` (docs/oidc.md
// "Clients"): OAuth clients of the OpenID provider, safe while servers run
// on the same database. create and rotate-secret print the client as one
// JSON object (with client_secret, shown this once); list prints one per
// line. Exit 0 on success; 2 with one line on stderr for bad input or an
// unknown client; 1 when the database fails.
#ifndef LK_APP_CLIENT_COMMANDS_H_
#define LK_APP_CLIENT_COMMANDS_H_

#include <string>
#include <vector>

#include "core/config.h"

namespace latchkey::app {

struct ClientCommand {
  enum class Action { kCreate, kList, kDelete, kRotateSecret };
  Action action = Action::kList;
  std::string name;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> post_logout_redirect_uris;
  bool is_public = false;
  std::string grants;  // "authorization_code,refresh_token"; "" = the defaults
  std::string scope;   // "openid profile"; "" = the defaults
  bool skip_consent = false;
  std::string access_token_format = "opaque";
  std::string client_id;  // create: "" = generated; delete, rotate-secret: which
  std::string client_secret;
};

int RunClients(const Config& config, const ClientCommand& command);

}  // namespace latchkey::app

#endif  // LK_APP_CLIENT_COMMANDS_H_

// The operations behind `latchkey user …` and the first-admin bootstrap
// (docs/operations.md "Users from the command line"): the admin API's own
// store functions, hooks and session invalidation, each change one
// transaction with one audit event. The actor is the command line: the
// event's user_id is NULL, target_user_id the user changed, and its details
// carry "via" (`cli`, or `admin_email` for the bootstrap); the synthetic
// request gives client_address "cli".
// Thread-safety: one caller at a time.
#ifndef LK_APP_USER_OPERATIONS_H_
#define LK_APP_USER_OPERATIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "app/application.h"
#include "features/admin/admin_service.h"
#include "http/request.h"

namespace latchkey::app {

struct NewUser {
  std::string email;
  std::string password;
  std::string name;  // required to create; when promoting, "" keeps the name
  bool admin = false;
  bool verified = false;
};

struct ListedUser {
  users::User user;
  admin::AdminState state;
};

class UserOperations {
 public:
  // `via`: how the change came, recorded in each audit event's details.
  UserOperations(Application& app, std::string via);
  // Builds the roles (admin_roles). Errors: INVALID_ADMIN_ROLES.
  Result<void> Init();

  enum class Created { kCreated, kPromoted };
  // Creates the user (the password policy applies, hashed as the server
  // hashes); with `admin`, an existing user instead gains the admin role
  // and the password. Errors: a usage error (bad e-mail, missing name, the
  // user exists without --admin), PASSWORD_TOO_SHORT/…/PASSWORD_COMPROMISED,
  // as the store.
  Result<Created> CreateUser(const NewUser& in);
  Result<std::vector<ListedUser>> List(std::int64_t limit,
                                       const std::optional<std::string>& search);
  // `roles`: "a" or "a,b", each a configured role. Returns the roles before.
  // Errors: USER_NOT_FOUND, YOU_ARE_NOT_ALLOWED_TO_SET_NON_EXISTENT_VALUE,
  // INVALID_ROLE_TYPE, YOU_CANNOT_DEMOTE_THE_LAST_ADMIN.
  Result<std::string> SetRole(std::string_view email, std::string_view roles);
  // Every session ends; returns how many. `expires_in_s` > 0 or none.
  Result<std::int64_t> Ban(std::string_view email, const std::string& reason,
                           std::optional<std::int64_t> expires_in_s);
  Result<void> Unban(std::string_view email);
  // The delete-user path (user-deleted hooks, cascade). Refuses the last
  // admin (YOU_CANNOT_DEMOTE_THE_LAST_ADMIN).
  Result<void> Delete(std::string_view email);

  Result<std::int64_t> CountAdmins();
  Result<std::optional<users::User>> FindByEmail(std::string_view email);
  // Whether the user's password is `password` (false without one).
  Result<bool> HasPassword(const users::User& user, std::string_view password);

 private:
  // Errors: the length rule, then the strength/common/breach policy.
  Result<void> CheckPassword(const NewUser& in) const;
  Result<users::User> RequireUser(store::Transaction& tx, std::string_view email) const;
  Result<void> Audit(store::Transaction& tx, std::string_view type, std::string_view target,
                     std::string_view change) const;
  Result<Created> Promote(store::Transaction& tx, const users::User& user, const NewUser& in,
                          const std::string& hash) const;

  Application& app_;
  std::string via_;
  admin::AdminService admin_;
  http::Request request_;  // what the audit helpers read: client "cli", a request id
};

// A refusal of bad input, for a one-line message (not a wire error).
Error UsageError(std::string message);
// The one line the CLI prints for an error.
std::string Describe(const Error& error);

}  // namespace latchkey::app

#endif  // LK_APP_USER_OPERATIONS_H_

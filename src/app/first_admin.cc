#include "app/first_admin.h"

#include "app/user_operations.h"
#include "features/admin/admin_settings.h"
#include "observability/log.h"

namespace latchkey::app {
namespace {

// Creates the admin unless one exists. Several nodes may start at once: the
// loser of the race fails on the e-mail's uniqueness and finds the winner's
// admin when it counts again.
Result<void> CreateIfNoAdmin(UserOperations& ops, const admin::AdminSettings& settings) {
  LK_ASSIGN_OR_RETURN(std::int64_t admins, ops.CountAdmins());
  if (admins > 0) return {};
  LK_ASSIGN_OR_RETURN(auto existing, ops.FindByEmail(settings.admin_email));
  if (existing) {
    // Anyone could have signed up with that address (and may hold a
    // session): promoting it is the operator's explicit act, not a default.
    log::Warn(
        "first admin not created: admin_email belongs to an existing user; promote it with "
        "`latchkey user create --admin`",
        {{"email", settings.admin_email}});
    return {};
  }
  auto created = ops.CreateUser({.email = settings.admin_email,
                                 .password = settings.admin_password,
                                 .name = "Admin",
                                 .admin = true,
                                 .verified = true});
  if (!created) {
    LK_ASSIGN_OR_RETURN(std::int64_t now_admins, ops.CountAdmins());
    if (now_admins > 0) return {};  // another node made it
    return Fail(std::move(created).error());
  }
  log::Info("first admin created", {{"email", settings.admin_email}});
  return {};
}

}  // namespace

Result<void> EnsureFirstAdmin(Application& app) {
  const auto& settings = app.config().Get<admin::AdminSettings>();
  if (settings.admin_email.empty()) return {};
  UserOperations ops(app, "admin_email");
  LK_TRY(ops.Init());
  LK_TRY(CreateIfNoAdmin(ops, settings));
  LK_ASSIGN_OR_RETURN(auto user, ops.FindByEmail(settings.admin_email));
  if (!user) return {};
  LK_ASSIGN_OR_RETURN(bool unchanged, ops.HasPassword(*user, settings.admin_password));
  if (unchanged) {
    log::Warn(
        "the first admin's password is still admin_password: change it (change-password) "
        "and remove admin_password from the configuration",
        {{"email", settings.admin_email}});
  }
  return {};
}

}  // namespace latchkey::app

// What the admin routes and hooks share (docs/permissions.md): the roles
// and their permissions, each user's role and ban, the authorizer the route
// table asks for every kAdmin route, and the ban gate on every sign-in.
// Thread-safety: immutable after Init(); safe to share.
#ifndef LK_FEATURES_ADMIN_ADMIN_SERVICE_H_
#define LK_FEATURES_ADMIN_ADMIN_SERVICE_H_

#include <optional>
#include <string>

#include "core/result.h"
#include "features/admin/access_control.h"
#include "features/admin/admin_settings.h"
#include "features/admin/admin_store.h"
#include "features/common/credential_guard.h"
#include "features/email_password/email_password_settings.h"
#include "features/email_password/password_hasher.h"
#include "features/platform/hooks.h"
#include "features/platform/principal.h"
#include "features/services.h"
#include "features/sessions/session_service.h"

namespace latchkey::admin {

struct AdminDeps {
  const Services& services;
  const sessions::SessionService& sessions;
  const platform::Hooks& hooks;
  // create-user and set-user-password: the KDF pool and the password policy
  // sign-up uses. Null hasher: those routes answer 503 (tests without it).
  const email_password::PasswordHasher* hasher = nullptr;
  CredentialGuard* guard = nullptr;  // password policy, mail budgets; null = none
  AdminSettings settings = services.config.Get<AdminSettings>();
  // The password length rule is email_password's (read once).
  email_password::EmailPasswordSettings passwords =
      services.config.Get<email_password::EmailPasswordSettings>();
};

class AdminService {
 public:
  explicit AdminService(AdminDeps deps) : deps_(std::move(deps)) {}
  // Errors: INVALID_ADMIN_ROLES.
  Result<void> Init();

  const AdminDeps& deps() const { return deps_; }
  const AccessControl& access() const { return *access_; }
  const std::string& default_role() const { return deps_.settings.admin_default_role; }
  TimeMs Now() const { return deps_.services.clock.NowMs(); }

  // The route table's authorizer, in this order: an impersonation session
  // is refused (NOT_ALLOWED_WHILE_IMPERSONATING), then a role without the
  // permission (its 403, YOU_ARE_NOT_ALLOWED_TO_…), then a user with
  // two-factor on whose session passed no second factor
  // (SECOND_FACTOR_REQUIRED). All 403 (docs/permissions.md).
  Result<void> Authorize(const platform::Principal& principal, std::string_view permission) const;

  // Impersonation (docs/permissions.md "Impersonation"). The admin who
  // impersonates through `session`, from its impersonatedBy field; nullopt
  // for an ordinary session.
  static std::optional<std::string> ImpersonatorOf(const sessions::Session& session);
  // Session-fields hook: impersonatedBy on an impersonation session.
  Result<void> AddSessionFields(store::Transaction& tx, sessions::SessionWithUser& found) const;
  // Ends (deletes) every impersonation session `admin_user_id` started: an
  // impersonation is a child of the admin's sign-in and dies with it (a
  // ban, a revocation of every session, a deletion).
  Result<void> EndImpersonationsBy(store::Transaction& tx, const std::string& admin_user_id) const;
  Result<AdminState> StateOf(std::string_view user_id) const;
  // The check a handler makes for a second permission a field needs
  // (update-user's role → user:set-role). Errors: that permission's 403.
  Result<void> Require(const sessions::SessionWithUser& caller, std::string_view permission) const;

  // Hooks: a banned user gets no session (403 BANNED_USER; an expired ban
  // is lifted instead); users cannot set admin fields at sign-up; the user
  // JSON carries role, banned, banReason, banExpires.
  Result<std::optional<http::Response>> RefuseBanned(const platform::SignInEvent& event) const;
  Result<void> RefuseAdminFields(const platform::SignUpEvent& event) const;
  // The same on the user's own update-user (400 FIELD_NOT_ALLOWED).
  Result<void> RefuseAdminFieldsOnUpdate(const platform::UserUpdateEvent& event) const;
  Result<void> AddUserFields(store::Transaction& tx, users::User& user) const;

 private:
  AdminDeps deps_;
  std::optional<AccessControl> access_;
};

// The ban refusal, with Better Auth's full message.
Error BannedError();

}  // namespace latchkey::admin

#endif  // LK_FEATURES_ADMIN_ADMIN_SERVICE_H_

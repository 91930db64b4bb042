#include "app/user_operations.h"

#include <cstdio>

#include "core/json_writer.h"
#include "crypto/random.h"
#include "features/admin/admin_errors.h"
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/validation.h"
#include "features/email_password/email_password_settings.h"
#include "features/users/user_store.h"

namespace latchkey::app {
namespace {

constexpr std::size_t kMaxNameBytes = 256;  // as sign-up
constexpr std::size_t kMaxEmailBytes = 320;

bool HoldsAdmin(std::string_view roles) {
  for (const std::string& role : admin::SplitRoles(roles)) {
    if (role == "admin") return true;
  }
  return false;
}

// `roles` plus admin, keeping the others the user holds (but not the
// default role, which only stands for "no other").
std::string WithAdmin(std::string_view roles, std::string_view default_role) {
  if (HoldsAdmin(roles)) return std::string(roles);
  if (roles.empty() || roles == default_role) return "admin";
  return std::string(roles) + ",admin";
}

}  // namespace

Error UsageError(std::string message) {
  return Error{ErrorKind::kInvalidArgument, "CLI_USAGE", "invalid input",
               std::move(message),          {},          0};
}

std::string Describe(const Error& error) {
  if (!error.detail.empty()) return error.detail;
  // Validation errors name the field in wire_message.
  if (!error.wire_message.empty()) return error.wire_message;
  return std::string(error.message) + " (" + std::string(error.code) + ")";
}

UserOperations::UserOperations(Application& app, std::string via)
    : app_(app),
      via_(std::move(via)),
      admin_(admin::AdminDeps{app.services(), app.sessions(), app.hooks()}) {
  request_.client_address = "cli";
  request_.request_id = "cli-" + crypto::RandomAlnum(16);
  request_.headers.emplace_back("user-agent", "latchkey-cli/" LATCHKEY_VERSION);
}

Result<void> UserOperations::Init() { return admin_.Init(); }

Result<void> UserOperations::CheckPassword(const NewUser& in) const {
  const auto& settings = app_.config().Get<email_password::EmailPasswordSettings>();
  LK_TRY(validation::CheckPasswordLength(in.password, settings.min_password_length,
                                         settings.max_password_length));
  const std::string context[] = {in.email, in.name};
  const abuse::PasswordPolicy& policy = app_.abuse_guard().passwords();
  LK_ASSIGN_OR_RETURN(abuse::PasswordReport report, policy.Evaluate(in.password, context));
  LK_TRY(policy.Judge(report));
  if (report.breached.value_or(false)) {
    // pwned_policy = warn accepts it; the operator hears it at once.
    std::fprintf(stderr, "latchkey: warning: this password appears in known breaches\n");
  }
  return {};
}

Result<users::User> UserOperations::RequireUser(store::Transaction& tx,
                                                std::string_view email) const {
  LK_ASSIGN_OR_RETURN(auto user, users::FindUserByEmail(tx, validation::LowerAscii(email)));
  if (!user) return Fail(MakeError(admin::errors::kUserNotFound, "no user with this e-mail"));
  return std::move(*user);
}

Result<void> UserOperations::Audit(store::Transaction& tx, std::string_view type,
                                   std::string_view target, std::string_view change) const {
  // The admin API's shape ({target_user_id, change}) plus how it came.
  std::string details;
  json::ObjectWriter(details)
      .String("target_user_id", target)
      .Raw("change", change)
      .String("via", via_)
      .Close();
  return audit::RecordInTransaction(tx, app_.services().clock, request_,
                                    {.type = type,
                                     .outcome = audit::kSuccess,
                                     .target_user_id = std::string(target),
                                     .details_json = details});
}

Result<UserOperations::Created> UserOperations::CreateUser(const NewUser& raw) {
  NewUser in = raw;
  in.email = validation::LowerAscii(in.email);
  if (in.email.size() > kMaxEmailBytes || !validation::IsValidEmail(in.email)) {
    return Fail(UsageError("not a valid e-mail address: " + raw.email));
  }
  if (in.name.size() > kMaxNameBytes) return Fail(UsageError("--name is too long"));
  LK_TRY(CheckPassword(in));
  // Hashed outside the transaction, as sign-up does (the KDF pool's work).
  LK_ASSIGN_OR_RETURN(std::string hash, app_.hasher().Hash(in.password));
  const TimeMs now = app_.services().clock.NowMs();
  return store::InTransaction(
      app_.services().store, [&](store::Transaction& tx) -> Result<Created> {
        LK_ASSIGN_OR_RETURN(auto existing, users::FindUserByEmail(tx, in.email));
        if (existing) {
          if (!in.admin) {
            return Fail(MakeError(errors::kUserAlreadyExists,
                                  "a user with this e-mail exists (--admin promotes it)"));
          }
          return Promote(tx, *existing, in, hash);
        }
        if (in.name.empty()) return Fail(UsageError("--name is required to create a user"));
        users::User user;
        user.id = crypto::RandomAlnum(32);
        user.name = in.name;
        user.email = in.email;
        user.email_verified = in.verified;
        user.created_at = user.updated_at = now;
        LK_TRY(users::CreateUser(tx, user));
        LK_TRY(users::CreateCredentialAccount(tx, user.id, hash, now));
        LK_TRY(app_.hooks().RunUserCreated(tx, user));
        const std::string role = in.admin ? "admin" : admin_.default_role();
        if (in.admin) LK_TRY(admin::admin_store::SetRole(tx, user.id, role, role, now));
        std::string change;
        json::ObjectWriter(change).String("role", role).Bool("emailVerified", in.verified).Close();
        LK_TRY(Audit(tx, "admin.create_user", user.id, change));
        return Created::kCreated;
      });
}

Result<UserOperations::Created> UserOperations::Promote(store::Transaction& tx,
                                                        const users::User& user, const NewUser& in,
                                                        const std::string& hash) const {
  const TimeMs now = app_.services().clock.NowMs();
  LK_ASSIGN_OR_RETURN(admin::AdminState before,
                      admin::admin_store::Load(tx, user.id, admin_.default_role()));
  const std::string roles = WithAdmin(before.role, admin_.default_role());
  LK_TRY(admin::admin_store::SetRole(tx, user.id, roles, admin_.default_role(), now));
  LK_ASSIGN_OR_RETURN(auto stored, users::FindPasswordHash(tx, user.id));
  if (stored) {
    LK_TRY(users::UpdatePasswordHash(tx, user.id, hash, now));
  } else {
    LK_TRY(users::CreateCredentialAccount(tx, user.id, hash, now));
  }
  if (!in.name.empty()) LK_TRY(users::UpdateUserProfile(tx, user.id, in.name, std::nullopt, now));
  if (in.verified && !user.email_verified) LK_TRY(users::MarkEmailVerified(tx, user.id, now));
  LK_TRY(app_.sessions().InvalidateUser(tx, user.id));
  std::string change;
  json::ObjectWriter(change)
      .String("from", before.role)
      .String("to", roles)
      .Bool("passwordSet", true)
      .Close();
  LK_TRY(Audit(tx, "admin.set_role", user.id, change));
  return Created::kPromoted;
}

Result<std::vector<ListedUser>> UserOperations::List(std::int64_t limit,
                                                     const std::optional<std::string>& search) {
  users::UserQuery query;
  query.search = search;
  query.limit = limit;
  return store::InReadTransaction(
      app_.services().store, [&](store::Transaction& tx) -> Result<std::vector<ListedUser>> {
        LK_ASSIGN_OR_RETURN(users::UserPage page, users::ListUsers(tx, query));
        std::vector<ListedUser> listed;
        for (users::User& user : page.users) {
          LK_ASSIGN_OR_RETURN(admin::AdminState state,
                              admin::admin_store::Load(tx, user.id, admin_.default_role()));
          listed.push_back({std::move(user), std::move(state)});
        }
        return listed;
      });
}

Result<std::string> UserOperations::SetRole(std::string_view email, std::string_view roles_text) {
  std::string roles;
  for (const std::string& role : admin::SplitRoles(roles_text)) {
    if (!admin_.access().IsRole(role)) {
      return Fail(MakeError(admin::errors::kNonExistentRole, "unknown role: " + role));
    }
    if (!roles.empty()) roles += ',';
    roles += role;
  }
  if (roles.empty()) return Fail(MakeError(admin::errors::kInvalidRoleType, "--role is empty"));
  const TimeMs now = app_.services().clock.NowMs();
  return store::InTransaction(
      app_.services().store, [&](store::Transaction& tx) -> Result<std::string> {
        LK_ASSIGN_OR_RETURN(users::User user, RequireUser(tx, email));
        LK_ASSIGN_OR_RETURN(admin::AdminState before,
                            admin::admin_store::Load(tx, user.id, admin_.default_role()));
        // As the API: the platform keeps one admin at least, counted in
        // the transaction that would remove the last.
        if (HoldsAdmin(before.role) && !HoldsAdmin(roles)) {
          LK_ASSIGN_OR_RETURN(std::int64_t admins, admin::admin_store::CountAdmins(tx));
          if (admins <= 1) {
            return Fail(MakeError(admin::errors::kLastAdmin, "this user is the last admin"));
          }
        }
        LK_TRY(admin::admin_store::SetRole(tx, user.id, roles, admin_.default_role(), now));
        LK_TRY(app_.sessions().InvalidateUser(tx, user.id));
        std::string change;
        json::ObjectWriter(change).String("from", before.role).String("to", roles).Close();
        LK_TRY(Audit(tx, "admin.set_role", user.id, change));
        return before.role;
      });
}

Result<std::int64_t> UserOperations::Ban(std::string_view email, const std::string& reason,
                                         std::optional<std::int64_t> expires_in_s) {
  const TimeMs now = app_.services().clock.NowMs();
  std::optional<TimeMs> expires;
  if (expires_in_s) expires = now + *expires_in_s * 1000;
  return store::InTransaction(
      app_.services().store, [&](store::Transaction& tx) -> Result<std::int64_t> {
        LK_ASSIGN_OR_RETURN(users::User user, RequireUser(tx, email));
        LK_TRY(admin::admin_store::Ban(tx, user.id, reason, expires, admin_.default_role(), now));
        // As ban-user: every session ends, with what hooks keep per browser.
        LK_ASSIGN_OR_RETURN(std::int64_t ended,
                            app_.sessions().DeleteUserSessions(tx, user.id, ""));
        LK_TRY(app_.hooks().RunSessionsRevoked(tx, user.id));
        LK_TRY(app_.sessions().InvalidateUser(tx, user.id));
        std::string change;
        json::ObjectWriter writer(change);
        writer.String("reason", reason).Int("sessions_ended", ended);
        if (expires) writer.String("expires", FormatIsoTime(*expires));
        writer.Close();
        LK_TRY(Audit(tx, "admin.ban", user.id, change));
        return ended;
      });
}

Result<void> UserOperations::Unban(std::string_view email) {
  const TimeMs now = app_.services().clock.NowMs();
  return store::InTransaction(app_.services().store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(users::User user, RequireUser(tx, email));
    LK_TRY(admin::admin_store::Unban(tx, user.id, now));
    LK_TRY(app_.sessions().InvalidateUser(tx, user.id));
    return Audit(tx, "admin.unban", user.id, "{}");
  });
}

Result<void> UserOperations::Delete(std::string_view email) {
  return store::InTransaction(app_.services().store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(users::User user, RequireUser(tx, email));
    LK_ASSIGN_OR_RETURN(admin::AdminState state,
                        admin::admin_store::Load(tx, user.id, admin_.default_role()));
    if (HoldsAdmin(state.role)) {
      LK_ASSIGN_OR_RETURN(std::int64_t admins, admin::admin_store::CountAdmins(tx));
      if (admins <= 1) {
        return Fail(MakeError(admin::errors::kLastAdmin, "this user is the last admin"));
      }
    }
    // The delete-user path: hooks first, then the user; accounts, sessions
    // and tokens go with it (ON DELETE CASCADE).
    LK_TRY(app_.hooks().RunUserDeleted(tx, user));
    LK_TRY(users::DeleteUser(tx, user.id));
    LK_TRY(app_.sessions().InvalidateUser(tx, user.id));
    std::string change;
    json::ObjectWriter(change).String("email", user.email).Close();
    return Audit(tx, "admin.remove_user", user.id, change);
  });
}

Result<std::int64_t> UserOperations::CountAdmins() {
  return store::InReadTransaction(app_.services().store, [](store::Transaction& tx) {
    return admin::admin_store::CountAdmins(tx);
  });
}

Result<std::optional<users::User>> UserOperations::FindByEmail(std::string_view email) {
  return store::InReadTransaction(app_.services().store, [&](store::Transaction& tx) {
    return users::FindUserByEmail(tx, validation::LowerAscii(email));
  });
}

Result<bool> UserOperations::HasPassword(const users::User& user, std::string_view password) {
  LK_ASSIGN_OR_RETURN(auto stored,
                      store::InReadTransaction(app_.services().store, [&](store::Transaction& tx) {
                        return users::FindPasswordHash(tx, user.id);
                      }));
  if (!stored) return false;
  return app_.hasher().Verify(password, *stored);
}

}  // namespace latchkey::app

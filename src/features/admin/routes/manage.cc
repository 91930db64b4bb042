// create-user, update-user, set-user-password and remove-user (docs/api.md
// "Administration"), in Better Auth's order of checks. Each change is one
// transaction with one audit event; the users feature's store functions
// write its tables, the sessions feature's service ends sessions (their
// WebSockets close with them).
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/random.h"
#include "features/admin/admin_errors.h"
#include "features/admin/routes/admin_common.h"
#include "features/admin/routes/admin_routes.h"
#include "features/common/base_errors.h"
#include "features/common/validation.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::admin {
namespace {

constexpr std::size_t kMaxEmailBytes = 320;
constexpr std::size_t kMaxNameBytes = 256;
constexpr std::size_t kMaxImageBytes = 2048;
constexpr std::size_t kMaxPasswordBytes = 4096;

bool Has(const boost::json::object& data, std::string_view key) { return data.contains(key); }

bool HasBanField(const boost::json::object& data) {
  return Has(data, "banned") || Has(data, "banReason") || Has(data, "banExpires");
}

// `data` of create-user and update-user: an object (absent = empty when optional).
Result<boost::json::object> DataOf(const boost::json::object& body, bool required) {
  const auto* data = body.if_contains("data");
  if (data == nullptr && !required) return boost::json::object();
  if (data == nullptr || !data->is_object()) {
    return Fail(validation::FieldError("data", "Invalid input: expected record"));
  }
  return data->as_object();
}

// The ban a `data` object asks for: banned, banReason, banExpires (ms since
// the epoch; null = until unbanned).
struct BanChange {
  std::optional<bool> banned;
  std::optional<std::string> reason;
  std::optional<TimeMs> expires;
};

Result<BanChange> ParseBan(const boost::json::object& data) {
  BanChange ban;
  LK_ASSIGN_OR_RETURN(ban.banned, validation::OptionalBool(data, "banned"));
  if (const auto* reason = data.if_contains("banReason"); reason && !reason->is_null()) {
    LK_ASSIGN_OR_RETURN(ban.reason, validation::OptionalString(data, "banReason", 1024));
  }
  if (const auto* expires = data.if_contains("banExpires"); expires && !expires->is_null()) {
    if (!expires->is_number() || expires->to_number<double>() <= 0) {
      return Fail(validation::FieldError("banExpires", "Invalid input: expected number"));
    }
    ban.expires = static_cast<TimeMs>(expires->to_number<double>());
  }
  return ban;
}

// The password policy sign-up applies (length, breach and strength), then
// the hash on the KDF pool. Errors: PASSWORD_TOO_SHORT/LONG,
// PASSWORD_COMPROMISED, PASSWORD_TOO_WEAK (400); SERVICE_UNAVAILABLE (503).
Result<std::string> HashNewPassword(const http::Request& request, const AdminService& service,
                                    const std::string& password, const std::string& email,
                                    const std::string& name) {
  const auto& settings = service.deps().passwords;
  LK_TRY(validation::CheckPasswordLength(password, settings.min_password_length,
                                         settings.max_password_length));
  if (service.deps().guard != nullptr) {
    const std::string context[] = {email, name};
    LK_TRY(service.deps().guard->CheckNewPassword(request, password, context));
  }
  if (service.deps().hasher == nullptr) return Fail(email_password::PasswordHasher::BusyError());
  return service.deps().hasher->Hash(password);
}

Result<std::string> ParseEmail(const boost::json::object& object) {
  LK_ASSIGN_OR_RETURN(std::string email,
                      validation::RequireString(object, "email", kMaxEmailBytes));
  email = validation::LowerAscii(email);
  if (!validation::IsValidEmail(email)) return Fail(MakeError(::latchkey::errors::kInvalidEmail));
  return email;
}

struct NewUser {
  users::User user;
  std::optional<std::string> password;
  std::optional<std::string> roles;
  BanChange ban;
};

// Better Auth's order: the role (user:set-role), the ban fields (user:ban),
// then the e-mail and the password.
Result<NewUser> ParseNewUser(const boost::json::object& body, const AdminService& service,
                             const sessions::SessionWithUser& caller) {
  NewUser in;
  LK_ASSIGN_OR_RETURN(std::string email, validation::RequireString(body, "email", kMaxEmailBytes));
  LK_ASSIGN_OR_RETURN(in.password, validation::OptionalString(body, "password", kMaxPasswordBytes));
  LK_ASSIGN_OR_RETURN(in.user.name, validation::RequireString(body, "name", kMaxNameBytes));
  LK_ASSIGN_OR_RETURN(boost::json::object data, DataOf(body, /*required=*/false));
  const boost::json::value* role = body.if_contains("role");
  if (role == nullptr || role->is_null()) role = data.if_contains("role");
  if (role != nullptr && !role->is_null()) {
    LK_TRY(service.Require(caller, "user:set-role"));
    LK_ASSIGN_OR_RETURN(in.roles, ParseRoles(role, service.access()));
  }
  if (HasBanField(data)) {
    LK_TRY(service.Require(caller, "user:ban"));
    LK_ASSIGN_OR_RETURN(in.ban, ParseBan(data));
  }
  in.user.email = validation::LowerAscii(email);
  if (!validation::IsValidEmail(in.user.email))
    return Fail(MakeError(::latchkey::errors::kInvalidEmail));
  LK_ASSIGN_OR_RETURN(in.user.image, validation::OptionalString(data, "image", kMaxImageBytes));
  LK_ASSIGN_OR_RETURN(auto verified, validation::OptionalBool(data, "emailVerified"));
  in.user.email_verified = verified.value_or(false);
  if (in.password && in.password->empty()) in.password.reset();  // Better Auth: no password
  return in;
}

// The ban a change leaves, applied in tx: a ban ends every session at once.
Result<void> ApplyBan(store::Transaction& tx, const AdminService& service,
                      const std::string& user_id, const BanChange& ban, TimeMs now) {
  if (ban.banned == false) return admin_store::Unban(tx, user_id, now);
  if (ban.banned != true) {
    // banReason/banExpires alone change a ban in force and nothing else.
    LK_ASSIGN_OR_RETURN(AdminState state, admin_store::Load(tx, user_id, service.default_role()));
    if (!state.banned) return {};
  }
  LK_TRY(admin_store::Ban(tx, user_id, ban.reason.value_or("No reason"), ban.expires,
                          service.default_role(), now));
  LK_TRY(service.deps().sessions.DeleteUserSessions(tx, user_id, ""));
  return service.deps().hooks.RunSessionsRevoked(tx, user_id);
}

// The last-admin rule of set-role, for a role change through update-user.
Result<void> CheckRoleChange(store::Transaction& tx, const AdminService& service,
                             const std::string& user_id, const std::string& roles) {
  LK_ASSIGN_OR_RETURN(AdminState before, admin_store::Load(tx, user_id, service.default_role()));
  if (HoldsAdmin(before.role) && !HoldsAdmin(roles)) {
    LK_ASSIGN_OR_RETURN(std::int64_t admins, admin_store::CountAdmins(tx));
    if (admins <= 1) return Fail(MakeError(errors::kLastAdmin));
  }
  return {};
}

}  // namespace

Result<http::Response> CreateUser(const http::Request& request, const AdminService& service,
                                  const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(NewUser in, ParseNewUser(body, service, caller));
  std::optional<std::string> hash;
  if (in.password) {
    LK_ASSIGN_OR_RETURN(
        hash, HashNewPassword(request, service, *in.password, in.user.email, in.user.name));
  }
  users::User& user = in.user;
  user.id = crypto::RandomAlnum(32);
  user.created_at = user.updated_at = service.Now();
  auto answer = store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto existing, users::FindUserByEmail(tx, user.email));
        if (existing) return Fail(MakeError(errors::kUserExists));
        // The path sign-up takes: the user, its credential, the hooks.
        LK_TRY(users::CreateUser(tx, user));
        if (hash) LK_TRY(users::CreateCredentialAccount(tx, user.id, *hash, user.created_at));
        if (in.roles) {
          LK_TRY(admin_store::SetRole(tx, user.id, *in.roles, service.default_role(),
                                      user.created_at));
        }
        if (in.ban.banned == true) LK_TRY(ApplyBan(tx, service, user.id, in.ban, user.created_at));
        LK_TRY(service.deps().hooks.RunUserCreated(tx, user));
        std::string details;
        json::ObjectWriter(details)
            .String("role", in.roles.value_or(service.default_role()))
            .Bool("password", hash.has_value())
            .Close();
        LK_TRY(Audit(tx, service, request, caller, "admin.create_user", user.id, details));
        return UserAnswer(tx, service, user.id);
      });
  // A concurrent create-user or sign-up with the same e-mail loses on the unique index.
  if (!answer && answer.error().code == "STORE_CONFLICT")
    return Fail(MakeError(errors::kUserExists));
  return answer;
}

Result<http::Response> AdminUpdateUser(const http::Request& request, const AdminService& service,
                                       const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string user_id, RequireUserId(body));
  LK_ASSIGN_OR_RETURN(boost::json::object data, DataOf(body, /*required=*/true));
  if (data.empty()) return Fail(MakeError(errors::kNoDataToUpdate));
  if (Has(data, "password")) return Fail(MakeError(errors::kPasswordViaUpdateUser));
  if (Has(data, "id")) return Fail(MakeError(errors::kUserIdCannotBeUpdated));
  std::optional<std::string> roles;
  if (Has(data, "role")) {
    LK_TRY(service.Require(caller, "user:set-role"));
    LK_ASSIGN_OR_RETURN(roles, ParseRoles(data.if_contains("role"), service.access()));
  }
  BanChange ban;
  if (HasBanField(data)) {
    LK_TRY(service.Require(caller, "user:ban"));
    LK_ASSIGN_OR_RETURN(ban, ParseBan(data));
    if (ban.banned == true && user_id == caller.user.id) {
      return Fail(MakeError(errors::kCannotBanYourself));
    }
  }
  std::optional<std::string> email;
  std::optional<bool> verified;
  if (Has(data, "email") || Has(data, "emailVerified")) {
    LK_TRY(service.Require(caller, "user:set-email"));
    if (Has(data, "email")) {
      LK_ASSIGN_OR_RETURN(email, ParseEmail(data));
    }
    LK_ASSIGN_OR_RETURN(verified, validation::OptionalBool(data, "emailVerified"));
  }
  if (Has(data, "phoneNumber") || Has(data, "phoneNumberVerified")) {
    LK_TRY(service.Require(caller, "user:set-phone"));  // no phone numbers yet: nothing to set
  }
  LK_ASSIGN_OR_RETURN(auto name, validation::OptionalString(data, "name", kMaxNameBytes));
  std::optional<std::optional<std::string>> image;
  if (const auto* value = data.if_contains("image"); value && value->is_null()) {
    image = std::optional<std::string>();
  } else {
    LK_ASSIGN_OR_RETURN(auto given, validation::OptionalString(data, "image", kMaxImageBytes));
    if (given) image = std::move(given);
  }
  // The audit event names the fields changed (never their values).
  boost::json::array fields;
  for (std::string_view key :
       {"name", "image", "email", "emailVerified", "role", "banned", "banReason", "banExpires"}) {
    if (Has(data, key)) fields.emplace_back(key);
  }
  const TimeMs now = service.Now();
  return store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, user_id));
        if (!user) return Fail(MakeError(errors::kUserNotFound));
        if (email && *email != user->email) {
          LK_ASSIGN_OR_RETURN(auto holder, users::FindUserByEmail(tx, *email));
          if (holder && holder->id != user_id) return Fail(MakeError(errors::kUserExists));
          LK_TRY(users::UpdateUserEmail(tx, user_id, *email, now));
        }
        if (verified) LK_TRY(users::SetEmailVerified(tx, user_id, *verified, now));
        if (name || image) LK_TRY(users::UpdateUserProfile(tx, user_id, name, image, now));
        if (roles) {
          LK_TRY(CheckRoleChange(tx, service, user_id, *roles));
          LK_TRY(admin_store::SetRole(tx, user_id, *roles, service.default_role(), now));
        }
        if (HasBanField(data)) LK_TRY(ApplyBan(tx, service, user_id, ban, now));
        LK_TRY(service.deps().sessions.InvalidateUser(tx, user_id));
        if (service.deps().hooks.HasUserUpdatedHooks()) {
          LK_ASSIGN_OR_RETURN(auto updated, users::FindUserById(tx, user_id));
          if (updated) LK_TRY(service.deps().hooks.RunUserUpdated(tx, *updated));
        }
        LK_TRY(Audit(tx, service, request, caller, "admin.update_user", user_id,
                     boost::json::serialize(boost::json::object{{"fields", fields}})));
        LK_ASSIGN_OR_RETURN(std::string json, UserJsonById(tx, service, user_id));
        return http::Response::Json(std::move(json));
      });
}

Result<http::Response> SetUserPassword(const http::Request& request, const AdminService& service,
                                       const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string password,
                      validation::RequireString(body, "newPassword", kMaxPasswordBytes));
  if (password.empty()) {
    return Fail(validation::FieldError("newPassword", "newPassword cannot be empty"));
  }
  LK_ASSIGN_OR_RETURN(std::string user_id, RequireUserId(body));
  const auto& settings = service.deps().passwords;
  LK_TRY(validation::CheckPasswordLength(password, settings.min_password_length,
                                         settings.max_password_length));
  LK_ASSIGN_OR_RETURN(auto user, store::InReadTransaction(service.deps().services.store,
                                                          [&](store::Transaction& tx) {
                                                            return users::FindUserById(tx, user_id);
                                                          }));
  if (!user) return Fail(MakeError(errors::kUserNotFound));
  LK_ASSIGN_OR_RETURN(std::string hash,
                      HashNewPassword(request, service, password, user->email, user->name));
  const TimeMs now = service.Now();
  LK_TRY(store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        LK_ASSIGN_OR_RETURN(auto still, users::FindUserById(tx, user_id));
        if (!still) return Fail(MakeError(errors::kUserNotFound));
        LK_ASSIGN_OR_RETURN(auto existing, users::FindPasswordHash(tx, user_id));
        if (existing) {
          LK_TRY(users::UpdatePasswordHash(tx, user_id, hash, now));
        } else {
          LK_TRY(users::CreateCredentialAccount(tx, user_id, hash, now));
        }
        // Whoever held the old password is signed out everywhere (the
        // caller's own session stays when it sets its own password).
        const std::string keep = user_id == caller.user.id ? caller.session.id : "";
        LK_ASSIGN_OR_RETURN(std::int64_t ended,
                            service.deps().sessions.DeleteUserSessions(tx, user_id, keep));
        if (keep.empty()) LK_TRY(service.deps().hooks.RunSessionsRevoked(tx, user_id));
        LK_TRY(service.deps().sessions.InvalidateUser(tx, user_id));
        std::string details;
        json::ObjectWriter(details)
            .Bool("created", !existing.has_value())
            .Int("sessions_ended", ended)
            .Close();
        return Audit(tx, service, request, caller, "admin.set_password", user_id, details);
      }));
  return http::Response::Json(R"({"status":true})");
}

Result<http::Response> RemoveUser(const http::Request& request, const AdminService& service,
                                  const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string user_id, RequireUserId(body));
  if (user_id == caller.user.id) return Fail(MakeError(errors::kCannotRemoveYourself));
  LK_TRY(store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, user_id));
        if (!user) return Fail(MakeError(errors::kUserNotFound));
        // The path of the user's own delete-user: the hooks, then the row
        // (accounts and sessions cascade). Sessions are ended first so that
        // each is announced (their WebSockets close).
        LK_TRY(service.deps().hooks.RunUserDeleted(tx, *user));
        LK_ASSIGN_OR_RETURN(std::int64_t ended,
                            service.deps().sessions.DeleteUserSessions(tx, user_id, ""));
        LK_TRY(users::DeleteUser(tx, user_id));
        LK_TRY(service.deps().sessions.InvalidateUser(tx, user_id));
        std::string details;
        json::ObjectWriter(details).Int("sessions_ended", ended).Close();
        return Audit(tx, service, request, caller, "admin.remove_user", user_id, details);
      }));
  return http::Response::Json(R"({"success":true})");
}

}  // namespace latchkey::admin

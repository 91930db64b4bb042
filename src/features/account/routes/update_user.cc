#include "features/account/routes/update_user.h"

#include <boost/json/serialize.hpp>

#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/validation.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::account {
namespace {

struct ProfileChange {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> image;  // engaged null = clear
};

Result<ProfileChange> ParseChange(const http::Request& request,
                                  const sessions::SessionWithUser& current,
                                  const platform::Hooks& hooks) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  if (body.contains("email")) return Fail(MakeError(errors::kEmailCanNotBeUpdated));
  // Fields other features own and users may not set (admin: role, banned).
  LK_TRY(hooks.RunBeforeUserUpdate({request, body, current.user}));
  ProfileChange change;
  LK_ASSIGN_OR_RETURN(change.name, validation::OptionalString(body, "name", 256));
  if (const auto* image = body.if_contains("image"); image && image->is_null()) {
    change.image = std::optional<std::string>();
  } else {
    LK_ASSIGN_OR_RETURN(auto value, validation::OptionalString(body, "image", 2048));
    if (value) change.image = std::move(value);
  }
  // Other keys (emailVerified, unknown fields) are ignored, as Better Auth does.
  if (!change.name && !change.image) return Fail(MakeError(errors::kNoFieldsToUpdate));
  return change;
}

}  // namespace

Result<http::Response> UpdateUser(const http::Request& request,
                                  const sessions::SessionWithUser& current,
                                  const Services& services,
                                  const sessions::SessionService& sessions,
                                  const platform::Hooks& hooks) {
  LK_ASSIGN_OR_RETURN(ProfileChange change, ParseChange(request, current, hooks));
  const Clock& clock = services.clock;
  boost::json::array fields;
  if (change.name) fields.emplace_back("name");
  if (change.image) fields.emplace_back("image");
  LK_TRY(store::InTransaction(services.store, [&](store::Transaction& tx) -> Result<void> {
    LK_TRY(users::UpdateUserProfile(tx, current.user.id, change.name, change.image, clock.NowMs()));
    LK_TRY(sessions.InvalidateUser(tx, current.user.id));
    if (hooks.HasUserUpdatedHooks()) {
      LK_ASSIGN_OR_RETURN(auto updated, users::FindUserById(tx, current.user.id));
      if (updated) LK_TRY(hooks.RunUserUpdated(tx, *updated));
    }
    return audit::RecordInTransaction(
        tx, clock, request,
        {.type = "user.update",
         .outcome = audit::kSuccess,
         .user_id = current.user.id,
         .session_id = current.session.id,
         .details_json = boost::json::serialize(boost::json::object{{"fields", fields}})});
  }));
  http::Response response = http::Response::Json(R"({"status":true})");
  // An API key is no session token: it must not land in a cookie.
  if (!current.session.from_api_key) {
    sessions.SetSessionCookies(response, current.session.token, !sessions.HasDontRemember(request));
  }
  return response;
}

}  // namespace latchkey::account

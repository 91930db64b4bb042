// list-user-passkeys, update-passkey and delete-passkey (docs/api.md
// "Passkeys"): the owner only; every change is audited and mailed.
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "features/common/validation.h"
#include "features/passkeys/passkey_errors.h"
#include "features/passkeys/routes/passkey_routes.h"
#include "http/body.h"

namespace latchkey::passkeys {
namespace {

Result<std::optional<Passkey>> Find(const PasskeyService& service, const std::string& id) {
  return store::InReadTransaction(service.deps().services.store, [&](store::Transaction& tx) {
    return passkey_store::FindById(tx, id);
  });
}

std::string PasskeyDetails(const Passkey& passkey) {
  std::string details;
  json::ObjectWriter(details).String("passkey_id", passkey.id).Close();
  return details;
}

}  // namespace

Result<http::Response> ListPasskeys(const http::Request& /*request*/, const PasskeyService& service,
                                    const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(
      auto passkeys,
      store::InReadTransaction(service.deps().services.store, [&](store::Transaction& tx) {
        return passkey_store::ListByUser(tx, caller.user.id);
      }));
  std::string body = "[";
  for (const Passkey& passkey : passkeys) {
    if (body.size() > 1) body += ',';
    body += PasskeyJson(passkey);
  }
  body += "]";
  return http::Response::Json(std::move(body));
}

Result<http::Response> UpdatePasskey(const http::Request& request, const PasskeyService& service,
                                     const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string id, validation::RequireString(body, "id", 128));
  LK_ASSIGN_OR_RETURN(std::string name, validation::RequireString(body, "name", 128));
  const auto first = name.find_first_not_of(" \t\r\n");
  name = first == std::string::npos
             ? std::string()
             : name.substr(first, name.find_last_not_of(" \t\r\n") - first + 1);
  if (name.empty()) {
    return Fail(
        validation::FieldError("name", "Too small: expected string to have >=1 characters"));
  }
  LK_ASSIGN_OR_RETURN(auto passkey, Find(service, id));
  if (!passkey) return Fail(MakeError(errors::kPasskeyNotFoundManage));
  if (passkey->user_id != caller.user.id) return Fail(MakeError(errors::kNotAllowed));
  passkey->name = name;
  LK_TRY(store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        LK_TRY(passkey_store::Rename(tx, passkey->id, name));
        return service.Announce(tx, request, caller.user, caller.session.id, "passkey.renamed",
                                PasskeyDetails(*passkey), "A passkey was renamed",
                                "One of your passkeys was just renamed to \"" + name + "\".");
      }));
  std::string out;
  json::ObjectWriter(out).Raw("passkey", PasskeyJson(*passkey)).Close();
  return http::Response::Json(std::move(out));
}

Result<http::Response> DeletePasskey(const http::Request& request, const PasskeyService& service,
                                     const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string id, validation::RequireString(body, "id", 128));
  LK_ASSIGN_OR_RETURN(auto passkey, Find(service, id));
  if (!passkey) return Fail(MakeError(errors::kPasskeyNotFoundManage));
  // Better Auth answers another user's passkey with an empty 401.
  if (passkey->user_id != caller.user.id) return http::Response::Empty(401);
  LK_TRY(store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        LK_TRY(passkey_store::Delete(tx, passkey->id));
        return service.Announce(tx, request, caller.user, caller.session.id, "passkey.deleted",
                                PasskeyDetails(*passkey), "A passkey was removed",
                                "A passkey (" + passkey->name.value_or("unnamed") +
                                    ") was just removed from your account: it can no longer sign "
                                    "in.");
      }));
  return http::Response::Json(R"({"status":true})");
}

}  // namespace latchkey::passkeys

// The operator extras (docs/permissions.md "Account operations"):
// reset-two-factor, resend-verification and unlock-user. Each crosses into
// another feature, which offers it by name (platform::Hooks::
// OfferAccountAction) and does the work on its own tables; admin runs it in
// one transaction with the one audit event. A feature that is off offers
// nothing: 404 ACCOUNT_OPERATION_UNAVAILABLE.
#include "core/json_writer.h"
#include "features/admin/admin_errors.h"
#include "features/admin/routes/admin_common.h"
#include "features/admin/routes/admin_routes.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::admin {
namespace {

Result<http::Response> RunOperation(const http::Request& request, const AdminService& service,
                                    const sessions::SessionWithUser& caller, std::string_view name,
                                    std::string_view audit_type) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string user_id, RequireUserId(body));
  const platform::Hooks::AccountAction* action = service.deps().hooks.FindAccountAction(name);
  if (action == nullptr) return Fail(MakeError(errors::kOperationUnavailable, std::string(name)));
  LK_TRY(store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, user_id));
        if (!user) return Fail(MakeError(errors::kUserNotFound));
        LK_ASSIGN_OR_RETURN(std::string details, (*action)(tx, {request, *user, caller.user.id}));
        return Audit(tx, service, request, caller, audit_type, user_id, details);
      }));
  return http::Response::Json(R"({"success":true})");
}

}  // namespace

Result<http::Response> ResetTwoFactor(const http::Request& request, const AdminService& service,
                                      const sessions::SessionWithUser& caller) {
  return RunOperation(request, service, caller, "reset-two-factor", "admin.reset_two_factor");
}

Result<http::Response> ResendVerification(const http::Request& request, const AdminService& service,
                                          const sessions::SessionWithUser& caller) {
  return RunOperation(request, service, caller, "resend-verification", "admin.resend_verification");
}

Result<http::Response> UnlockUser(const http::Request& request, const AdminService& service,
                                  const sessions::SessionWithUser& caller) {
  return RunOperation(request, service, caller, "unlock", "admin.unlock");
}

}  // namespace latchkey::admin

#include "features/admin/admin_errors.h"

#include <string_view>
#include <utility>

namespace latchkey::admin::errors {

const ErrorInfo& ForbiddenFor(std::string_view permission) {
  static constexpr std::pair<std::string_view, const ErrorInfo*> kByPermission[] = {
      {"user:list", &kNotAllowedListUsers},
      {"user:get", &kNotAllowedGetUser},
      {"user:create", &kNotAllowedCreateUsers},
      {"user:update", &kNotAllowedUpdateUsers},
      {"user:set-role", &kNotAllowedChangeRole},
      {"user:ban", &kNotAllowedBanUsers},
      {"user:impersonate", &kNotAllowedImpersonate},
      {"user:delete", &kNotAllowedDeleteUsers},
      {"user:set-password", &kNotAllowedSetPassword},
      {"session:list", &kNotAllowedListSessions},
      {"session:revoke", &kNotAllowedRevokeSessions},
      {"user:set-email", &kNotAllowedSetEmail},
      {"user:set-phone", &kNotAllowedSetPhone},
      {"user:reset-two-factor", &kNotAllowedResetTwoFactor},
      {"user:resend-verification", &kNotAllowedResendVerification},
      {"user:unlock", &kNotAllowedUnlock},
  };
  for (const auto& [name, error] : kByPermission) {
    if (name == permission) return *error;
  }
  return kNotAllowed;
}

}  // namespace latchkey::admin::errors

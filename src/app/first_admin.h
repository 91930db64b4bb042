// The first admin (docs/operations.md "The first admin"): at `serve` start,
// with admin_email and admin_password set, creates that user (verified, role
// admin) while no user holds the admin role, and warns at every start while
// its password is still the configured one.
#ifndef LK_APP_FIRST_ADMIN_H_
#define LK_APP_FIRST_ADMIN_H_

#include "app/application.h"

namespace latchkey::app {

// After Migrate(). Errors: the password policy's refusal of admin_password
// (the server must not start with a weak first admin); as the store.
Result<void> EnsureFirstAdmin(Application& app);

}  // namespace latchkey::app

#endif  // LK_APP_FIRST_ADMIN_H_

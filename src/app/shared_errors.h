// The wire codes no single feature owns: Better Auth's base codes
// (features/common), the http layer's, the store's, crypto's, JOSE's, the
// mail module's and core's generic 500/503. Application checks them together
// with every feature's Errors() at startup (app/error_codes.h).
#ifndef LK_APP_SHARED_ERRORS_H_
#define LK_APP_SHARED_ERRORS_H_

#include <vector>

#include "app/error_codes.h"

namespace latchkey::app {

// One group per owning module ("common", "http", "store", ...). The spans
// point to static tables.
std::vector<DeclaredErrors> SharedErrors();

}  // namespace latchkey::app

#endif  // LK_APP_SHARED_ERRORS_H_

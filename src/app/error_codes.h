// Startup check of the error codes features declare (Feature::Errors()) and
// the shared tables (shared_errors.h): one code must mean one thing, so a
// client can rely on it (docs/architecture.md, "a duplicate route or error
// code fails startup"). The few codes Better Auth itself sends with several
// statuses are listed in error_codes.cc (docs/api.md, "Error codes").
#ifndef LK_APP_ERROR_CODES_H_
#define LK_APP_ERROR_CODES_H_

#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace latchkey::app {

struct DeclaredErrors {
  std::string_view feature;
  std::span<const ErrorInfo> errors;
};

// Errors: kFailedPrecondition DUPLICATE_ERROR_CODE when two declarations
// share a code but not its status kind and message (the same declaration
// repeated is fine), unless error_codes.cc lists the code: then each
// declaration's kind must be one listed for it, and its message must match
// the first one's unless the listing lets messages vary. An empty code (a
// body Better Auth sends without one) is never compared.
Result<void> CheckErrorCodes(const std::vector<DeclaredErrors>& declared);

}  // namespace latchkey::app

#endif  // LK_APP_ERROR_CODES_H_

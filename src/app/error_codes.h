// Startup check of the error codes features declare (Feature::Errors()):
// one code must mean one thing, so a client can rely on it (docs/architecture.md,
// "a duplicate route or error code fails startup").
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
// repeated is fine).
Result<void> CheckErrorCodes(const std::vector<DeclaredErrors>& declared);

}  // namespace latchkey::app

#endif  // LK_APP_ERROR_CODES_H_

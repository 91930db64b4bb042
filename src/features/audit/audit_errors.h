// The audit API's error codes (docs/audit.md "Errors"): each names what the
// query got wrong; the message on the wire says which parameter.
#ifndef LK_FEATURES_AUDIT_AUDIT_ERRORS_H_
#define LK_FEATURES_AUDIT_AUDIT_ERRORS_H_

#include "core/error.h"

namespace latchkey::audit::errors {

inline constexpr ErrorInfo kInvalidFilter{"INVALID_FILTER", ErrorKind::kInvalidArgument,
                                          "A filter of the audit query is malformed"};
inline constexpr ErrorInfo kInvalidCursor{"INVALID_CURSOR", ErrorKind::kInvalidArgument,
                                          "The cursor is malformed"};
inline constexpr ErrorInfo kInvalidLimit{"INVALID_LIMIT", ErrorKind::kInvalidArgument,
                                         "limit must be a whole number from 1 to 500"};

}  // namespace latchkey::audit::errors

#endif  // LK_FEATURES_AUDIT_AUDIT_ERRORS_H_

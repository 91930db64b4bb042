// Wire error codes owned by the http module (request framing, body parsing,
// routing table). Messages built at run time go in Error::wire_message.
#ifndef LK_HTTP_HTTP_ERRORS_H_
#define LK_HTTP_HTTP_ERRORS_H_

#include <string_view>

#include "core/error.h"

namespace latchkey::http {

// Framing and body errors (docs/api.md).
inline constexpr ErrorInfo kBadRequest{"BAD_REQUEST", ErrorKind::kInvalidArgument, "Bad request"};
inline constexpr ErrorInfo kInvalidJson{"BAD_REQUEST", ErrorKind::kInvalidArgument,
                                        "Invalid JSON in request body"};
inline constexpr ErrorInfo kDuplicateJsonKey{"BAD_REQUEST", ErrorKind::kInvalidArgument,
                                             "Duplicate key in request body"};
inline constexpr ErrorInfo kBodyNotObject{"BAD_REQUEST", ErrorKind::kInvalidArgument,
                                          "Request body must be a JSON object"};
// Generic form; typed helpers in body.h produce "[body.<key>] ..." messages.
inline constexpr ErrorInfo kValidationError{"VALIDATION_ERROR", ErrorKind::kInvalidArgument,
                                            "Invalid request body"};
// Used when the offending type cannot be quoted (see UnsupportedMediaError).
inline constexpr ErrorInfo kUnsupportedMediaType{
    "UNSUPPORTED_MEDIA_TYPE", ErrorKind::kUnsupportedMedia,
    "Content-Type is not allowed. Allowed types: application/json"};
inline constexpr ErrorInfo kPayloadTooLarge{"PAYLOAD_TOO_LARGE", ErrorKind::kPayloadTooLarge,
                                            "Request body is too large"};

// Router registration errors (startup only).
inline constexpr ErrorInfo kDuplicateRoute{"DUPLICATE_ROUTE", ErrorKind::kFailedPrecondition,
                                           "Route already registered"};
inline constexpr ErrorInfo kInvalidRoute{"INVALID_ROUTE", ErrorKind::kFailedPrecondition,
                                         "Invalid route pattern or body limit"};

}  // namespace latchkey::http

#endif  // LK_HTTP_HTTP_ERRORS_H_

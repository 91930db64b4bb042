// Error values shared by every module: a kind that decides the HTTP status,
// a stable wire code, the user-facing message and a log-only detail.
#ifndef LK_CORE_ERROR_H_
#define LK_CORE_ERROR_H_

#include <string>
#include <string_view>
#include <utility>

namespace latchkey {

// A reduced copy of abseil's canonical codes. http/error_mapping.cc maps each
// kind to exactly one HTTP status.
enum class ErrorKind {
  kInvalidArgument,     // 400
  kUnauthenticated,     // 401
  kPermissionDenied,    // 403
  kNotFound,            // 404
  kMethodNotAllowed,    // 405
  kConflict,            // 409
  kFailedPrecondition,  // 400
  kUnprocessable,       // 422 (Better Auth uses it for USER_ALREADY_EXISTS)
  kPaymentRequired,     // 402 (a plan's limit or a spend cap, docs/plans.md)
  kPayloadTooLarge,     // 413
  kUnsupportedMedia,    // 415
  kRateLimited,         // 429
  kUnavailable,         // 503
  kInternal,            // 500
};

// `code` and `message` go on the wire; `detail` is for logs only and must
// never contain a secret. A code/message pair normally comes from a feature's
// static ErrorInfo table, so both views outlive the Error.
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string_view code;
  std::string_view message;
  std::string detail;
  // When non-empty, sent instead of `message` (validation errors name the
  // offending field: "[body.email] Invalid email address").
  std::string wire_message;
  // Seconds for Retry-After on kRateLimited / kUnavailable; 0 = none.
  int retry_after_seconds = 0;
};

// One row per wire code a feature can return.
struct ErrorInfo {
  std::string_view code;
  ErrorKind kind;
  std::string_view message;
};

inline Error MakeError(const ErrorInfo& info, std::string detail = {}) {
  return Error{info.kind, info.code, info.message, std::move(detail), {}, 0};
}

// Internal failure with a log-only detail; the wire sees a generic 500.
inline Error InternalError(std::string detail) {
  return Error{ErrorKind::kInternal,
               "INTERNAL_SERVER_ERROR",
               "Internal server error",
               std::move(detail),
               {},
               0};
}

inline Error UnavailableError(std::string detail, int retry_after_seconds = 1) {
  return Error{ErrorKind::kUnavailable,
               "SERVICE_UNAVAILABLE",
               "Service temporarily unavailable. Please retry.",
               std::move(detail),
               {},
               retry_after_seconds};
}

}  // namespace latchkey

#endif  // LK_CORE_ERROR_H_

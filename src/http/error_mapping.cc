// ErrorKind → status, and the {"message","code"} body (Boost.JSON escapes it).
#include "http/error_mapping.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>
#include <string>

namespace latchkey::http {

int StatusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kPermissionDenied:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kMethodNotAllowed:
      return 405;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kFailedPrecondition:
      return 400;
    case ErrorKind::kUnprocessable:
      return 422;
    case ErrorKind::kPaymentRequired:
      return 402;
    case ErrorKind::kPayloadTooLarge:
      return 413;
    case ErrorKind::kUnsupportedMedia:
      return 415;
    case ErrorKind::kRateLimited:
      return 429;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

std::string ErrorBody(std::string_view code, std::string_view message) {
  // Key order follows Better Auth's bodies (message first) so responses can be
  // compared byte for byte with the peer.
  std::string body = "{\"message\":";
  body += boost::json::serialize(boost::json::string_view(message.data(), message.size()));
  if (!code.empty()) {
    body += ",\"code\":";
    body += boost::json::serialize(boost::json::string_view(code.data(), code.size()));
  }
  body += '}';
  return body;
}

Response ErrorResponse(const Error& error) {
  std::string_view message = error.wire_message.empty() ? error.message : error.wire_message;
  Response response = Response::Json(ErrorBody(error.code, message), StatusFor(error.kind));
  response.error_code = error.code;
  if (error.retry_after_seconds > 0) {
    response.AddHeader("Retry-After", std::to_string(error.retry_after_seconds));
  }
  return response;
}

}  // namespace latchkey::http

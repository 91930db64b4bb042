// THE table from ErrorKind to HTTP status, and the JSON error body every
// failed request gets: {"message":...,"code":...} as Better Auth sends it.
// Thread-safety: stateless functions, safe from any thread.
#ifndef LK_HTTP_ERROR_MAPPING_H_
#define LK_HTTP_ERROR_MAPPING_H_

#include "core/error.h"
#include "http/response.h"

namespace latchkey::http {

// The HTTP status for `kind` (kInvalidArgument 400 ... kInternal 500).
int StatusFor(ErrorKind kind);

// A JSON response for `error`: status from StatusFor(error.kind), body
// {"message":<wire_message or message>,"code":<code>} (message only when code is empty;
// Better Auth has a few code-less errors), Retry-After when
// retry_after_seconds > 0. error.detail never reaches the wire.
Response ErrorResponse(const Error& error);

// The JSON body alone (for responses the server builds without an Error).
std::string ErrorBody(std::string_view code, std::string_view message);

}  // namespace latchkey::http

#endif  // LK_HTTP_ERROR_MAPPING_H_

// Turns a Response into HTTP/1.1 bytes: status line, the handler's headers
// (validated against header injection), security headers, CORS, caching
// rules, X-Request-Id and framing. Also answers CORS preflights.
// Internal to src/http. Thread-safety: stateless; safe from any thread.
#ifndef LK_HTTP_RESPONSE_WRITER_H_
#define LK_HTTP_RESPONSE_WRITER_H_

#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace latchkey::http {

struct WireOptions {
  bool hsts = false;
  std::vector<std::string> cors_origins;  // exact origins; "null"/"*" filtered out
};

// The configured origin equal to the request's Origin header, or nullptr.
const std::string* MatchCorsOrigin(const Request& request, const WireOptions& options);

// True for an OPTIONS request from an allowed origin that carries
// Access-Control-Request-Method; such requests get PreflightResponse().
bool IsCorsPreflight(const Request& request, const WireOptions& options);
// 204 with Allow-Methods/Allow-Headers/Max-Age (origin headers are added by
// SerializeResponse like on every response).
Response PreflightResponse();

// Replaces `out` with the wire form of `response` answering `request`.
// A response whose status or headers are invalid (CR/LF/NUL in a header,
// non-token name, status outside 200..599) is replaced by a generic 500 and
// `*invalid` is set so the caller can log it. Handler-set framing headers
// (Content-Length, Transfer-Encoding, Connection) are dropped. `head` omits
// the body but keeps its Content-Length. A response with a producer gets
// only its head, framed `Transfer-Encoding: chunked` (HTTP/1.0: no length
// and `Connection: close`, whatever keep_alive says); the caller writes the
// chunks (FrameChunk). Returns the status written.
int SerializeResponse(const Request& request, const Response& response, const WireOptions& options,
                      bool keep_alive, bool http10, bool head, std::string& out, bool* invalid);

// Appends one chunk of a chunked body (RFC 9112 §7.1): the size in hex,
// CRLF, the bytes, CRLF. An empty `data` appends nothing (a zero-size chunk
// would end the body); `last` then appends the last-chunk "0\r\n\r\n".
void FrameChunk(std::string_view data, bool last, std::string& out);

// Standard reason phrase ("OK", "Not Found", ...; "Unknown" otherwise).
std::string_view ReasonPhrase(int status);

}  // namespace latchkey::http

#endif  // LK_HTTP_RESPONSE_WRITER_H_

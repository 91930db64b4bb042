// The Beast-free view of an HTTP request that handlers receive.
#ifndef LK_HTTP_REQUEST_H_
#define LK_HTTP_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "observability/tracing/span.h"

namespace latchkey::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view MethodName(Method method);

struct Request {
  Method method = Method::kGet;
  std::string target;  // raw request-target, e.g. "/api/auth/get-session?x=1"
  std::string path;    // target before '?', not decoded
  std::string query;   // target after '?', not decoded ("" if none)
  // Header names lower-cased; repeated headers kept in order.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string client_address;  // socket peer, or the client a trusted proxy names
  std::string request_id;      // generated per request; echoed as X-Request-Id
  // Values of `:name` segments of the matched route pattern.
  std::vector<std::pair<std::string, std::string>> path_params;
  // The request's server span and trace context (empty when tracing is off;
  // docs/operations.md, "Tracing").
  tracing::RequestSpan trace;

  // First header with this (case-insensitive) name.
  std::optional<std::string_view> Header(std::string_view name) const;
  // First query parameter with this name, percent-decoded ('+' = space).
  std::optional<std::string> QueryParam(std::string_view name) const;
  std::optional<std::string_view> PathParam(std::string_view name) const;
  // First cookie with this name from the Cookie header(s): trimmed, quotes
  // stripped, percent-decoded when it contains '%' (docs/api.md).
  std::optional<std::string> Cookie(std::string_view name) const;
  // Every cookie as (name, decoded value), in order.
  std::vector<std::pair<std::string, std::string>> Cookies() const;
};

// Percent-decodes `s`; `plus_is_space` for form/query encoding. Invalid
// escapes are kept literally.
std::string PercentDecode(std::string_view s, bool plus_is_space);
// encodeURIComponent semantics.
std::string PercentEncode(std::string_view s);

// The credential of "Authorization: Bearer <credential>" (scheme matched
// without regard to case, RFC 9110 §11.1), or nullopt when the header is
// absent, another scheme, or empty.
std::optional<std::string_view> BearerCredential(const Request& request);

}  // namespace latchkey::http

#endif  // LK_HTTP_REQUEST_H_

// Content negotiation of a response's coding (RFC 9110 §12.5.3): whether a
// client takes a gzip body, for the few answers that are stored compressed
// (the hosted pages' script and stylesheet, docs/web.md).
#ifndef LK_HTTP_CONTENT_CODING_H_
#define LK_HTTP_CONTENT_CODING_H_

#include <string>
#include <string_view>

#include "core/result.h"
#include "http/request.h"
#include "http/response.h"

namespace latchkey::http {

// Whether an Accept-Encoding value admits gzip: `gzip` (or `x-gzip`) with a
// q-value above 0, or `*` above 0 when gzip is not named. Every line of a
// repeated header counts.
bool AcceptsGzip(std::string_view accept_encoding);
bool AcceptsGzip(const Request& request);

// A text answer stored both plain and gzip-compressed (an embedded asset):
// the gzip bytes with Content-Encoding: gzip to a client that takes them,
// else `plain()`; Vary: Accept-Encoding either way. `plain` is only called
// when needed. Errors: plain()'s.
template <class Plain>
Result<Response> StoredText(const Request& request, std::string_view gzip, std::string content_type,
                            Plain&& plain) {
  const bool send_gzip = AcceptsGzip(request);
  Response response;
  if (send_gzip) {
    response = Response::Text(std::string(gzip), std::move(content_type));
    response.AddHeader("Content-Encoding", "gzip");
  } else {
    LK_ASSIGN_OR_RETURN(std::string body, plain());
    response = Response::Text(std::move(body), std::move(content_type));
  }
  response.AddHeader("Vary", "Accept-Encoding");
  return response;
}

}  // namespace latchkey::http

#endif  // LK_HTTP_CONTENT_CODING_H_

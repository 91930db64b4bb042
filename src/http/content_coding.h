// Content negotiation of a response's coding (RFC 9110 §12.5.3): whether a
// client takes a gzip body, for the few answers that are stored compressed
// (the hosted pages' script and stylesheet, docs/web.md).
#ifndef LK_HTTP_CONTENT_CODING_H_
#define LK_HTTP_CONTENT_CODING_H_

#include <string_view>

#include "http/request.h"

namespace latchkey::http {

// Whether an Accept-Encoding value admits gzip: `gzip` (or `x-gzip`) with a
// q-value above 0, or `*` above 0 when gzip is not named. Every line of a
// repeated header counts.
bool AcceptsGzip(std::string_view accept_encoding);
bool AcceptsGzip(const Request& request);

}  // namespace latchkey::http

#endif  // LK_HTTP_CONTENT_CODING_H_

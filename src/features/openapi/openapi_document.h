// Builds the OpenAPI 3.1 document from the routes a router holds: each
// RouteSpec (method, path, auth, limits) and its RouteDoc (fields,
// responses, errors; http/route_doc.h). A route without a doc still appears,
// with what its RouteSpec knows, and is marked "x-latchkey-undocumented".
// Thread-safety: pure functions over a router that no longer changes.
#ifndef LK_FEATURES_OPENAPI_OPENAPI_DOCUMENT_H_
#define LK_FEATURES_OPENAPI_OPENAPI_DOCUMENT_H_

#include <boost/json/object.hpp>
#include <string>

#include "core/result.h"
#include "http/router.h"

namespace latchkey::openapi {

struct DocumentInfo {
  std::string title;             // the product name
  std::string version;           // latchkey's version
  std::string server_url;        // the base URL's origin: paths are absolute
  std::string session_cookie;    // e.g. "better-auth.session_token"
  std::string api_key_header;    // e.g. "x-api-key"
  bool api_key_session = false;  // a key stands for a session on kSession routes
};

// Errors: kInternal when a doc's schema text is not a JSON object, or two
// docs give one component schema different texts (programming errors that
// openapi_document_test.cc and the e2e suite catch).
Result<boost::json::object> BuildDocument(const http::Router& router, const DocumentInfo& info);

// "/api/auth/reset-password/:token" → "/api/auth/reset-password/{token}".
std::string OpenApiPath(std::string_view path);

}  // namespace latchkey::openapi

#endif  // LK_FEATURES_OPENAPI_OPENAPI_DOCUMENT_H_

#include "features/oidc_provider/oidc_errors.h"

#include "core/json_writer.h"

namespace latchkey::oidc_provider {

http::Response OAuthError(int status, std::string_view error, std::string_view description) {
  std::string body;
  json::ObjectWriter(body).String("error", error).String("error_description", description).Close();
  http::Response response = http::Response::Json(std::move(body), status);
  response.no_store = true;
  if (status == 401) response.AddHeader("WWW-Authenticate", R"(Basic realm="latchkey")");
  return response;
}

http::Response BearerError(std::string_view error, std::string_view description) {
  const int status = error == "insufficient_scope" ? 403 : 401;
  std::string challenge = R"(Bearer realm="latchkey")";
  std::string body;
  if (!error.empty()) {
    // Both are our own constants: no quote or backslash to escape.
    challenge += ", error=\"" + std::string(error) + "\", error_description=\"" +
                 std::string(description) + "\"";
    json::ObjectWriter(body)
        .String("error", error)
        .String("error_description", description)
        .Close();
  } else {
    body = "{}";
  }
  http::Response response = http::Response::Json(std::move(body), status);
  response.no_store = true;
  response.AddHeader("WWW-Authenticate", std::move(challenge));
  return response;
}

}  // namespace latchkey::oidc_provider

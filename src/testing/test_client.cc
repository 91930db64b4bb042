#include "testing/test_client.h"

#include <boost/json/serialize.hpp>

#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::testing {
namespace {

// Sets `name` (lower-case) to `value`, replacing earlier values; an empty
// value removes the header.
void Put(std::vector<std::pair<std::string, std::string>>& headers, std::string name,
         std::string value) {
  std::erase_if(headers, [&](const auto& h) { return h.first == name; });
  if (!value.empty()) headers.emplace_back(std::move(name), std::move(value));
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Client::Client(TestApp& app, std::string client_address)
    : app_(app), client_address_(std::move(client_address)) {}

http::Response Client::Get(std::string_view target, const Headers& headers) {
  return Request(http::Method::kGet, target, "", headers);
}

http::Response Client::Post(std::string_view target, std::string_view json_body,
                            const Headers& headers) {
  return Request(http::Method::kPost, target, std::string(json_body), headers);
}

http::Response Client::PostJson(std::string_view target, const boost::json::value& body,
                                const Headers& headers) {
  return Post(target, boost::json::serialize(body), headers);
}

http::Response Client::Request(http::Method method, std::string_view target, std::string body,
                               const Headers& headers) {
  http::Request request;
  request.method = method;
  request.target = std::string(target);
  // What a same-site page of the app sends (the Origin/CSRF stage wants it).
  Put(request.headers, "origin", app_.config().base_url);
  Put(request.headers, "user-agent", "latchkey-test-client");
  if (!body.empty()) Put(request.headers, "content-type", "application/json");
  for (const auto& [name, value] : headers) Put(request.headers, Lower(name), value);
  request.body = std::move(body);
  return Send(std::move(request));
}

http::Response Client::Send(http::Request request) {
  if (!request.Header("cookie") && !cookies_.empty()) {
    request.headers.emplace_back("cookie", cookies_.Header());
  }
  if (request.client_address.empty()) request.client_address = client_address_;
  http::Response response = app_.Handle(std::move(request));
  cookies_.Update(response);
  return response;
}

http::Response Client::SignUp(std::string_view email, std::string_view password,
                              std::string_view name) {
  http::Response response = PostJson("/api/auth/sign-up/email",
                                     {{"email", email}, {"password", password}, {"name", name}});
  if (response.status == 200) user_id_ = JsonString(response, "/user/id");
  return response;
}

http::Response Client::SignIn(std::string_view email, std::string_view password, bool remember_me) {
  http::Response response =
      PostJson("/api/auth/sign-in/email",
               {{"email", email}, {"password", password}, {"rememberMe", remember_me}});
  if (response.status == 200) user_id_ = JsonString(response, "/user/id");
  return response;
}

std::string Client::session_cookie() const {
  // Better Auth's name: "__Secure-" in front when the base URL is https.
  const Config& config = app_.config();
  const std::string name =
      (config.secure_cookies ? "__Secure-" : "") + config.cookie_prefix + ".session_token";
  return cookies_.Get(name).value_or("");
}

}  // namespace latchkey::testing

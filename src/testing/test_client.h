// A browser-like client of the in-process app (docs/testing.md): it sends
// HTTP-shaped requests through the real router and pipeline, with the
// trusted Origin a same-site page would send, and keeps the cookies each
// response sets for the next request.
//
//   testing::Client client = app->NewClient();
//   client.Post("/api/auth/sign-up/email", R"({"email":"a@b.co", ...})");
//   EXPECT_THAT(client.Get("/api/auth/get-session"), IsOkJson());
//
// Thread-safety: none; one client per thread.
#ifndef LK_TESTING_TEST_CLIENT_H_
#define LK_TESTING_TEST_CLIENT_H_

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/request.h"
#include "http/response.h"
#include "testing/cookies.h"

namespace latchkey::testing {

class TestApp;

using Headers = std::vector<std::pair<std::string, std::string>>;

class Client {
 public:
  // REQUIRES: `app` outlives the client.
  Client(TestApp& app, std::string client_address);

  // `target` is the full path and query ("/api/auth/get-session?x=1").
  // `headers` are added after the defaults and win over them (a later
  // Origin replaces the default one; an empty value removes the header).
  http::Response Get(std::string_view target, const Headers& headers = {});
  // POST with a JSON body given as text.
  http::Response Post(std::string_view target, std::string_view json_body,
                      const Headers& headers = {});
  http::Response PostJson(std::string_view target, const boost::json::value& body,
                          const Headers& headers = {});
  // Sends `request` as is, plus the jar's cookies (unless it has a Cookie
  // header), then stores the response's cookies.
  http::Response Send(http::Request request);

  // POST /sign-up/email and /sign-in/email. On success the jar holds the
  // session cookie and user_id() the account's id.
  http::Response SignUp(std::string_view email, std::string_view password,
                        std::string_view name = "Test User");
  http::Response SignIn(std::string_view email, std::string_view password, bool remember_me = true);

  CookieJar& cookies() { return cookies_; }
  // The session cookie's value as the jar holds it ("" when none).
  std::string session_cookie() const;
  const std::string& user_id() const { return user_id_; }
  const std::string& client_address() const { return client_address_; }

 private:
  http::Response Request(http::Method method, std::string_view target, std::string body,
                         const Headers& headers);

  TestApp& app_;
  std::string client_address_;
  CookieJar cookies_;
  std::string user_id_;
};

}  // namespace latchkey::testing

#endif  // LK_TESTING_TEST_CLIENT_H_

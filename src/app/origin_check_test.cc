#include "app/origin_check.h"

#include <gtest/gtest.h>

namespace latchkey::app {
namespace {

http::Request Post(std::string path, std::vector<std::pair<std::string, std::string>> headers,
                   std::string body = "{}") {
  http::Request request;
  request.method = http::Method::kPost;
  request.path = std::move(path);
  request.target = request.path;
  request.headers = std::move(headers);
  request.headers.emplace_back("content-type", "application/json");
  request.body = std::move(body);
  return request;
}

std::string CodeOf(const std::optional<http::Response>& r) {
  if (!r) return "";
  auto pos = r->body.find("\"code\":\"");
  if (pos == std::string::npos) return "?";
  pos += 8;
  return r->body.substr(pos, r->body.find('"', pos) - pos);
}

class OriginCheckTest : public ::testing::Test {
 protected:
  TrustedOrigins trusted_{"http://localhost:3000", {"https://app.example.com"}};
};

TEST_F(OriginCheckTest, CookieRequestsNeedATrustedOrigin) {  // ASVS 4.2.2 (CSRF)
  EXPECT_EQ(CodeOf(CheckOrigin(trusted_, Post("/api/auth/update-user", {{"cookie", "a=b"}}))),
            "MISSING_OR_NULL_ORIGIN");
  EXPECT_EQ(CodeOf(CheckOrigin(trusted_, Post("/api/auth/update-user",
                                              {{"cookie", "a=b"}, {"origin", "https://evil.io"}}))),
            "INVALID_ORIGIN");
  EXPECT_FALSE(CheckOrigin(
      trusted_,
      Post("/api/auth/update-user", {{"cookie", "a=b"}, {"origin", "https://app.example.com"}})));
  EXPECT_FALSE(CheckOrigin(
      trusted_, Post("/api/auth/update-user",
                     {{"cookie", "a=b"}, {"referer", "http://localhost:3000/settings"}})));
}

TEST_F(OriginCheckTest, NoCookieNoCheckExceptLogin) {
  EXPECT_FALSE(
      CheckOrigin(trusted_, Post("/api/auth/update-user", {{"origin", "https://evil.io"}})));
  EXPECT_EQ(CodeOf(CheckOrigin(trusted_,
                               Post("/api/auth/sign-in/email", {{"origin", "https://evil.io"}}))),
            "INVALID_ORIGIN");
  EXPECT_FALSE(CheckOrigin(trusted_, Post("/api/auth/sign-in/email", {})));
}

TEST_F(OriginCheckTest, CrossSiteNavigationLoginIsBlocked) {  // login CSRF
  EXPECT_EQ(CodeOf(CheckOrigin(trusted_,
                               Post("/api/auth/sign-in/email", {{"sec-fetch-site", "cross-site"},
                                                                {"sec-fetch-mode", "navigate"}}))),
            "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED");
  EXPECT_EQ(CodeOf(CheckOrigin(
                trusted_, Post("/api/auth/sign-up/email", {{"sec-fetch-site", "same-origin"}}))),
            "MISSING_OR_NULL_ORIGIN");
}

TEST_F(OriginCheckTest, UntrustedCallbackUrlIsRefusedEvenWithoutCookies) {  // CVE-2024-52289 class
  EXPECT_EQ(CodeOf(CheckOrigin(trusted_, Post("/api/auth/sign-in/email", {},
                                              R"({"callbackURL":"https://evil.io/x"})"))),
            "INVALID_CALLBACK_URL");
  EXPECT_EQ(CodeOf(CheckOrigin(
                trusted_, Post("/api/auth/sign-in/email", {}, R"({"callbackURL":"//evil.io"})"))),
            "INVALID_CALLBACK_URL");
  EXPECT_FALSE(CheckOrigin(trusted_,
                           Post("/api/auth/sign-in/email", {}, R"({"callbackURL":"/dashboard"})")));
  auto wrong_type =
      CheckOrigin(trusted_, Post("/api/auth/sign-in/email", {}, R"({"callbackURL":5})"));
  ASSERT_TRUE(wrong_type);
  EXPECT_EQ(wrong_type->status, 400);
}

TEST_F(OriginCheckTest, SafeMethodsAndOtherPathsPass) {
  http::Request get = Post("/api/auth/get-session", {{"cookie", "a=b"}});
  get.method = http::Method::kGet;
  EXPECT_FALSE(CheckOrigin(trusted_, get));
  EXPECT_FALSE(CheckOrigin(trusted_, Post("/healthz", {{"cookie", "a=b"}})));
}

}  // namespace
}  // namespace latchkey::app

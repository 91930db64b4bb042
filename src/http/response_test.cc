#include "http/response.h"

#include <gtest/gtest.h>

namespace latchkey::http {
namespace {

TEST(SerializeCookieTest, SessionCookieAsBetterAuth) {
  CookieSpec cookie;
  cookie.name = "better-auth.session_token";
  cookie.value = "Mga2Mtry.8oViVooU%3D";
  cookie.max_age = 604800;
  EXPECT_EQ(SerializeCookie(cookie),
            "better-auth.session_token=Mga2Mtry.8oViVooU%3D; Max-Age=604800; Path=/; HttpOnly; "
            "SameSite=Lax");
}

TEST(SerializeCookieTest, SecurePrefixWithDomain) {
  CookieSpec cookie;
  cookie.name = "__Secure-better-auth.session_token";
  cookie.value = "jNWxseBc.89g6rjo%3D";
  cookie.max_age = 604800;
  cookie.domain = "example.com";
  cookie.secure = true;
  EXPECT_EQ(SerializeCookie(cookie),
            "__Secure-better-auth.session_token=jNWxseBc.89g6rjo%3D; Max-Age=604800; "
            "Domain=example.com; Path=/; HttpOnly; Secure; SameSite=Lax");
}

TEST(SerializeCookieTest, Deletion) {
  CookieSpec cookie;
  cookie.name = "better-auth.session_token";
  cookie.max_age = 0;
  EXPECT_EQ(SerializeCookie(cookie),
            "better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
}

TEST(SerializeCookieTest, BrowserSessionCookieHasNoMaxAge) {
  CookieSpec cookie;
  cookie.name = "better-auth.dont_remember";
  cookie.value = "true.sig";
  EXPECT_EQ(SerializeCookie(cookie),
            "better-auth.dont_remember=true.sig; Path=/; HttpOnly; SameSite=Lax");
}

TEST(SerializeCookieTest, SameSiteIsCapitalisedAndNoneForcesSecure) {
  CookieSpec cookie;
  cookie.name = "c";
  cookie.value = "v";
  cookie.same_site = "none";
  cookie.http_only = false;
  EXPECT_EQ(SerializeCookie(cookie), "c=v; Path=/; Secure; SameSite=None");
  cookie.same_site = "STRICT";
  EXPECT_EQ(SerializeCookie(cookie), "c=v; Path=/; SameSite=Strict");
  cookie.same_site = "";
  EXPECT_EQ(SerializeCookie(cookie), "c=v; Path=/");
}

TEST(SerializeCookieTest, HostPrefixForcesPathSecureAndNoDomain) {
  CookieSpec cookie;
  cookie.name = "__Host-x";
  cookie.value = "v";
  cookie.domain = "example.com";
  cookie.path = "/api";
  EXPECT_EQ(SerializeCookie(cookie), "__Host-x=v; Path=/; HttpOnly; Secure; SameSite=Lax");
}

TEST(ResponseTest, Factories) {
  Response json = Response::Json("{\"a\":1}");
  EXPECT_EQ(json.status, 200);
  EXPECT_TRUE(json.HasHeader("content-type"));
  EXPECT_EQ(json.headers[0].second, "application/json");

  Response empty = Response::Empty(401);
  EXPECT_EQ(empty.status, 401);
  EXPECT_TRUE(empty.body.empty());
  EXPECT_TRUE(empty.HasHeader("Content-Type"));

  Response redirect = Response::Redirect("https://example.com/x");
  EXPECT_EQ(redirect.status, 302);
  EXPECT_TRUE(redirect.HasHeader("location"));
  EXPECT_TRUE(redirect.body.empty());

  Response text = Response::Text("Not Found", "text/plain", 404);
  EXPECT_EQ(text.body, "Not Found");
  EXPECT_EQ(text.headers[0].second, "text/plain");

  Response with_cookie;
  with_cookie.SetCookie("a=b");
  EXPECT_TRUE(with_cookie.HasHeader("SET-COOKIE"));
  EXPECT_FALSE(with_cookie.HasHeader("Location"));
}

}  // namespace
}  // namespace latchkey::http

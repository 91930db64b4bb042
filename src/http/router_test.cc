#include "http/router.h"

#include <gtest/gtest.h>

namespace latchkey::http {
namespace {

Handler Ok() {
  return [](const Request&, RequestContext&) -> Result<Response> { return Response::Json("1"); };
}

RouteSpec Spec(Method method, std::string_view path, std::size_t limit = 16 * 1024) {
  RouteSpec spec;
  spec.method = method;
  spec.path = path;
  spec.body_limit = limit;
  return spec;
}

TEST(RouterTest, ExactMatchOnly) {
  Router router;
  ASSERT_TRUE(router.Add(Spec(Method::kGet, "/api/auth/get-session"), Ok()));
  ASSERT_TRUE(router.Add(Spec(Method::kPost, "/api/auth/sign-in/email"), Ok()));
  auto match = router.Find(Method::kGet, "/api/auth/get-session");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->spec->path, "/api/auth/get-session");
  EXPECT_TRUE(match->path_params.empty());
  EXPECT_FALSE(router.Find(Method::kGet, "/api/auth/get-session/"));  // trailing slash
  EXPECT_FALSE(router.Find(Method::kGet, "/api/auth//get-session"));  // "//"
  EXPECT_FALSE(router.Find(Method::kGet, "//api/auth/get-session"));
  EXPECT_FALSE(router.Find(Method::kGet, "/api/auth/GET-SESSION"));
  EXPECT_FALSE(router.Find(Method::kPost, "/api/auth/get-session"));  // wrong method
  EXPECT_FALSE(router.Find(Method::kHead, "/api/auth/get-session"));
  EXPECT_FALSE(router.Find(Method::kGet, "/api/auth/sign-in/email"));
  EXPECT_TRUE(router.Find(Method::kPost, "/api/auth/sign-in/email"));
}

TEST(RouterTest, TheRootIsARouteOfItsOwn) {
  Router router;
  ASSERT_TRUE(router.Add(Spec(Method::kGet, "/"), Ok()));
  EXPECT_TRUE(router.Find(Method::kGet, "/"));
  EXPECT_FALSE(router.Find(Method::kGet, "//"));
  EXPECT_FALSE(router.Find(Method::kGet, "/x"));
  EXPECT_FALSE(router.Add(Spec(Method::kGet, "/"), Ok())) << "one root per method";
}

TEST(RouterTest, DynamicSegments) {
  Router router;
  ASSERT_TRUE(router.Add(Spec(Method::kGet, "/api/auth/reset-password/:token"), Ok()));
  ASSERT_TRUE(router.Add(Spec(Method::kGet, "/api/auth/callback/:id"), Ok()));
  ASSERT_TRUE(router.Add(Spec(Method::kPost, "/api/auth/callback/:id"), Ok()));
  auto match = router.Find(Method::kGet, "/api/auth/reset-password/abc123");
  ASSERT_TRUE(match.has_value());
  ASSERT_EQ(match->path_params.size(), 1u);
  EXPECT_EQ(match->path_params[0].first, "token");
  EXPECT_EQ(match->path_params[0].second, "abc123");
  auto decoded = router.Find(Method::kGet, "/api/auth/callback/git%20hub");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->path_params[0].second, "git hub");
  EXPECT_TRUE(router.Find(Method::kPost, "/api/auth/callback/github"));
  EXPECT_FALSE(router.Find(Method::kGet, "/api/auth/reset-password/"));
  EXPECT_FALSE(router.Find(Method::kGet, "/api/auth/reset-password"));
  EXPECT_FALSE(router.Find(Method::kGet, "/api/auth/reset-password/abc/"));
  EXPECT_FALSE(router.Find(Method::kGet, "/api/auth/reset-password/abc/def"));
  EXPECT_FALSE(router.Find(Method::kGet, "/api/auth//reset-password/abc"));
}

TEST(RouterTest, StaticRouteWinsOverDynamic) {
  Router router;
  ASSERT_TRUE(router.Add(Spec(Method::kGet, "/a/:x"), Ok()));
  ASSERT_TRUE(router.Add(Spec(Method::kGet, "/a/fixed"), Ok()));
  auto match = router.Find(Method::kGet, "/a/fixed");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->spec->path, "/a/fixed");
}

TEST(RouterTest, DuplicateRoutesAreRejected) {
  Router router;
  ASSERT_TRUE(router.Add(Spec(Method::kPost, "/api/auth/sign-out"), Ok()));
  auto duplicate = router.Add(Spec(Method::kPost, "/api/auth/sign-out"), Ok());
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().code, "DUPLICATE_ROUTE");
  EXPECT_EQ(duplicate.error().kind, ErrorKind::kFailedPrecondition);
  EXPECT_TRUE(router.Add(Spec(Method::kGet, "/api/auth/sign-out"), Ok()));  // other method

  ASSERT_TRUE(router.Add(Spec(Method::kGet, "/x/:a"), Ok()));
  auto same_shape = router.Add(Spec(Method::kGet, "/x/:b"), Ok());
  ASSERT_FALSE(same_shape.has_value());
  EXPECT_EQ(same_shape.error().code, "DUPLICATE_ROUTE");
}

TEST(RouterTest, InvalidPatternsAreRejected) {
  Router router;
  for (std::string_view bad : {"", "no-slash", "/trailing/", "/a//b", "/a/:"}) {
    auto result = router.Add(Spec(Method::kGet, bad), Ok());
    ASSERT_FALSE(result.has_value()) << bad;
    EXPECT_EQ(result.error().code, "INVALID_ROUTE");
  }
  auto too_big = router.Add(Spec(Method::kPost, "/big", 2 * 1024 * 1024), Ok());
  ASSERT_FALSE(too_big.has_value());
  EXPECT_EQ(too_big.error().code, "INVALID_ROUTE");
}

TEST(RouterTest, BodyLimitFor) {
  Router router;
  ASSERT_TRUE(router.Add(Spec(Method::kPost, "/small", 100), Ok()));
  ASSERT_TRUE(router.Add(Spec(Method::kPost, "/big", 1024 * 1024), Ok()));
  EXPECT_EQ(router.BodyLimitFor(Method::kPost, "/small"), 100u);
  EXPECT_EQ(router.BodyLimitFor(Method::kPost, "/big"), 1024u * 1024u);
  EXPECT_EQ(router.BodyLimitFor(Method::kPost, "/unknown"), Router::kDefaultBodyLimit);
}

TEST(RouterTest, WebSocketRoutes) {
  Router router;
  UpgradeHandler upgrade = [](const Request&, RequestContext&) -> Result<WebSocketAccept> {
    return WebSocketAccept{};
  };
  ASSERT_TRUE(router.AddWebSocket(Spec(Method::kGet, "/api/auth/ws"), upgrade));
  ASSERT_NE(router.FindWebSocket(Method::kGet, "/api/auth/ws"), nullptr);
  EXPECT_EQ(router.FindWebSocket(Method::kPost, "/api/auth/ws"), nullptr);
  EXPECT_EQ(router.FindWebSocket(Method::kGet, "/api/auth/ws/"), nullptr);
  EXPECT_FALSE(router.Find(Method::kGet, "/api/auth/ws"));  // not a plain route
  // GET of the same path, either way round, is a duplicate.
  EXPECT_EQ(router.Add(Spec(Method::kGet, "/api/auth/ws"), Ok()).error().code, "DUPLICATE_ROUTE");
  EXPECT_EQ(router.AddWebSocket(Spec(Method::kGet, "/api/auth/ws"), upgrade).error().code,
            "DUPLICATE_ROUTE");
  ASSERT_TRUE(router.Add(Spec(Method::kGet, "/api/auth/plain"), Ok()));
  EXPECT_EQ(router.AddWebSocket(Spec(Method::kGet, "/api/auth/plain"), upgrade).error().code,
            "DUPLICATE_ROUTE");
  ASSERT_TRUE(router.Add(Spec(Method::kPost, "/api/auth/ws"), Ok()));  // other methods are free
  // Only static GET paths can upgrade.
  EXPECT_EQ(router.AddWebSocket(Spec(Method::kPost, "/x"), upgrade).error().code, "INVALID_ROUTE");
  EXPECT_EQ(router.AddWebSocket(Spec(Method::kGet, "/x/:id"), upgrade).error().code,
            "INVALID_ROUTE");
}

}  // namespace
}  // namespace latchkey::http

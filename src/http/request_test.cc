#include "http/request.h"

#include <gtest/gtest.h>

namespace latchkey::http {
namespace {

Request WithHeaders(std::vector<std::pair<std::string, std::string>> headers) {
  Request request;
  request.headers = std::move(headers);
  return request;
}

TEST(RequestTest, HeaderIsCaseInsensitiveAndFirstWins) {
  Request request = WithHeaders({{"x-one", "a"}, {"x-one", "b"}, {"content-type", "c"}});
  EXPECT_EQ(request.Header("X-One"), "a");
  EXPECT_EQ(request.Header("CONTENT-TYPE"), "c");
  EXPECT_FALSE(request.Header("missing").has_value());
}

TEST(RequestTest, QueryParamDecodesAndFirstWins) {
  Request request;
  request.query = "token=a%2Fb&name=John+Doe&token=second&flag&e=&k%20x=1";
  EXPECT_EQ(request.QueryParam("token"), "a/b");
  EXPECT_EQ(request.QueryParam("name"), "John Doe");
  EXPECT_EQ(request.QueryParam("flag"), "");
  EXPECT_EQ(request.QueryParam("e"), "");
  EXPECT_EQ(request.QueryParam("k x"), "1");
  EXPECT_FALSE(request.QueryParam("absent").has_value());
}

TEST(RequestTest, QueryParamEmptyQuery) {
  Request request;
  EXPECT_FALSE(request.QueryParam("a").has_value());
  request.query = "&&";
  EXPECT_FALSE(request.QueryParam("").has_value());
}

TEST(RequestTest, PathParam) {
  Request request;
  request.path_params = {{"token", "abc"}};
  EXPECT_EQ(request.PathParam("token"), "abc");
  EXPECT_FALSE(request.PathParam("id").has_value());
}

TEST(RequestTest, CookieTrimsUnquotesAndDecodes) {
  Request request = WithHeaders(
      {{"cookie", " a=1 ;better-auth.session_token=tok.sig%2Fx%3D; q=\"quoted\";  spaced =  v  "}});
  EXPECT_EQ(request.Cookie("a"), "1");
  EXPECT_EQ(request.Cookie("better-auth.session_token"), "tok.sig/x=");
  EXPECT_EQ(request.Cookie("q"), "quoted");
  EXPECT_EQ(request.Cookie("spaced"), "v");
  EXPECT_FALSE(request.Cookie("missing").has_value());
}

TEST(RequestTest, CookieFirstOccurrenceWinsAcrossHeaders) {
  Request request = WithHeaders({{"cookie", "a=first; b=x"}, {"cookie", "a=second; c=y"}});
  EXPECT_EQ(request.Cookie("a"), "first");
  EXPECT_EQ(request.Cookie("c"), "y");
  auto all = request.Cookies();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0], (std::pair<std::string, std::string>{"a", "first"}));
  EXPECT_EQ(all[2], (std::pair<std::string, std::string>{"a", "second"}));
}

TEST(RequestTest, CookieIgnoresPairsWithoutEquals) {
  Request request = WithHeaders({{"cookie", "junk; =novalue; a=b=c; %zz=1"}});
  EXPECT_EQ(request.Cookie("a"), "b=c");
  EXPECT_FALSE(request.Cookie("junk").has_value());
  EXPECT_EQ(request.Cookies().size(), 2u);
}

TEST(RequestTest, CookieKeepsInvalidPercentEscapesAndPlus) {
  Request request = WithHeaders({{"cookie", "a=%zz%4; b=x+y%20z"}});
  EXPECT_EQ(request.Cookie("a"), "%zz%4");
  EXPECT_EQ(request.Cookie("b"), "x+y z");  // cookies are not form-encoded
}

TEST(RequestTest, PercentDecode) {
  EXPECT_EQ(PercentDecode("a%20b+c", false), "a b+c");
  EXPECT_EQ(PercentDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(PercentDecode("%", false), "%");
  EXPECT_EQ(PercentDecode("%4", false), "%4");
  EXPECT_EQ(PercentDecode("%4g", false), "%4g");
  EXPECT_EQ(PercentDecode("%e3%81%AD", false), "\xe3\x81\xad");
}

TEST(RequestTest, PercentEncodeMatchesEncodeURIComponent) {
  EXPECT_EQ(PercentEncode("AZaz09-_.!~*'()"), "AZaz09-_.!~*'()");
  EXPECT_EQ(PercentEncode("a b/c=d+e?&#%"), "a%20b%2Fc%3Dd%2Be%3F%26%23%25");
  EXPECT_EQ(PercentEncode("ねこ"), "%E3%81%AD%E3%81%93");
  EXPECT_EQ(PercentEncode("9uLVyVo/N9CWlKgxww+H7O5RHYZgp/1G1USK7TzE308="),
            "9uLVyVo%2FN9CWlKgxww%2BH7O5RHYZgp%2F1G1USK7TzE308%3D");
}

TEST(RequestTest, MethodName) {
  EXPECT_EQ(MethodName(Method::kGet), "GET");
  EXPECT_EQ(MethodName(Method::kDelete), "DELETE");
  EXPECT_EQ(MethodName(Method::kOptions), "OPTIONS");
}

}  // namespace
}  // namespace latchkey::http

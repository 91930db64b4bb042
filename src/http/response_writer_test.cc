#include "http/response_writer.h"

#include <gtest/gtest.h>

namespace latchkey::http {
namespace {

std::string Write(const Request& request, const Response& response, const WireOptions& options,
                  bool keep_alive = true, bool* invalid_out = nullptr) {
  std::string out;
  bool invalid = false;
  SerializeResponse(request, response, options, keep_alive, false, request.method == Method::kHead,
                    out, &invalid);
  if (invalid_out != nullptr) *invalid_out = invalid;
  return out;
}

bool Has(const std::string& wire, std::string_view line) {
  return wire.find(std::string(line) + "\r\n") != std::string::npos;
}

TEST(ResponseWriterTest, JsonWithSecurityHeaders) {
  Request request;
  request.request_id = "0123456789abcdef";
  std::string wire = Write(request, Response::Json("{\"a\":1}"), WireOptions{});
  EXPECT_EQ(wire.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_TRUE(Has(wire, "Content-Type: application/json"));
  EXPECT_TRUE(Has(wire, "X-Content-Type-Options: nosniff"));
  EXPECT_TRUE(Has(wire, "Referrer-Policy: no-referrer"));
  EXPECT_TRUE(Has(wire, "X-Frame-Options: DENY"));
  EXPECT_TRUE(Has(wire, "Content-Security-Policy: frame-ancestors 'none'"));
  EXPECT_TRUE(Has(wire, "X-Request-Id: 0123456789abcdef"));
  EXPECT_TRUE(Has(wire, "Content-Length: 7"));
  EXPECT_FALSE(Has(wire, "Cache-Control: no-store"));
  EXPECT_EQ(wire.find("Strict-Transport-Security"), std::string::npos);
  EXPECT_EQ(wire.find("Server:"), std::string::npos);
  EXPECT_EQ(wire.find("Connection:"), std::string::npos);
  EXPECT_EQ(wire.substr(wire.size() - 11), "\r\n\r\n{\"a\":1}");
}

TEST(ResponseWriterTest, HstsOnlyWhenEnabled) {
  WireOptions options;
  options.hsts = true;
  EXPECT_TRUE(Has(Write(Request(), Response::Empty(200), options),
                  "Strict-Transport-Security: max-age=31536000; includeSubDomains"));
}

TEST(ResponseWriterTest, NoStoreRules) {
  Response with_cookie = Response::Json("{}");
  with_cookie.SetCookie("a=b; Path=/");
  with_cookie.AddHeader("Cache-Control", "public, max-age=60");
  std::string wire = Write(Request(), with_cookie, WireOptions{});
  EXPECT_TRUE(Has(wire, "Cache-Control: no-store"));
  EXPECT_TRUE(Has(wire, "Pragma: no-cache"));
  EXPECT_FALSE(Has(wire, "Cache-Control: public, max-age=60"));
  EXPECT_TRUE(Has(wire, "Set-Cookie: a=b; Path=/"));

  Request with_auth;
  with_auth.headers = {{"authorization", "Bearer x"}};
  EXPECT_TRUE(
      Has(Write(with_auth, Response::Json("{}"), WireOptions{}), "Cache-Control: no-store"));

  Response flagged = Response::Json("{}");
  flagged.no_store = true;
  EXPECT_TRUE(Has(Write(Request(), flagged, WireOptions{}), "Pragma: no-cache"));
}

TEST(ResponseWriterTest, SetCookieNeverJoined) {
  Response response = Response::Json("{}");
  response.SetCookie("a=1");
  response.SetCookie("b=2");
  std::string wire = Write(Request(), response, WireOptions{});
  EXPECT_TRUE(Has(wire, "Set-Cookie: a=1"));
  EXPECT_TRUE(Has(wire, "Set-Cookie: b=2"));
}

TEST(ResponseWriterTest, HeaderInjectionBecomes500) {
  Response response = Response::Json("{}");
  response.AddHeader("Location", "https://a\r\nSet-Cookie: evil=1");
  bool invalid = false;
  std::string wire = Write(Request(), response, WireOptions{}, true, &invalid);
  EXPECT_TRUE(invalid);
  EXPECT_EQ(wire.rfind("HTTP/1.1 500 Internal Server Error\r\n", 0), 0u);
  EXPECT_EQ(wire.find("evil"), std::string::npos);

  Response bad_name = Response::Json("{}");
  bad_name.AddHeader("Bad Name", "x");
  Write(Request(), bad_name, WireOptions{}, true, &invalid);
  EXPECT_TRUE(invalid);
}

TEST(ResponseWriterTest, FramingHeadersFromHandlersAreDropped) {
  Response response = Response::Json("{}");
  response.AddHeader("Content-Length", "999");
  response.AddHeader("Connection", "keep-alive");
  std::string wire = Write(Request(), response, WireOptions{}, /*keep_alive=*/false);
  EXPECT_FALSE(Has(wire, "Content-Length: 999"));
  EXPECT_TRUE(Has(wire, "Content-Length: 2"));
  EXPECT_TRUE(Has(wire, "Connection: close"));
  EXPECT_FALSE(Has(wire, "Connection: keep-alive"));
}

TEST(ResponseWriterTest, NotFoundHasNoContentType) {
  Response not_found;
  not_found.status = 404;
  std::string wire = Write(Request(), not_found, WireOptions{});
  EXPECT_EQ(wire.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u);
  EXPECT_EQ(wire.find("\r\nContent-Type:"), std::string::npos);
  EXPECT_TRUE(Has(wire, "Content-Length: 0"));
}

TEST(ResponseWriterTest, HeadOmitsBody) {
  Request head;
  head.method = Method::kHead;
  std::string wire = Write(head, Response::Json("{\"a\":1}"), WireOptions{});
  EXPECT_TRUE(Has(wire, "Content-Length: 7"));
  EXPECT_EQ(wire.substr(wire.size() - 4), "\r\n\r\n");
}

TEST(ResponseWriterTest, CorsOnlyForListedOrigins) {
  WireOptions options;
  options.cors_origins = {"https://app.example.com"};
  Request allowed;
  allowed.headers = {{"origin", "https://app.example.com"}};
  std::string wire = Write(allowed, Response::Json("{}"), options);
  EXPECT_TRUE(Has(wire, "Access-Control-Allow-Origin: https://app.example.com"));
  EXPECT_TRUE(Has(wire, "Access-Control-Allow-Credentials: true"));
  EXPECT_TRUE(Has(wire, "Access-Control-Expose-Headers: set-auth-token, set-auth-jwt"));
  EXPECT_TRUE(Has(wire, "Vary: Origin"));

  for (std::string origin : {"https://evil.example.com", "null", "https://app.example.com.evil"}) {
    Request other;
    other.headers = {{"origin", origin}};
    std::string denied = Write(other, Response::Json("{}"), options);
    EXPECT_EQ(denied.find("Access-Control-Allow-Origin"), std::string::npos) << origin;
    EXPECT_TRUE(Has(denied, "Vary: Origin"));
  }
}

// docs/api.md, "Everywhere" (Headers): Better Auth names set-auth-token / set-auth-jwt
// in Access-Control-Expose-Headers whenever a response carries them, also on
// bearer and server-to-server requests (no Origin, no CORS configured).
TEST(ResponseWriterTest, ExposeHeadersFollowAuthHeadersWithoutOrigin) {
  Response token = Response::Json("{}");
  token.AddHeader("set-auth-token", "t.sig");
  EXPECT_TRUE(
      Has(Write(Request(), token, WireOptions{}), "Access-Control-Expose-Headers: set-auth-token"));
  Response jwt = Response::Json("{}");
  jwt.AddHeader("set-auth-jwt", "a.b.c");
  EXPECT_TRUE(
      Has(Write(Request(), jwt, WireOptions{}), "Access-Control-Expose-Headers: set-auth-jwt"));
  jwt.AddHeader("set-auth-token", "t.sig");
  EXPECT_TRUE(Has(Write(Request(), jwt, WireOptions{}),
                  "Access-Control-Expose-Headers: set-auth-token, set-auth-jwt"));
  std::string plain = Write(Request(), Response::Json("{}"), WireOptions{});
  EXPECT_EQ(plain.find("Access-Control-Expose-Headers"), std::string::npos);

  // A disallowed origin gets no CORS grant, but still the expose header.
  WireOptions options;
  options.cors_origins = {"https://app.example.com"};
  Request other;
  other.headers = {{"origin", "https://evil.example.com"}};
  std::string denied = Write(other, token, options);
  EXPECT_EQ(denied.find("Access-Control-Allow-Origin"), std::string::npos);
  EXPECT_TRUE(Has(denied, "Access-Control-Expose-Headers: set-auth-token"));
  // Exactly one expose header on an allowed-origin answer.
  Request allowed;
  allowed.headers = {{"origin", "https://app.example.com"}};
  std::string wire = Write(allowed, token, options);
  EXPECT_EQ(wire.find("Access-Control-Expose-Headers"),
            wire.rfind("Access-Control-Expose-Headers"));
}

TEST(ResponseWriterTest, Preflight) {
  WireOptions options;
  options.cors_origins = {"https://app.example.com"};
  Request preflight;
  preflight.method = Method::kOptions;
  preflight.headers = {{"origin", "https://app.example.com"},
                       {"access-control-request-method", "POST"}};
  EXPECT_TRUE(IsCorsPreflight(preflight, options));
  std::string wire = Write(preflight, PreflightResponse(), options);
  EXPECT_EQ(wire.rfind("HTTP/1.1 204 No Content\r\n", 0), 0u);
  EXPECT_TRUE(Has(wire, "Access-Control-Max-Age: 600"));
  EXPECT_TRUE(Has(wire, "Access-Control-Allow-Origin: https://app.example.com"));

  preflight.headers[0].second = "https://evil.example.com";
  EXPECT_FALSE(IsCorsPreflight(preflight, options));
}

// RFC 9112 §7.1: a streamed body is framed chunked, never with a length;
// over HTTP/1.0 (no chunked coding) the end of the connection frames it.
TEST(ResponseWriterTest, StreamedBodyGetsChunkedHeadOnly) {
  Request request;
  Response response = Response::Text("ignored", "text/csv");
  response.producer = [](std::string&) { return BodyChunk::kDone; };
  std::string wire = Write(request, response, WireOptions{});
  EXPECT_TRUE(Has(wire, "Transfer-Encoding: chunked"));
  EXPECT_EQ(wire.find("Content-Length"), std::string::npos);
  EXPECT_EQ(wire.substr(wire.size() - 4), "\r\n\r\n");
  std::string http10;
  bool invalid = false;
  SerializeResponse(request, response, WireOptions{}, /*keep_alive=*/true, /*http10=*/true, false,
                    http10, &invalid);
  EXPECT_TRUE(Has(http10, "Connection: close"));
  EXPECT_EQ(http10.find("Transfer-Encoding"), std::string::npos);
  EXPECT_EQ(http10.find("Content-Length"), std::string::npos);
}

TEST(ResponseWriterTest, FrameChunk) {
  std::string out;
  FrameChunk(std::string(26, 'x'), false, out);
  EXPECT_EQ(out, "1a\r\n" + std::string(26, 'x') + "\r\n");
  out.clear();
  FrameChunk("", false, out);  // an empty piece must not end the body
  EXPECT_EQ(out, "");
  FrameChunk("ab", true, out);
  EXPECT_EQ(out, "2\r\nab\r\n0\r\n\r\n");
}

}  // namespace
}  // namespace latchkey::http

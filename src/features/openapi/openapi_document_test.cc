#include "features/openapi/openapi_document.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "http/route_doc.h"

namespace latchkey::openapi {
namespace {

namespace json = boost::json;

http::Handler Ok() {
  return [](const http::Request&, http::RequestContext&) -> Result<http::Response> {
    return http::Response::Json("1");
  };
}

constexpr http::SchemaDoc kThingSchema{"Thing", R"({"type":"object"})"};
constexpr http::SchemaDoc kThingSchemas[] = {kThingSchema};
constexpr http::FieldDoc kBody[] = {
    {"email", http::FieldType::kString, true, "who", false, "email"},
    {"image", http::FieldType::kString, false, "picture", true},
};
constexpr http::FieldDoc kQuery[] = {{"limit", http::FieldType::kInteger, false, "how many"}};
constexpr http::ResponseDoc kResponses[] = {
    {200, "the thing", R"({"$ref":"#/components/schemas/Thing"})"}};
constexpr http::ErrorDoc kErrors[] = {
    {ErrorKind::kNotFound, "THING_NOT_FOUND", "no such thing"},
    {ErrorKind::kInvalidArgument, "VALIDATION_ERROR", "bad field"},
};
constexpr http::RouteDoc kDoc{.tag = "Things",
                              .description = "Makes a thing.",
                              .query = kQuery,
                              .body = kBody,
                              .form_body = true,
                              .responses = kResponses,
                              .errors = kErrors,
                              .schemas = kThingSchemas};
constexpr http::RouteSpec kDocumented{.method = http::Method::kPost,
                                      .path = "/api/auth/thing/make",
                                      .auth = http::Auth::kSession,
                                      .rate_limit_bucket = "things",
                                      .summary = "Makes a thing",
                                      .hashes_password = true,
                                      .permission = "thing:make",
                                      .permission_scope = "workshop",
                                      .doc = &kDoc};
constexpr http::RouteSpec kUndocumented{
    .method = http::Method::kGet, .path = "/api/auth/thing/:id", .summary = "A thing"};

DocumentInfo Info() {
  return DocumentInfo{
      "Latchkey",  "1.2.3", "https://auth.example.com", "__Secure-better-auth.session_token",
      "x-api-key", true};
}

json::object Build(const http::Router& router) {
  auto document = BuildDocument(router, Info());
  EXPECT_TRUE(document.has_value()) << (document ? "" : document.error().detail);
  return document ? *document : json::object{};
}

TEST(OpenApiDocumentTest, PathsUseBracesForParameters) {
  EXPECT_EQ(OpenApiPath("/api/auth/reset-password/:token"), "/api/auth/reset-password/{token}");
  EXPECT_EQ(OpenApiPath("/a/:x/b/:y"), "/a/{x}/b/{y}");
  EXPECT_EQ(OpenApiPath("/api/auth/ok"), "/api/auth/ok");
}

TEST(OpenApiDocumentTest, InfoServersAndSecuritySchemes) {
  http::Router router;
  json::object doc = Build(router);
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  EXPECT_EQ(doc.at("info").at("title"), "Latchkey");
  EXPECT_EQ(doc.at("info").at("version"), "1.2.3");
  EXPECT_EQ(doc.at("servers").at(0).at("url"), "https://auth.example.com");
  const auto& schemes = doc.at("components").at("securitySchemes");
  EXPECT_EQ(schemes.at("sessionCookie").at("in"), "cookie");
  EXPECT_EQ(schemes.at("sessionCookie").at("name"), "__Secure-better-auth.session_token");
  EXPECT_EQ(schemes.at("bearer").at("scheme"), "bearer");
  EXPECT_EQ(schemes.at("apiKey").at("name"), "x-api-key");
}

TEST(OpenApiDocumentTest, DocumentedRouteCarriesFieldsResponsesAndErrors) {
  http::Router router;
  ASSERT_TRUE(router.Add(kDocumented, Ok()));
  json::object doc = Build(router);
  const auto& op = doc.at("paths").at("/api/auth/thing/make").at("post");
  EXPECT_EQ(op.at("operationId"), "postThingMake");
  EXPECT_EQ(op.at("summary"), "Makes a thing");
  EXPECT_EQ(op.at("tags").at(0), "Things");
  EXPECT_EQ(op.at("parameters").at(0).at("in"), "query");
  const auto& body = op.at("requestBody").at("content");
  const auto& schema = body.at("application/json").at("schema");
  EXPECT_EQ(schema.at("required"), json::array{"email"});
  EXPECT_EQ(schema.at("properties").at("email").at("format"), "email");
  EXPECT_EQ(schema.at("properties").at("image").at("type"), (json::array{"string", "null"}));
  EXPECT_TRUE(body.as_object().contains("application/x-www-form-urlencoded"));
  const auto& responses = op.at("responses");
  EXPECT_EQ(responses.at("200").at("content").at("application/json").at("schema").at("$ref"),
            "#/components/schemas/Thing");
  EXPECT_EQ(responses.at("404").at("x-latchkey-error-codes"), json::array{"THING_NOT_FOUND"});
  // Derived from the RouteSpec: a session, a body, a state change, a
  // rate-limit bucket, password hashing.
  EXPECT_EQ(responses.at("400").at("x-latchkey-error-codes"),
            (json::array{"VALIDATION_ERROR", "BAD_REQUEST"}));
  EXPECT_EQ(responses.at("401").at("x-latchkey-error-codes"), json::array{"UNAUTHORIZED"});
  EXPECT_EQ(responses.at("403").at("x-latchkey-error-codes"),
            (json::array{"MISSING_OR_NULL_ORIGIN", "INVALID_ORIGIN"}));
  EXPECT_TRUE(responses.as_object().contains("413"));
  EXPECT_TRUE(responses.as_object().contains("415"));
  EXPECT_TRUE(responses.as_object().contains("429"));
  EXPECT_EQ(responses.at("503").at("x-latchkey-error-codes"), json::array{"SERVICE_UNAVAILABLE"});
  EXPECT_EQ(op.at("security").as_array().size(), 3u);  // cookie, bearer, API key
  EXPECT_EQ(op.at("x-latchkey-rate-limit"), "things");
  EXPECT_EQ(op.at("x-latchkey-permission"),
            (json::object{{"permission", "thing:make"}, {"scope", "workshop"}}));
  EXPECT_FALSE(op.as_object().contains("x-latchkey-undocumented"));
  EXPECT_EQ(doc.at("components").at("schemas").at("Thing").at("type"), "object");
}

TEST(OpenApiDocumentTest, UndocumentedRouteAndWebSocketStillAppear) {
  http::Router router;
  ASSERT_TRUE(router.Add(kUndocumented, Ok()));
  http::UpgradeHandler upgrade = [](const http::Request&,
                                    http::RequestContext&) -> Result<http::WebSocketAccept> {
    return Fail(InternalError("unused"));
  };
  ASSERT_TRUE(router.AddWebSocket(
      {.method = http::Method::kGet, .path = "/api/auth/ws", .auth = http::Auth::kSession},
      upgrade));
  json::object doc = Build(router);
  const auto& op = doc.at("paths").at("/api/auth/thing/{id}").at("get");
  EXPECT_EQ(op.at("x-latchkey-undocumented"), true);
  EXPECT_EQ(op.at("parameters").at(0).at("name"), "id");
  EXPECT_EQ(op.at("parameters").at(0).at("in"), "path");
  EXPECT_FALSE(op.as_object().contains("security"));  // public
  const auto& ws = doc.at("paths").at("/api/auth/ws").at("get");
  EXPECT_TRUE(ws.at("responses").as_object().contains("101"));
  EXPECT_TRUE(ws.at("responses").as_object().contains("401"));
}

TEST(OpenApiDocumentTest, MalformedOrConflictingSchemasFail) {
  static constexpr http::ResponseDoc kBad[] = {{200, "x", "{not json"}};
  static constexpr http::RouteDoc kBadDoc{.responses = kBad};
  http::Router bad;
  ASSERT_TRUE(bad.Add({.path = "/a", .doc = &kBadDoc}, Ok()));
  EXPECT_FALSE(BuildDocument(bad, Info()).has_value());

  static constexpr http::SchemaDoc kOther[] = {{"Thing", R"({"type":"string"})"}};
  static constexpr http::RouteDoc kOtherDoc{.schemas = kOther};
  http::Router conflicting;
  ASSERT_TRUE(conflicting.Add(kDocumented, Ok()));
  ASSERT_TRUE(conflicting.Add({.path = "/b", .doc = &kOtherDoc}, Ok()));
  EXPECT_FALSE(BuildDocument(conflicting, Info()).has_value());
}

}  // namespace
}  // namespace latchkey::openapi

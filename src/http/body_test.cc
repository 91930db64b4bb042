#include "http/body.h"

#include <gtest/gtest.h>

namespace latchkey::http {
namespace {

namespace json = boost::json;

Request Body(std::string content_type, std::string body) {
  Request request;
  request.method = Method::kPost;
  if (!content_type.empty()) request.headers.emplace_back("content-type", std::move(content_type));
  request.body = std::move(body);
  return request;
}

TEST(ParseBodyTest, JsonObject) {
  auto body = ParseBody(Body("application/json", R"({"email":"a@b.c","n":1})"), false);
  ASSERT_TRUE(body.has_value());
  EXPECT_EQ(body->at("email").as_string(), "a@b.c");
  EXPECT_EQ(body->at("n").as_int64(), 1);
}

TEST(ParseBodyTest, ContentTypeComparedBeforeSemicolonCaseInsensitively) {
  auto body = ParseBody(Body("Application/JSON ; charset=utf-8", R"({"a":true})"), false);
  ASSERT_TRUE(body.has_value());
  EXPECT_TRUE(body->at("a").as_bool());
}

TEST(ParseBodyTest, TextPlainIs415WithContractMessage) {
  auto body = ParseBody(Body("text/plain;charset=UTF-8", "hello"), false);
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().kind, ErrorKind::kUnsupportedMedia);
  EXPECT_EQ(body.error().code, "UNSUPPORTED_MEDIA_TYPE");
  EXPECT_EQ(body.error().wire_message,
            "Content-Type \"text/plain\" is not allowed. Allowed types: application/json");
}

// Routes that also take forms list it first, as Better Auth 1.7.25 does.
TEST(ParseBodyTest, TextPlainOnAFormRouteListsFormFirst) {
  auto body = ParseBody(Body("text/plain", "hello"), true);
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().wire_message,
            "Content-Type \"text/plain\" is not allowed. Allowed types: "
            "application/x-www-form-urlencoded, application/json");
}

TEST(ParseRequiredBodyTest, AbsentBodyIsZodsBodyMessage) {
  for (const Request& request :
       {Body("application/json", ""), Body("", R"({"email":"a@b.c"})"), Body("", "")}) {
    auto body = ParseRequiredBody(request, true);
    ASSERT_FALSE(body.has_value());
    EXPECT_EQ(body.error().code, "VALIDATION_ERROR");
    EXPECT_EQ(body.error().wire_message,
              "[body] Invalid input: expected object, received undefined");
  }
  auto custom = ParseRequiredBody(Body("", ""), false, "[body] custom");
  ASSERT_FALSE(custom.has_value());
  EXPECT_EQ(custom.error().wire_message, "[body] custom");
}

TEST(ParseRequiredBodyTest, PresentBodyParsesLikeParseBody) {
  auto body = ParseRequiredBody(Body("application/json", "{}"), false);
  ASSERT_TRUE(body.has_value());
  EXPECT_TRUE(body->empty());
  auto refused = ParseRequiredBody(Body("text/plain", "x"), false);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "UNSUPPORTED_MEDIA_TYPE");
}

TEST(ParseBodyTest, UnquotableTypeGetsStaticMessage) {
  auto body = ParseBody(Body("evil\"type", "x"), false);
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, "UNSUPPORTED_MEDIA_TYPE");
  EXPECT_TRUE(body.error().wire_message.empty());
  EXPECT_EQ(body.error().message, "Content-Type is not allowed. Allowed types: application/json");
}

TEST(ParseBodyTest, FormOnlyWhenAllowed) {
  Request request = Body("application/x-www-form-urlencoded", "email=a%40b.c&name=John+Doe&x");
  auto refused = ParseBody(request, false);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "UNSUPPORTED_MEDIA_TYPE");
  EXPECT_EQ(refused.error().wire_message,
            "Content-Type \"application/x-www-form-urlencoded\" is not allowed. Allowed types: "
            "application/json");
  auto allowed = ParseBody(request, true);
  ASSERT_TRUE(allowed.has_value());
  EXPECT_EQ(allowed->at("email").as_string(), "a@b.c");
  EXPECT_EQ(allowed->at("name").as_string(), "John Doe");
  EXPECT_EQ(allowed->at("x").as_string(), "");
}

TEST(ParseBodyTest, FormDuplicateKeyIs400) {
  auto body = ParseBody(Body("application/x-www-form-urlencoded", "email=a&email=b"), true);
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, "BAD_REQUEST");
}

TEST(ParseBodyTest, MalformedJson) {
  for (std::string bad : {"{", "{\"a\":}", "{'a':1}", "{\"a\":1,}", "{\"a\":1} x", "{\"a\":1}/*c*/",
                          "{\"a\":\"\xff\"}"}) {
    auto body = ParseBody(Body("application/json", bad), false);
    ASSERT_FALSE(body.has_value()) << bad;
    EXPECT_EQ(body.error().code, "BAD_REQUEST") << bad;
    EXPECT_EQ(body.error().message, "Invalid JSON in request body") << bad;
    EXPECT_EQ(body.error().kind, ErrorKind::kInvalidArgument);
  }
}

// Found by fuzz/targets/http_body.cc: a form value could carry bytes a JSON
// body never can. They become U+FFFD, as URLSearchParams decodes them.
TEST(ParseBodyTest, FormIllFormedUtf8BecomesReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  const struct {
    std::string encoded, decoded;
  } cases[] = {
      {"%C3%A9t%C3%A9", "\xC3\xA9t\xC3\xA9"},       // well-formed: unchanged
      {"%FF%FE", fffd + fffd},                      // bytes that never start UTF-8
      {"a%E2%82", "a" + fffd},                      // truncated: one U+FFFD
      {"%E2%82b", fffd + "b"},                      // maximal subpart, then b
      {"%C0%AF", fffd + fffd},                      // overlong
      {"%ED%A0%80", fffd + fffd + fffd},            // surrogate
      {"%F4%90%80%80", fffd + fffd + fffd + fffd},  // above U+10FFFF
      {"%F0%9F%98%80", "\xF0\x9F\x98\x80"},         // U+1F600
  };
  for (const auto& c : cases) {
    auto body = ParseBody(
        Body("application/x-www-form-urlencoded", "name=" + c.encoded + "&" + c.encoded + "=k"),
        true);
    ASSERT_TRUE(body.has_value()) << c.encoded;
    EXPECT_EQ(body->at("name").as_string(), c.decoded) << c.encoded;
    EXPECT_TRUE(body->contains(c.decoded)) << c.encoded;
  }
}

// Found by fuzz/targets/strict_json.cc: 1e999 parsed to infinity, which
// Boost.JSON writes back as the non-JSON token Infinity (stored API-key
// metadata).
TEST(ParseBodyTest, NumberBeyondDoubleRangeIsInvalidJson) {
  for (std::string bad : {"{\"m\":1e999}", "{\"m\":[-1e400]}"}) {
    auto body = ParseBody(Body("application/json", bad), false);
    ASSERT_FALSE(body.has_value()) << bad;
    EXPECT_EQ(body.error().message, "Invalid JSON in request body") << bad;
  }
  auto tiny = ParseStrictJson("1e-400");  // underflow to 0 is fine
  ASSERT_TRUE(tiny.has_value());
  EXPECT_EQ(tiny->as_double(), 0.0);
}

TEST(ParseBodyTest, DuplicateKeysAreRejectedAtEveryLevel) {
  for (std::string dup :
       {R"({"email":"a","email":"b"})", R"({"a":{"x":1,"x":2}})", R"({"a":[{"k":1,"k":1}]})",
        R"({"k1":1,"k2":1,"k3":1,"k4":1,"k5":1,"k6":1,"k7":1,"k8":1,"k9":1,"k1":2})"}) {
    auto body = ParseBody(Body("application/json", dup), false);
    ASSERT_FALSE(body.has_value()) << dup;
    EXPECT_EQ(body.error().code, "BAD_REQUEST");
    EXPECT_EQ(body.error().message, "Duplicate key in request body");
  }
  // The same key in sibling objects is fine.
  auto ok = ParseBody(Body("application/json", R"({"a":{"x":1},"b":{"x":2},"x":3})"), false);
  EXPECT_TRUE(ok.has_value());
}

TEST(ParseBodyTest, LongSplitKeysStillDetected) {
  std::string key(5000, 'k');
  std::string text = "{\"" + key + "\":1,\"" + key + "\":2}";
  auto body = ParseBody(Body("application/json", text), false);
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().message, "Duplicate key in request body");
}

TEST(ParseBodyTest, DepthBomb) {
  std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  auto body = ParseBody(Body("application/json", deep), false);
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, "BAD_REQUEST");
  std::string ok = "{\"a\":" + std::string(30, '[') + std::string(30, ']') + "}";
  EXPECT_TRUE(ParseBody(Body("application/json", ok), false).has_value());
}

TEST(ParseBodyTest, NonObjectTopLevel) {
  auto body = ParseBody(Body("application/json", "[1,2]"), false);
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, "VALIDATION_ERROR");
  EXPECT_EQ(body.error().wire_message, "[body] Invalid input: expected object, received array");
}

TEST(ParseBodyTest, NoContentTypeOrEmptyBodyGivesEmptyObject) {
  auto no_type = ParseBody(Body("", R"({"email":"a"})"), false);
  ASSERT_TRUE(no_type.has_value());
  EXPECT_TRUE(no_type->empty());
  auto empty_json = ParseBody(Body("application/json", ""), false);
  ASSERT_TRUE(empty_json.has_value());
  EXPECT_TRUE(empty_json->empty());
  auto empty_text = ParseBody(Body("text/plain", ""), false);
  ASSERT_TRUE(empty_text.has_value());
}

TEST(ParseStrictJsonTest, Values) {
  auto value = ParseStrictJson(R"( {"a":[1,2.5,"x",null,true]} )");
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(value->at("a").as_array().size(), 5u);
  EXPECT_TRUE(ParseStrictJson("\"str\"").has_value());
  EXPECT_FALSE(ParseStrictJson("").has_value());
}

TEST(TypedFieldTest, OptionalString) {
  json::object body{{"email", "a@b.c"}, {"n", 5}, {"nil", nullptr}};
  auto email = OptionalString(body, "email");
  ASSERT_TRUE(email.has_value());
  EXPECT_EQ(**email, "a@b.c");
  auto missing = OptionalString(body, "missing");
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
  auto number = OptionalString(body, "n");
  ASSERT_FALSE(number.has_value());
  EXPECT_EQ(number.error().code, "VALIDATION_ERROR");
  EXPECT_EQ(number.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(number.error().wire_message,
            "[body.n] Invalid input: expected string, received number");
  auto null_value = OptionalString(body, "nil");
  ASSERT_FALSE(null_value.has_value());
  EXPECT_EQ(null_value.error().wire_message,
            "[body.nil] Invalid input: expected string, received null");
}

TEST(TypedFieldTest, RequiredString) {
  json::object body{{"email", "a@b.c"}, {"arr", json::array{1}}};
  EXPECT_EQ(*RequiredString(body, "email"), "a@b.c");
  auto missing = RequiredString(body, "password");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().wire_message,
            "[body.password] Invalid input: expected string, received undefined");
  auto arr = RequiredString(body, "arr");
  ASSERT_FALSE(arr.has_value());
  EXPECT_EQ(arr.error().wire_message, "[body.arr] Invalid input: expected string, received array");
}

TEST(TypedFieldTest, OptionalBoolAndInt) {
  json::object body{{"b", true}, {"s", "true"}, {"i", 42}, {"d", 1.5}};
  EXPECT_EQ(**OptionalBool(body, "b"), true);
  EXPECT_FALSE(OptionalBool(body, "missing")->has_value());
  auto wrong = OptionalBool(body, "s");
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().wire_message,
            "[body.s] Invalid input: expected boolean, received string");
  EXPECT_EQ(**OptionalInt(body, "i"), 42);
  auto fraction = OptionalInt(body, "d");
  ASSERT_FALSE(fraction.has_value());
  EXPECT_EQ(fraction.error().wire_message, "[body.d] Invalid input: expected int, received number");
}

TEST(TypedFieldTest, ValidationErrorMessage) {
  Error error = ValidationError("email", "Invalid email address");
  EXPECT_EQ(error.code, "VALIDATION_ERROR");
  EXPECT_EQ(error.wire_message, "[body.email] Invalid email address");
}

}  // namespace
}  // namespace latchkey::http

#include "http/error_mapping.h"

#include <gtest/gtest.h>

namespace latchkey::http {
namespace {

TEST(ErrorMappingTest, EveryKindHasItsStatus) {
  struct Case {
    ErrorKind kind;
    int status;
  } cases[] = {
      {ErrorKind::kInvalidArgument, 400},  {ErrorKind::kUnauthenticated, 401},
      {ErrorKind::kPermissionDenied, 403}, {ErrorKind::kNotFound, 404},
      {ErrorKind::kConflict, 409},         {ErrorKind::kFailedPrecondition, 400},
      {ErrorKind::kUnprocessable, 422},    {ErrorKind::kPayloadTooLarge, 413},
      {ErrorKind::kUnsupportedMedia, 415}, {ErrorKind::kRateLimited, 429},
      {ErrorKind::kUnavailable, 503},      {ErrorKind::kInternal, 500},
      {ErrorKind::kPaymentRequired, 402},
  };
  for (const Case& c : cases) EXPECT_EQ(StatusFor(c.kind), c.status);
}

TEST(ErrorMappingTest, BodyHasMessageAndCode) {
  Error error{ErrorKind::kUnauthenticated,
              "INVALID_EMAIL_OR_PASSWORD",
              "Invalid email or password",
              "user 42 not found",
              {},
              0};
  Response response = ErrorResponse(error);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.body,
            R"({"message":"Invalid email or password","code":"INVALID_EMAIL_OR_PASSWORD"})");
  EXPECT_TRUE(response.HasHeader("Content-Type"));
  EXPECT_FALSE(response.HasHeader("Retry-After"));
  EXPECT_EQ(response.body.find("user 42"), std::string::npos);  // detail never on the wire
}

TEST(ErrorMappingTest, EmptyCodeGivesMessageOnly) {
  Error error{ErrorKind::kInvalidArgument, "", "No fields to update", "", {}, 0};
  EXPECT_EQ(ErrorResponse(error).body, R"({"message":"No fields to update"})");
}

TEST(ErrorMappingTest, MessageIsEscaped) {
  Error error{ErrorKind::kInvalidArgument, "X", "say \"hi\"\n\\ \x01", "", {}, 0};
  EXPECT_EQ(ErrorResponse(error).body, R"({"message":"say \"hi\"\n\\ \u0001","code":"X"})");
}

TEST(ErrorMappingTest, WireMessageWins) {
  Error error{ErrorKind::kInvalidArgument,
              "VALIDATION_ERROR",
              "Invalid request body",
              "",
              "[body.email] Invalid email address",
              0};
  EXPECT_EQ(ErrorResponse(error).body,
            R"({"message":"[body.email] Invalid email address","code":"VALIDATION_ERROR"})");
}

TEST(ErrorMappingTest, RetryAfter) {
  Response response = ErrorResponse(UnavailableError("queue full", 3));
  EXPECT_EQ(response.status, 503);
  ASSERT_TRUE(response.HasHeader("Retry-After"));
  bool found = false;
  for (const auto& [name, value] : response.headers) {
    if (name == "Retry-After") {
      EXPECT_EQ(value, "3");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(
      response.body,
      R"({"message":"Service temporarily unavailable. Please retry.","code":"SERVICE_UNAVAILABLE"})");
}

}  // namespace
}  // namespace latchkey::http

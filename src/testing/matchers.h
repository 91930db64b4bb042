// gmock matchers on the responses the harness returns (docs/testing.md).
// Assert the specific error, never just "failed":
//
//   EXPECT_THAT(client.Get("/api/auth/list-accounts"), HasError(401, "UNAUTHORIZED"));
//   EXPECT_THAT(response, IsOkJson());
//   EXPECT_THAT(response, HasJsonString("/user/name", "Ada"));
#ifndef LK_TESTING_MATCHERS_H_
#define LK_TESTING_MATCHERS_H_

#include <gmock/gmock.h>

#include <boost/json/value.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "http/response.h"

namespace latchkey::http {
// gtest prints a Response through this: status, headers and body.
void PrintTo(const Response& response, std::ostream* os);
}  // namespace latchkey::http

namespace latchkey::testing {

// The body parsed as JSON; null when it is empty or not JSON.
boost::json::value Json(const http::Response& response);
// The value at JSON Pointer `pointer` ("/user/name"), or nullptr when absent.
const boost::json::value* JsonAt(const boost::json::value& json, std::string_view pointer);
// The string at `pointer`, or "" when absent or not a string.
std::string JsonString(const http::Response& response, std::string_view pointer);

MATCHER_P(HasStatus, status, "has status " + ::testing::PrintToString(status)) {
  return arg.status == status;
}

// The status and Better Auth's {"code","message"} error body's code.
MATCHER_P2(HasError, status, code,
           "is a " + ::testing::PrintToString(status) + " error with code " +
               ::testing::PrintToString(code)) {
  return arg.status == status &&
         ::latchkey::testing::JsonString(arg, "/code") == std::string_view(code);
}

// 200 with a JSON body that parses.
MATCHER(IsOkJson, "is a 200 with a JSON body") {
  return arg.status == 200 && !::latchkey::testing::Json(arg).is_null();
}

// The JSON body holds the string `expected` at JSON Pointer `pointer`.
MATCHER_P2(HasJsonString, pointer, expected,
           "has JSON string " + ::testing::PrintToString(expected) + " at " +
               ::testing::PrintToString(pointer)) {
  const boost::json::value json = ::latchkey::testing::Json(arg);
  const boost::json::value* at = ::latchkey::testing::JsonAt(json, pointer);
  return at != nullptr && at->is_string() && at->as_string() == std::string_view(expected);
}

// A header `name` (any case) with exactly `value`.
MATCHER_P2(HasHeader, name, value,
           "has header " + ::testing::PrintToString(name) + ": " +
               ::testing::PrintToString(value)) {
  for (const auto& [n, v] : arg.headers) {
    if (::testing::internal::CaseInsensitiveCStringEquals(n.c_str(), std::string(name).c_str()) &&
        v == std::string_view(value)) {
      return true;
    }
  }
  return false;
}

}  // namespace latchkey::testing

#endif  // LK_TESTING_MATCHERS_H_

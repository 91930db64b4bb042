// http/body ParseBody(): request bodies as JSON or
// application/x-www-form-urlencoded. The first byte picks the Content-Type
// (and whether forms are allowed); the rest is the body. Properties: no
// crash; JSON bodies agree with ParseStrictJson; every string ParseBody
// yields, key or value, is well-formed UTF-8 (as a JSON body's must be), so
// no field can carry bytes that a database or a JSON response would refuse.
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "http/body.h"
#include "http/request.h"

namespace {

namespace bj = boost::json;
using latchkey::fuzz::IsUtf8;

constexpr const char* kContentTypes[] = {
    "application/json",
    "application/x-www-form-urlencoded",
    "Application/JSON; charset=utf-8",
    "application/x-www-form-urlencoded;charset=UTF-8",
    "text/plain",
    "",
};

bool AllStringsUtf8(const bj::value& v) {
  if (const bj::string* s = v.if_string()) return IsUtf8(*s);
  if (const bj::array* a = v.if_array()) {
    for (const bj::value& e : *a) {
      if (!AllStringsUtf8(e)) return false;
    }
  }
  if (const bj::object* o = v.if_object()) {
    for (const auto& member : *o) {
      if (!IsUtf8(member.key()) || !AllStringsUtf8(member.value())) return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  latchkey::fuzz::FuzzInput in(data, size);
  const std::uint8_t selector = in.Byte();
  const char* content_type = kContentTypes[(selector & 0x7F) % std::size(kContentTypes)];
  const bool allow_form = (selector & 0x80) != 0;

  latchkey::http::Request request;
  request.method = latchkey::http::Method::kPost;
  if (*content_type != '\0') request.headers.emplace_back("content-type", content_type);
  request.body = std::string(in.Rest());

  auto body = latchkey::http::ParseBody(request, allow_form);
  if (!body) {
    LK_FUZZ_CHECK(!body.error().code.empty());
    return 0;
  }
  LK_FUZZ_CHECK(AllStringsUtf8(bj::value(*body)));
  if (request.body.empty() || *content_type == '\0') LK_FUZZ_CHECK(body->empty());
  if (std::string_view(content_type).starts_with("application/json") && !request.body.empty()) {
    auto strict = latchkey::http::ParseStrictJson(request.body);
    LK_FUZZ_CHECK(strict.has_value() && strict->is_object() && strict->get_object() == *body);
  }
  // The typed readers on whatever came out.
  for (const char* key : {"email", "password", "rememberMe", "expiresIn", ""}) {
    (void)latchkey::http::OptionalString(*body, key);
    (void)latchkey::http::OptionalBool(*body, key);
    (void)latchkey::http::OptionalInt(*body, key);
  }
  return 0;
}

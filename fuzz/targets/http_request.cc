// http/request: the Cookie header reader (every session lookup), the Bearer
// credential reader, query parameters and percent-decoding. The input is
// "cookie header \0 authorization header \0 query \0 cookie name". Properties:
// no crash; Cookie(name) is the first of Cookies() with that name; the Bearer
// credential is a non-empty suffix of the header; PercentDecode undoes
// PercentEncode for any bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "http/request.h"

namespace {

namespace http = latchkey::http;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  latchkey::fuzz::FuzzInput in(data, size);
  const std::string_view cookie = in.Until('\0');
  const std::string_view authorization = in.Until('\0');
  const std::string_view query = in.Until('\0');
  const std::string_view name = in.Rest();

  http::Request request;
  request.headers.emplace_back("cookie", std::string(cookie));
  request.headers.emplace_back("Authorization", std::string(authorization));
  request.headers.emplace_back("cookie", std::string(name));  // a second Cookie line
  request.query = std::string(query);

  const auto all = request.Cookies();
  const auto found = request.Cookie(name);
  std::optional<std::string> expected;
  for (const auto& [cookie_name, value] : all) {
    if (cookie_name == name) {
      expected = value;
      break;
    }
  }
  LK_FUZZ_CHECK(found == expected);
  (void)request.Cookie("better-auth.session_token");

  if (auto bearer = http::BearerCredential(request)) {
    LK_FUZZ_CHECK(!bearer->empty());
    LK_FUZZ_CHECK(authorization.ends_with(*bearer));
    LK_FUZZ_CHECK(bearer->size() + 7 == authorization.size());
  }

  (void)request.QueryParam(name);
  (void)request.QueryParam("token");
  for (bool plus_is_space : {false, true}) {
    LK_FUZZ_CHECK(http::PercentDecode(http::PercentEncode(query), plus_is_space) == query);
    (void)http::PercentDecode(query, plus_is_space);
  }
  return 0;
}

#include "testing/matchers.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace latchkey::http {

void PrintTo(const Response& response, std::ostream* os) {
  *os << "HTTP " << response.status;
  for (const auto& [name, value] : response.headers) *os << "\n  " << name << ": " << value;
  *os << "\n  body: " << (response.body.empty() ? "(empty)" : response.body);
}

}  // namespace latchkey::http

namespace latchkey::testing {

boost::json::value Json(const http::Response& response) {
  boost::system::error_code ec;
  boost::json::value json = boost::json::parse(response.body, ec);
  if (ec) return nullptr;
  return json;
}

const boost::json::value* JsonAt(const boost::json::value& json, std::string_view pointer) {
  boost::system::error_code ec;
  const boost::json::value* at = json.find_pointer(pointer, ec);
  return ec ? nullptr : at;
}

std::string JsonString(const http::Response& response, std::string_view pointer) {
  const boost::json::value json = Json(response);
  const boost::json::value* at = JsonAt(json, pointer);
  if (at == nullptr || !at->is_string()) return "";
  return std::string(at->as_string());
}

}  // namespace latchkey::testing

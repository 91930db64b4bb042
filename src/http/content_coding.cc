#include "http/content_coding.h"

#include <cstdlib>
#include <optional>
#include <string>

#include "http/util.h"

namespace latchkey::http {
namespace {

// The q-value of one `coding;q=x` element; 1 when absent, 0 when malformed
// (a client that garbles its weights gets the identity coding).
double Weight(std::string_view params) {
  while (!params.empty()) {
    const auto semicolon = params.find(';');
    std::string_view param = TrimOws(params.substr(0, semicolon));
    params =
        semicolon == std::string_view::npos ? std::string_view() : params.substr(semicolon + 1);
    const auto equals = param.find('=');
    if (equals == std::string_view::npos ||
        !EqualsIgnoreCase(TrimOws(param.substr(0, equals)), "q")) {
      continue;
    }
    const std::string value(TrimOws(param.substr(equals + 1)));
    char* end = nullptr;
    const double q = std::strtod(value.c_str(), &end);
    if (value.empty() || end != value.c_str() + value.size() || q < 0 || q > 1) return 0;
    return q;
  }
  return 1;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  std::optional<double> gzip;
  std::optional<double> any;
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    const std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    const auto semicolon = element.find(';');
    const std::string_view coding = TrimOws(element.substr(0, semicolon));
    const std::string_view params =
        semicolon == std::string_view::npos ? std::string_view() : element.substr(semicolon + 1);
    if (EqualsIgnoreCase(coding, "gzip") || EqualsIgnoreCase(coding, "x-gzip")) {
      gzip = Weight(params);
    } else if (coding == "*") {
      any = Weight(params);
    }
  }
  if (gzip) return *gzip > 0;
  return any.value_or(0) > 0;
}

bool AcceptsGzip(const Request& request) {
  std::string joined;
  for (const auto& [name, value] : request.headers) {
    if (name != "accept-encoding") continue;
    if (!joined.empty()) joined += ',';
    joined += value;
  }
  return AcceptsGzip(joined);
}

}  // namespace latchkey::http

// Response serialisation. Writing the bytes by hand (rather than through a
// beast::http::response) keeps the worker-side cost to one string append per
// header and lets the I/O thread only move bytes.
#include "http/response_writer.h"

#include <charconv>

#include "http/error_mapping.h"
#include "http/util.h"

namespace latchkey::http {
namespace {

// RFC 9110 tchar.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

bool ValidHeader(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!IsTokenChar(c)) return false;
  }
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u == '\r' || u == '\n' || u == 0 || (u < 0x20 && u != '\t') || u == 0x7f) return false;
  }
  return true;
}

bool ValidResponse(const Response& response) {
  if (response.status < 200 || response.status > 599) return false;
  for (const auto& [name, value] : response.headers) {
    if (!ValidHeader(name, value)) return false;
  }
  return true;
}

// Headers the server owns; a handler's copy is dropped.
bool IsFramingHeader(std::string_view name) {
  return EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "transfer-encoding") ||
         EqualsIgnoreCase(name, "connection");
}

bool IsCacheHeader(std::string_view name) {
  return EqualsIgnoreCase(name, "cache-control") || EqualsIgnoreCase(name, "pragma");
}

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

void AppendNumber(std::string& out, std::size_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), n);
  out.append(buf, end);
}

// Anything that carries or answers a credential must not be cached.
bool NeedsNoStore(const Request& request, const Response& response) {
  if (response.no_store) return true;
  for (const auto& [name, value] : response.headers) {
    if (EqualsIgnoreCase(name, "set-cookie")) return true;
  }
  return request.Header("cookie").has_value() || request.Header("authorization").has_value();
}

void AppendSecurityHeaders(const Response& response, const WireOptions& options, std::string& out) {
  out.append(
      "X-Content-Type-Options: nosniff\r\n"
      "Referrer-Policy: no-referrer\r\n"
      "X-Frame-Options: DENY\r\n");
  // A page (static UI) may set a full CSP of its own; it must then carry
  // frame-ancestors itself.
  if (!response.HasHeader("content-security-policy")) {
    out.append("Content-Security-Policy: frame-ancestors 'none'\r\n");
  }
  if (options.hsts)
    out.append("Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n");
}

// Better Auth's bearer and jwt plugins name the header they add in
// Access-Control-Expose-Headers on every response that carries it, with or
// without an Origin (docs/api.md): "set-auth-token",
// "set-auth-jwt", or both in that order. A CORS answer to an allowed origin
// exposes both whatever the response carries.
std::string_view ExposedAuthHeaders(const Response& response, bool cors_allowed) {
  if (cors_allowed) return "set-auth-token, set-auth-jwt";
  const bool token = response.HasHeader("set-auth-token");
  const bool jwt = response.HasHeader("set-auth-jwt");
  if (token && jwt) return "set-auth-token, set-auth-jwt";
  if (token) return "set-auth-token";
  if (jwt) return "set-auth-jwt";
  return {};
}

void AppendCorsHeaders(const Request& request, const Response& response, const WireOptions& options,
                       std::string& out) {
  const std::string* origin = MatchCorsOrigin(request, options);
  // Vary on every response, so a shared cache never serves one origin's
  // answer (with or without ACAO) to another.
  if (!options.cors_origins.empty()) out.append("Vary: Origin\r\n");
  if (origin != nullptr) {
    AppendHeader(out, "Access-Control-Allow-Origin", *origin);
    out.append("Access-Control-Allow-Credentials: true\r\n");
  }
  std::string_view exposed = ExposedAuthHeaders(response, origin != nullptr);
  if (!exposed.empty()) AppendHeader(out, "Access-Control-Expose-Headers", exposed);
}

Response InternalErrorResponse() { return ErrorResponse(InternalError("invalid response")); }

}  // namespace

const std::string* MatchCorsOrigin(const Request& request, const WireOptions& options) {
  if (options.cors_origins.empty()) return nullptr;
  std::optional<std::string_view> origin = request.Header("origin");
  if (!origin || *origin == "null" || *origin == "*") return nullptr;
  for (const std::string& allowed : options.cors_origins) {
    if (allowed == *origin) return &allowed;
  }
  return nullptr;
}

bool IsCorsPreflight(const Request& request, const WireOptions& options) {
  return request.method == Method::kOptions &&
         request.Header("access-control-request-method").has_value() &&
         MatchCorsOrigin(request, options) != nullptr;
}

Response PreflightResponse() {
  Response response;
  response.status = 204;
  response.AddHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
  response.AddHeader("Access-Control-Allow-Headers",
                     "Content-Type, Authorization, X-API-Key, X-Captcha-Response, X-Request-Id");
  response.AddHeader("Access-Control-Max-Age", "600");
  return response;
}

int SerializeResponse(const Request& request, const Response& input, const WireOptions& options,
                      bool keep_alive, bool http10, bool head, std::string& out, bool* invalid) {
  Response fallback;
  const Response* response = &input;
  *invalid = !ValidResponse(input);
  if (*invalid) {
    fallback = InternalErrorResponse();
    response = &fallback;
  }
  const bool no_store = NeedsNoStore(request, *response);
  out.clear();
  out.append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  AppendNumber(out, static_cast<std::size_t>(response->status));
  out.push_back(' ');
  out.append(ReasonPhrase(response->status)).append("\r\n");
  for (const auto& [name, value] : response->headers) {
    if (IsFramingHeader(name) || (no_store && IsCacheHeader(name))) continue;
    AppendHeader(out, name, value);
  }
  if (no_store) out.append("Cache-Control: no-store\r\nPragma: no-cache\r\n");
  AppendSecurityHeaders(*response, options, out);
  AppendCorsHeaders(request, *response, options, out);
  if (!request.request_id.empty()) AppendHeader(out, "X-Request-Id", request.request_id);
  // A streamed body over HTTP/1.0 has no framing but the end of the connection.
  const bool streams = static_cast<bool>(response->producer);
  if (!keep_alive || (streams && http10)) {
    out.append("Connection: close\r\n");
  } else if (http10) {
    out.append("Connection: keep-alive\r\n");
  }
  if (streams) {
    out.append(http10 ? "\r\n" : "Transfer-Encoding: chunked\r\n\r\n");
    return response->status;
  }
  out.append("Content-Length: ");
  AppendNumber(out, response->body.size());
  out.append("\r\n\r\n");
  if (!head) out.append(response->body);
  return response->status;
}

void FrameChunk(std::string_view data, bool last, std::string& out) {
  if (!data.empty()) {
    char buf[20];
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), data.size(), 16);
    out.append(buf, end).append("\r\n").append(data).append("\r\n");
  }
  if (last) out.append("0\r\n\r\n");
}

std::string_view ReasonPhrase(int status) {
  struct Phrase {
    int status;
    std::string_view text;
  };
  static constexpr Phrase kPhrases[] = {
      {200, "OK"},
      {201, "Created"},
      {202, "Accepted"},
      {204, "No Content"},
      {301, "Moved Permanently"},
      {302, "Found"},
      {303, "See Other"},
      {304, "Not Modified"},
      {307, "Temporary Redirect"},
      {308, "Permanent Redirect"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {408, "Request Timeout"},
      {409, "Conflict"},
      {410, "Gone"},
      {413, "Payload Too Large"},
      {414, "URI Too Long"},
      {415, "Unsupported Media Type"},
      {422, "Unprocessable Entity"},
      {429, "Too Many Requests"},
      {431, "Request Header Fields Too Large"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {502, "Bad Gateway"},
      {503, "Service Unavailable"},
      {504, "Gateway Timeout"},
  };
  for (const Phrase& phrase : kPhrases) {
    if (phrase.status == status) return phrase.text;
  }
  return "Unknown";
}

}  // namespace latchkey::http

// The Beast-free response a handler returns.
#ifndef LK_HTTP_RESPONSE_H_
#define LK_HTTP_RESPONSE_H_

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace latchkey::http {

// One step of a streamed body (Response::producer).
enum class BodyChunk {
  kMore,    // `chunk` holds the next bytes (may be empty); call again
  kDone,    // `chunk` holds the last bytes (may be empty)
  kFailed,  // stop: the connection closes without ending the body
};
// Appends the next piece of a body to `chunk` (empty on entry). Runs on a
// worker thread, one call at a time, between writes of the previous piece,
// so it may block on the database; each piece should stay small (tens of KiB).
using BodyProducer = std::function<BodyChunk(std::string& chunk)>;

struct Response {
  int status = 200;
  // Sent in order; Set-Cookie appears once per cookie, never comma-joined.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Adds Cache-Control: no-store + Pragma: no-cache (anything carrying a
  // credential). Also forced whenever a Set-Cookie header is present.
  bool no_store = false;
  // A body too large to hold (an export): when set, `body` is ignored and
  // the server sends `Transfer-Encoding: chunked` (HTTP/1.0: no length, and
  // the connection closes at the end), pulling pieces from the producer as
  // the client reads them. A kFailed piece ends the connection without the
  // last chunk, so the client sees a truncated body rather than a short one.
  BodyProducer producer;
  // The wire error code of an error answer (set by ErrorResponse), for the
  // request metrics' error counter; never sent.
  std::string error_code;

  void AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  void SetCookie(std::string serialized) { AddHeader("Set-Cookie", std::move(serialized)); }
  bool HasHeader(std::string_view name) const;

  // application/json with the given already-serialised body.
  static Response Json(std::string json_body, int status = 200);
  // Status with an empty body (Content-Type application/json, as Better Auth).
  static Response Empty(int status);
  static Response Redirect(std::string location, int status = 302);
  static Response Text(std::string text, std::string content_type, int status = 200);
};

// Serialises a cookie in Better Auth's attribute order (docs/api.md):
// name=value; Max-Age=N; Domain=d; Path=/; HttpOnly; Secure; SameSite=Lax
struct CookieSpec {
  std::string name;
  std::string value;       // already encoded for the wire
  long long max_age = -1;  // -1 = no Max-Age (browser-session cookie); 0 = delete
  std::string domain;      // empty = none
  std::string path = "/";
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";
};
std::string SerializeCookie(const CookieSpec& cookie);

}  // namespace latchkey::http

#endif  // LK_HTTP_RESPONSE_H_

// A minimal synchronous HTTP(S) client over libcurl for calls the server
// makes to third parties (HIBP, CAPTCHA siteverify, social sign-in providers). It is deliberately
// narrow: GET and form POST, no redirects, no cookies, bounded time and size.
//
// Security: for https:// URLs the peer certificate and host name are always
// verified (there is no option to turn that off). Only http and https are
// accepted, so a configured URL cannot reach file:// or gopher://. Plain
// http:// is allowed for loopback stubs in tests and for self-hosted mirrors
// on a trusted network. Error details never contain request bodies, headers
// or the query string, so secrets passed in a form cannot reach the logs.
//
// Thread-safety: every function may be called concurrently; each call uses
// its own curl easy handle, and curl_global_init runs once.
#ifndef LK_FEATURES_COMMON_OUTBOUND_OUTBOUND_HTTP_H_
#define LK_FEATURES_COMMON_OUTBOUND_OUTBOUND_HTTP_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace latchkey::outbound {

struct OutboundOptions {
  // Whole request, connect to last byte. Default: 2 s (docs/operations.md).
  std::chrono::milliseconds timeout{2000};
  // TCP + TLS handshake; capped by `timeout`. Default: 1 s.
  std::chrono::milliseconds connect_timeout{1000};
  // Bodies larger than this abort the transfer. Default: 1 MiB.
  std::size_t max_response_bytes = std::size_t{1024} * 1024;
  // HIBP asks every client to send one (docs/operations.md).
  std::string user_agent = "latchkey/0.1";
  // When set, asked for every address curl is about to connect to (the text
  // form of the resolved IP, after DNS, so a name that resolves to a
  // forbidden address is refused too, whatever it resolved to earlier);
  // false refuses with OUTBOUND_ADDRESS_REFUSED. Webhooks' SSRF guard.
  std::function<bool(std::string_view ip)> allow_address;
};

// "Name: value" pairs, sent as given.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;
// Form fields; names and values are percent-encoded by PostForm.
using FormFields = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  long status = 0;  // any status, including 4xx/5xx: the caller decides
  std::string body;
};

// GET `url`. Returns the status and body of the response (redirects are not
// followed; a 3xx is returned as is).
// Errors (codes from outbound_errors.h): OUTBOUND_INVALID_URL for a scheme other than
// http/https or an unparsable URL; OUTBOUND_TIMEOUT when `timeout` elapses;
// OUTBOUND_TLS_FAILED on a certificate or handshake failure;
// OUTBOUND_RESPONSE_TOO_LARGE past `max_response_bytes`; OUTBOUND_UNREACHABLE
// for DNS, connect and every other transport failure.
Result<HttpResponse> HttpGet(std::string_view url, const HttpHeaders& headers,
                             const OutboundOptions& options);

// POST `fields` as application/x-www-form-urlencoded. Same contract as
// HttpGet.
Result<HttpResponse> HttpPostForm(std::string_view url, const FormFields& fields,
                                  const HttpHeaders& headers, const OutboundOptions& options);

// POST `body` as is (set its Content-Type in `headers`). Same contract as
// HttpGet, plus OUTBOUND_ADDRESS_REFUSED (OutboundOptions::allow_address).
Result<HttpResponse> HttpPost(std::string_view url, const std::string& body,
                              const HttpHeaders& headers, const OutboundOptions& options);

// Percent-encodes `fields` as a form body ("a=1&b=x%20y"). Exposed for tests.
std::string EncodeForm(const FormFields& fields);

}  // namespace latchkey::outbound

#endif  // LK_FEATURES_COMMON_OUTBOUND_OUTBOUND_HTTP_H_

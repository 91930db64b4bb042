// libcurl easy interface, one handle per call. Timeouts use curl's own
// clock (CURLOPT_TIMEOUT_MS) with CURLOPT_NOSIGNAL, which is what makes a
// blocking call safe from many worker threads at once.
#include "features/common/outbound/outbound_http.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "core/ascii.h"
#include "features/common/outbound/outbound_errors.h"
#include "observability/tracing/span.h"
#include "observability/tracing/trace_context.h"

namespace latchkey::outbound {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Sink {
  std::string body;
  std::size_t limit = 0;
  bool too_large = false;
  const std::function<bool(std::string_view)>* allow_address = nullptr;
  bool refused = false;
};

// CURLOPT_OPENSOCKETFUNCTION: sees the address after resolution, right
// before the connect, so DNS rebinding cannot slip a forbidden one past.
curl_socket_t OpenSocket(void* user, curlsocktype /*purpose*/, curl_sockaddr* address) {
  auto* sink = static_cast<Sink*>(user);
  char text[INET6_ADDRSTRLEN] = {0};
  const void* raw = nullptr;
  if (address->family == AF_INET) {
    raw = &reinterpret_cast<const sockaddr_in*>(&address->addr)->sin_addr;
  } else if (address->family == AF_INET6) {
    raw = &reinterpret_cast<const sockaddr_in6*>(&address->addr)->sin6_addr;
  }
  if (raw == nullptr || inet_ntop(address->family, raw, text, sizeof(text)) == nullptr ||
      !(*sink->allow_address)(text)) {
    sink->refused = true;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

std::size_t WriteCallback(char* data, std::size_t size, std::size_t nmemb, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t n = size * nmemb;
  if (sink->body.size() + n > sink->limit) {
    sink->too_large = true;
    return 0;  // curl aborts with CURLE_WRITE_ERROR
  }
  sink->body.append(data, n);
  return n;
}

bool HasHttpScheme(std::string_view url) {
  return ascii::StartsWithIgnoreCase(url, "http://") ||
         ascii::StartsWithIgnoreCase(url, "https://");
}

Error MapCurlError(CURLcode rc, const Sink& sink, const char* errbuf) {
  // The detail names the curl failure only: never the URL (it may carry a
  // query), the headers or the body (they may carry a secret).
  std::string detail = curl_easy_strerror(rc);
  if (errbuf[0] != '\0') detail += std::string(": ") + errbuf;
  if (sink.refused) return MakeError(kOutboundRefused, "address not allowed");
  if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    return MakeError(kOutboundTooLarge, std::move(detail));
  }
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
      return MakeError(kOutboundTimeout, std::move(detail));
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return MakeError(kOutboundBadUrl, std::move(detail));
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
      return MakeError(kOutboundTls, std::move(detail));
    default:
      return MakeError(kOutboundUnreachable, std::move(detail));
  }
}

// The host of an http(s) URL, without user info or port: the one part of a
// third party's URL a span names (the path and query may carry secrets).
std::string_view HostOf(std::string_view url) {
  std::size_t start = url.find("://");
  if (start == std::string_view::npos) return {};
  std::string_view rest = url.substr(start + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (std::size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (!rest.starts_with('[')) rest = rest.substr(0, rest.find(':'));
  return rest;
}

// Runs one request. `post_body` == nullptr means GET.
Result<HttpResponse> Perform(std::string_view url, const std::string* post_body,
                             const HttpHeaders& headers, const OutboundOptions& options) {
  if (!HasHttpScheme(url)) {
    return Fail(MakeError(kOutboundBadUrl, "scheme must be http or https"));
  }
  GlobalInit();
  std::unique_ptr<CURL, EasyDeleter> handle(curl_easy_init());
  if (!handle) return Fail(MakeError(kOutboundUnreachable, "curl_easy_init failed"));
  CURL* h = handle.get();

  // A client span, and the W3C trace context for the callee (docs/operations.md, "Tracing").
  tracing::Span span(post_body != nullptr ? "POST" : "GET", tracing::SpanKind::kClient);
  span.Set("http.request.method", post_body != nullptr ? "POST" : "GET");
  span.Set("server.address", HostOf(url));
  curl_slist* raw_list = nullptr;
  for (const auto& [name, value] : headers) {
    raw_list = curl_slist_append(raw_list, (name + ": " + value).c_str());
  }
  if (const tracing::TraceContext& trace = tracing::Current(); trace.valid) {
    raw_list =
        curl_slist_append(raw_list, ("traceparent: " + tracing::FormatTraceparent(trace)).c_str());
    if (!trace.tracestate.empty()) {
      raw_list =
          curl_slist_append(raw_list, ("tracestate: " + std::string(trace.tracestate)).c_str());
    }
  }
  std::unique_ptr<curl_slist, ListDeleter> list(raw_list);

  Sink sink;
  sink.limit = options.max_response_bytes;
  char errbuf[CURL_ERROR_SIZE] = {0};
  if (options.allow_address) {
    sink.allow_address = &options.allow_address;
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, &OpenSocket);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &sink);
  }
  std::string url_copy(url);
  curl_easy_setopt(h, CURLOPT_URL, url_copy.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  // Defaults already, set explicitly so no later edit can weaken them.
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min(options.connect_timeout, options.timeout).count()));
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(options.max_response_bytes));
  curl_easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &WriteCallback);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  // Accept every encoding curl decodes (HIBP serves brotli). The size limit
  // is applied to decoded bytes in WriteCallback, so a compression bomb still
  // stops at max_response_bytes.
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  if (post_body != nullptr) {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, post_body->c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
  }

  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    Error error = MapCurlError(rc, sink, errbuf);
    span.SetError(error.code);
    return Fail(std::move(error));
  }
  HttpResponse response;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  span.Set("http.response.status_code", static_cast<std::int64_t>(response.status));
  if (response.status >= 500) span.SetError("server error");
  response.body = std::move(sink.body);
  return response;
}

}  // namespace

std::string EncodeForm(const FormFields& fields) {
  GlobalInit();
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    for (const std::string* part : {&name, &value}) {
      char* escaped = curl_easy_escape(nullptr, part->data(), static_cast<int>(part->size()));
      if (escaped != nullptr) {
        out += escaped;
        curl_free(escaped);
      }
      if (part == &name) out += '=';
    }
  }
  return out;
}

Result<HttpResponse> HttpGet(std::string_view url, const HttpHeaders& headers,
                             const OutboundOptions& options) {
  return Perform(url, nullptr, headers, options);
}

Result<HttpResponse> HttpPost(std::string_view url, const std::string& body,
                              const HttpHeaders& headers, const OutboundOptions& options) {
  return Perform(url, &body, headers, options);
}

Result<HttpResponse> HttpPostForm(std::string_view url, const FormFields& fields,
                                  const HttpHeaders& headers, const OutboundOptions& options) {
  std::string body = EncodeForm(fields);
  return Perform(url, &body, headers, options);
}

}  // namespace latchkey::outbound

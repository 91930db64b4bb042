// The Beast-level pieces of a connection (src/http internal): turning a
// parsed request into ours, refusing what cannot be served, and the socket's
// peer address. Split from connection.cc, which keeps the coroutine.
#ifndef LK_HTTP_CONNECTION_PARTS_H_
#define LK_HTTP_CONNECTION_PARTS_H_

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/verb.hpp>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "http/request.h"
#include "http/response.h"
#include "http/util.h"

namespace latchkey::http {

// How reading one request ended.
enum class Outcome { kRequest, kClosed, kBadRequest, kHeaderTooLarge, kBodyTooLarge };

Method ToMethod(boost::beast::http::verb verb);

// Obsolete line folding (a header line starting with SP/HTAB) is refused:
// proxies disagree on it, which is a request-smuggling vector.
bool HasObsFold(const boost::asio::const_buffer& header, std::size_t size);

// The peer's address as text ("-" when unknown); IPv4-mapped IPv6 as IPv4.
std::string ClientAddress(const boost::asio::ip::tcp::socket& socket);

// Overwrites `out` in place so that a keep-alive connection reuses the
// strings' buffers from one request to the next.
template <class Fields>
void CopyHeaders(const Fields& fields, std::vector<std::pair<std::string, std::string>>& out) {
  std::size_t count = 0;
  for (const auto& field : fields) {
    if (count == out.size()) out.emplace_back();
    auto& [name, value] = out[count++];
    name.clear();
    AppendLower(name, field.name_string());
    value.assign(field.value());
  }
  out.resize(count);
}

// The answer to a request refused while reading it (431, 413, 400).
Response RejectionResponse(Outcome outcome);

}  // namespace latchkey::http

#endif  // LK_HTTP_CONNECTION_PARTS_H_

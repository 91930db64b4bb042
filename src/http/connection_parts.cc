#include "http/connection_parts.h"

#include "http/error_mapping.h"
#include "http/http_errors.h"

namespace latchkey::http {
namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

Method ToMethod(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::patch:
      return Method::kPatch;
    case bhttp::verb::delete_:
      return Method::kDelete;
    case bhttp::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

bool HasObsFold(const asio::const_buffer& header, std::size_t size) {
  std::string_view text(static_cast<const char*>(header.data()), size);
  for (std::size_t pos = text.find("\r\n"); pos != std::string_view::npos;
       pos = text.find("\r\n", pos + 2)) {
    if (pos + 2 < text.size() && (text[pos + 2] == ' ' || text[pos + 2] == '\t')) return true;
  }
  return false;
}

std::string ClientAddress(const tcp::socket& socket) {
  boost::system::error_code ec;
  tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return "-";
  asio::ip::address address = peer.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

Response RejectionResponse(Outcome outcome) {
  switch (outcome) {
    case Outcome::kHeaderTooLarge: {
      Response response = Response::Json(
          ErrorBody("REQUEST_HEADER_FIELDS_TOO_LARGE", "Request header fields too large"), 431);
      response.error_code = "REQUEST_HEADER_FIELDS_TOO_LARGE";
      return response;
    }
    case Outcome::kBodyTooLarge:
      return ErrorResponse(MakeError(kPayloadTooLarge));
    default:
      return ErrorResponse(MakeError(kBadRequest));
  }
}

}  // namespace latchkey::http

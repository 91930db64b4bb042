// abuse/limits/client_address: X-Forwarded-For and RFC 7239 Forwarded
// headers, which any client can send, and the address parser under them.
// Input: "peer \0 X-Forwarded-For \0 Forwarded". Properties: no crash; a
// parsed address prints canonically and re-parses to itself; the resolved
// client is the peer unless the peer is a trusted proxy, and is always either
// the peer or an address that appears in the chosen header.
#include "features/abuse/limits/client_address.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_input.h"

namespace {

namespace abuse = latchkey::abuse;

void CheckAddress(const abuse::IpAddress& ip) {
  const std::string text = ip.ToString();
  auto again = abuse::IpAddress::Parse(text);
  LK_FUZZ_CHECK(again.has_value() && *again == ip);
  LK_FUZZ_CHECK(again->ToString() == text);
  LK_FUZZ_CHECK(abuse::RateLimitKeyFor(text).value() == abuse::RateLimitKeyFor(ip));
}

bool Listed(const std::vector<std::optional<abuse::IpAddress>>& hops, const abuse::IpAddress& ip) {
  for (const auto& hop : hops) {
    if (hop && *hop == ip) return true;
  }
  return false;
}

const abuse::TrustedProxies& Proxies() {
  static const abuse::TrustedProxies proxies =
      abuse::TrustedProxies::Parse({"10.0.0.0/8", "127.0.0.1", "::1/128", "fd00::/8"}).value();
  return proxies;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  latchkey::fuzz::FuzzInput in(data, size);
  const std::string_view peer = in.Until('\0');
  abuse::ForwardingHeaders headers;
  headers.x_forwarded_for = in.Until('\0');
  headers.forwarded = in.Rest();

  if (auto ip = abuse::IpAddress::Parse(peer)) CheckAddress(*ip);
  (void)abuse::RateLimitKeyFor(peer);
  const auto xff = abuse::ParseXForwardedFor(headers.x_forwarded_for);
  const auto fwd = abuse::ParseForwardedFor(headers.forwarded);
  for (const auto& hop : xff) {
    if (hop) CheckAddress(*hop);
  }
  for (const auto& hop : fwd) {
    if (hop) CheckAddress(*hop);
  }
  // The peer as a proxy config entry too (operators write these).
  (void)abuse::TrustedProxies::Parse({std::string(peer)});

  for (auto which : {abuse::ForwardedHeader::kXForwardedFor, abuse::ForwardedHeader::kForwarded}) {
    abuse::ClientAddressResolver resolver(Proxies(), which);
    auto client = resolver.Resolve(peer, headers);
    // Resolve ignores a "%zone" on the peer.
    const std::string_view bare_peer = peer.substr(0, peer.find('%'));
    auto peer_ip = abuse::IpAddress::Parse(bare_peer);
    if (!peer_ip) {
      LK_FUZZ_CHECK(!client.has_value());
      continue;
    }
    LK_FUZZ_CHECK(client.has_value());
    if (!Proxies().Contains(*peer_ip)) {
      LK_FUZZ_CHECK(*client == *peer_ip);
      continue;
    }
    const auto& hops = which == abuse::ForwardedHeader::kXForwardedFor ? xff : fwd;
    LK_FUZZ_CHECK(*client == *peer_ip || Listed(hops, *client));
  }
  return 0;
}

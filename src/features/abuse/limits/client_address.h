// Which address a request comes from, for rate limits, lockout keys and logs.
//
// The socket peer is the only address we know to be true. Forwarding headers
// (X-Forwarded-For, Forwarded) are attacker-written unless a proxy we trust
// wrote them, so they are read only when the peer is in the configured
// trusted-proxy list, and then only as far as the chain of trusted proxies
// reaches (docs/operations.md, ASVS 14.5.4, CVE-2023-36456, CVE-2024-47070).
//
// Thread-safety: IpAddress, TrustedProxies and ClientAddressResolver are
// immutable after construction and safe to share.
#ifndef LK_FEATURES_ABUSE_LIMITS_CLIENT_ADDRESS_H_
#define LK_FEATURES_ABUSE_LIMITS_CLIENT_ADDRESS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace latchkey::abuse {

// An IPv4 or IPv6 address in binary form. IPv4-mapped IPv6 addresses
// (::ffff:1.2.3.4) are folded into IPv4 so both spellings of one client are
// one address.
class IpAddress {
 public:
  // Accepts dotted IPv4 and any RFC 4291 IPv6 text form (inet_pton). No
  // brackets, ports or zone ids; returns nullopt for anything else.
  static std::optional<IpAddress> Parse(std::string_view text);

  bool is_v4() const { return v4_; }
  // 16 bytes; an IPv4 address is stored in its ::ffff:a.b.c.d form.
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }

  // Canonical text: "1.2.3.4", or RFC 5952 IPv6 ("2001:db8::1", lower case,
  // longest zero run compressed). Equal addresses give equal strings.
  std::string ToString() const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
  bool v4_ = false;
};

// The rate-limit identity of an address: IPv4 → the address; IPv6 → its /64
// ("2001:db8:1:2::/64"), because one subscriber usually gets a whole /64 and
// can rotate through 2^64 addresses at will.
std::string RateLimitKeyFor(const IpAddress& address);
// As above from text; nullopt when `address` does not parse.
std::optional<std::string> RateLimitKeyFor(std::string_view address);

// A set of trusted proxy networks.
class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts nobody: headers are never read

  // Each entry is "addr/len" or a bare address (= /32 or /128), for example
  // "10.0.0.0/8", "::1/128", "127.0.0.1". IPv4 CIDRs also match IPv4-mapped
  // peers. Host bits below the prefix are ignored ("10.1.2.3/8" = 10/8).
  // Errors: kInvalidArgument "INVALID_TRUSTED_PROXY", detail names the entry.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& cidrs);

  bool Contains(const IpAddress& address) const;
  bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    IpAddress base;
    int prefix_bits = 0;  // over the 16-byte form (IPv4 /n is stored as /96+n)
  };
  std::vector<Network> networks_;
};

// Which forwarding header the trusted proxies write. Exactly one is read:
// a proxy that manages one header normally passes the other through from the
// client untouched, so reading both would let the client choose.
enum class ForwardedHeader {
  kXForwardedFor,  // "client, proxy1, proxy2" (nginx, HAProxy, most LBs)
  kForwarded,      // RFC 7239: for=192.0.2.1, for="[2001:db8::1]:4711"
};

struct ForwardingHeaders {
  // Raw header values. When a header occurs on several lines, pass them
  // joined with ", " in arrival order (RFC 9110 §5.3 list semantics):
  // JoinFieldLines() below.
  std::string_view x_forwarded_for;
  std::string_view forwarded;
};

// Every line of the field `name` in `fields` (names lower case, as
// http::Request keeps them), joined with ", " in arrival order; "" when
// absent. RFC 9110 §5.3 makes repeated lines one list. A proxy that appends
// its own line (HAProxy `option forwardfor`) leaves the client's forged line
// first, so reading the first line alone lets the client pick its address
// (CVE-2023-36456).
std::string JoinFieldLines(std::span<const std::pair<std::string, std::string>> fields,
                           std::string_view name);

class ClientAddressResolver {
 public:
  ClientAddressResolver(TrustedProxies proxies, ForwardedHeader header)
      : proxies_(std::move(proxies)), header_(header) {}

  // The client address for a request arriving from `peer` (the socket's
  // remote address; an IPv6 zone id "%eth0" is ignored).
  //  * Peer not trusted (or no proxies configured): the peer. Headers are
  //    not even parsed.
  //  * Peer trusted: walk the chosen header right to left, skipping trusted
  //    hops; the first untrusted hop is the client. If every hop is trusted,
  //    the leftmost one is.
  //  * A hop that cannot be read (garbage, "unknown", an obfuscated RFC 7239
  //    identifier, a port on its own) stops the walk and the last trusted hop
  //    is returned. That hop is a proxy we trust, so the failure mode is
  //    "several clients share the proxy's budget" (fail closed), never "the
  //    client picks its own key".
  //  * At most kMaxHops entries are examined; a longer chain stops there.
  // Returns nullopt only when `peer` itself is not an IP address (a Unix
  // socket); callers then use one shared bucket.
  std::optional<IpAddress> Resolve(std::string_view peer, const ForwardingHeaders& headers) const;

  static constexpr int kMaxHops = 32;

 private:
  TrustedProxies proxies_;
  ForwardedHeader header_;
};

// Parsers for the individual header formats, right-most element last.
// An element that cannot be read becomes nullopt in place, so the walk can
// stop exactly there. Exposed for tests and fuzzing.
std::vector<std::optional<IpAddress>> ParseXForwardedFor(std::string_view value);
std::vector<std::optional<IpAddress>> ParseForwardedFor(std::string_view value);

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_LIMITS_CLIENT_ADDRESS_H_

// Address parsing and the trusted-proxy walk. Parsing is strict on purpose:
// anything we do not fully understand stops the walk at a hop we trust.
#include "features/abuse/limits/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "core/ascii.h"
#include "features/abuse/limits/errors.h"
#include "features/abuse/limits/text.h"

namespace latchkey::abuse {
namespace {

using ascii::EqualsIgnoreCase;
using ascii::TrimOws;
using internal::IsAlnum;
using internal::IsDigit;
using internal::IsToken;
using internal::ParseDecimal;
using internal::SplitOutsideQuotes;
using internal::TokenOrQuoted;

constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool IsPort(std::string_view s) {
  return !s.empty() && s.size() <= 5 && std::all_of(s.begin(), s.end(), IsDigit);
}

// RFC 7239 §6.3 obfport: "_" followed by ALPHA / DIGIT / "." / "_" / "-".
bool IsObfuscated(std::string_view s) {
  return !s.empty() && s[0] == '_' && std::all_of(s.begin() + 1, s.end(), [](char c) {
    return IsAlnum(c) || c == '.' || c == '_' || c == '-';
  });
}

// One hop: "1.2.3.4", "1.2.3.4:80", "[2001:db8::1]", "[2001:db8::1]:80" and,
// when `bare_v6` (X-Forwarded-For style), "2001:db8::1".
std::optional<IpAddress> ParseNode(std::string_view node, bool bare_v6, bool obf_port) {
  auto port_ok = [&](std::string_view port) {
    return IsPort(port) || (obf_port && IsObfuscated(port));
  };
  if (!node.empty() && node.front() == '[') {
    const std::size_t close = node.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view rest = node.substr(close + 1);
    if (!rest.empty() && (rest.front() != ':' || !port_ok(rest.substr(1)))) return std::nullopt;
    auto ip = IpAddress::Parse(node.substr(1, close - 1));
    if (!ip || ip->is_v4()) return std::nullopt;  // brackets are for IPv6 only
    return ip;
  }
  const std::size_t colon = node.find(':');
  if (colon != std::string_view::npos && node.find(':', colon + 1) == std::string_view::npos) {
    // Exactly one colon: IPv4 with a port.
    if (!port_ok(node.substr(colon + 1))) return std::nullopt;
    auto ip = IpAddress::Parse(node.substr(0, colon));
    if (!ip || !ip->is_v4()) return std::nullopt;
    return ip;
  }
  auto ip = IpAddress::Parse(node);
  if (ip && !ip->is_v4() && !bare_v6) return std::nullopt;
  return ip;
}

// Value of the "for" parameter of one RFC 7239 forwarded-element, with
// quoted-string unescaped; nullopt if the element is malformed or has no
// (or more than one) "for".
std::optional<std::string> ForParameter(std::string_view element) {
  std::optional<std::string> found;
  for (std::string_view pair : SplitOutsideQuotes(element, ';')) {
    pair = TrimOws(pair);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view name = pair.substr(0, eq);
    std::optional<std::string> value = TokenOrQuoted(pair.substr(eq + 1));
    if (!IsToken(name) || !value) return std::nullopt;
    if (EqualsIgnoreCase(name, "for")) {
      if (found) return std::nullopt;
      found = std::move(value);
    }
  }
  return found;
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  // inet_pton needs a NUL-terminated string; INET6_ADDRSTRLEN bounds any
  // valid form, so longer input is rejected before copying.
  char buffer[INET6_ADDRSTRLEN];
  if (text.empty() || text.size() >= sizeof(buffer)) return std::nullopt;
  if (text.find('\0') != std::string_view::npos) return std::nullopt;
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';

  IpAddress ip;
  if (inet_pton(AF_INET, buffer, ip.bytes_.data() + 12) == 1) {
    std::copy(kMappedPrefix.begin(), kMappedPrefix.end(), ip.bytes_.begin());
    ip.v4_ = true;
    return ip;
  }
  if (inet_pton(AF_INET6, buffer, ip.bytes_.data()) != 1) return std::nullopt;
  ip.v4_ = std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), ip.bytes_.begin());
  return ip;
}

std::string IpAddress::ToString() const {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (v4_) {
    inet_ntop(AF_INET, bytes_.data() + 12, buffer, sizeof(buffer));
  } else {
    inet_ntop(AF_INET6, bytes_.data(), buffer, sizeof(buffer));
  }
  return buffer;
}

std::string RateLimitKeyFor(const IpAddress& address) {
  if (address.is_v4()) return address.ToString();
  std::array<std::uint8_t, 16> prefix = address.bytes();
  std::fill(prefix.begin() + 8, prefix.end(), 0);
  char buffer[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, prefix.data(), buffer, sizeof(buffer));
  return std::string(buffer) + "/64";
}

std::optional<std::string> RateLimitKeyFor(std::string_view address) {
  auto ip = IpAddress::Parse(address);
  if (!ip) return std::nullopt;
  return RateLimitKeyFor(*ip);
}

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& cidrs) {
  TrustedProxies proxies;
  for (const std::string& raw : cidrs) {
    const std::string_view entry = TrimOws(raw);
    const std::size_t slash = entry.find('/');
    auto ip = IpAddress::Parse(entry.substr(0, slash));
    if (!ip) {
      return Fail(MakeError(kInvalidTrustedProxy, "not an IP address: \"" + raw + "\""));
    }
    const int max_bits = ip->is_v4() ? 32 : 128;
    long long bits = max_bits;
    if (slash != std::string_view::npos) {
      const auto len = ParseDecimal(entry.substr(slash + 1), 3);
      if (!len || *len > max_bits) {
        return Fail(MakeError(kInvalidTrustedProxy, "bad prefix length: \"" + raw + "\""));
      }
      bits = *len;
    }
    Network network{*ip, static_cast<int>(bits) + (ip->is_v4() ? 96 : 0)};
    proxies.networks_.push_back(network);
  }
  return proxies;
}

bool TrustedProxies::Contains(const IpAddress& address) const {
  const auto& a = address.bytes();
  return std::any_of(networks_.begin(), networks_.end(), [&](const Network& n) {
    const auto& b = n.base.bytes();
    const int full = n.prefix_bits / 8;
    const int rest = n.prefix_bits % 8;
    if (!std::equal(a.begin(), a.begin() + full, b.begin())) return false;
    if (rest == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (a[static_cast<std::size_t>(full)] & mask) == (b[static_cast<std::size_t>(full)] & mask);
  });
}

std::string JoinFieldLines(std::span<const std::pair<std::string, std::string>> fields,
                           std::string_view name) {
  std::string joined;
  bool first = true;
  for (const auto& [field, value] : fields) {
    if (field != name) continue;
    if (!first) joined += ", ";
    joined += value;
    first = false;
  }
  return joined;
}

std::vector<std::optional<IpAddress>> ParseXForwardedFor(std::string_view value) {
  std::vector<std::optional<IpAddress>> hops;
  for (std::string_view item : SplitOutsideQuotes(value, ',')) {
    item = TrimOws(item);
    if (item.empty()) continue;  // RFC 9110 §5.6.1: empty list elements are ignored
    hops.push_back(ParseNode(item, /*bare_v6=*/true, /*obf_port=*/false));
  }
  return hops;
}

std::vector<std::optional<IpAddress>> ParseForwardedFor(std::string_view value) {
  std::vector<std::optional<IpAddress>> hops;
  for (std::string_view element : SplitOutsideQuotes(value, ',')) {
    element = TrimOws(element);
    if (element.empty()) continue;
    std::optional<std::string> node = ForParameter(element);
    // "unknown" and "_obfuscated" identifiers fail ParseNode and so stop the
    // walk: we cannot tell whether that hop is one of ours.
    hops.push_back(node ? ParseNode(*node, /*bare_v6=*/false, /*obf_port=*/true) : std::nullopt);
  }
  return hops;
}

std::optional<IpAddress> ClientAddressResolver::Resolve(std::string_view peer,
                                                        const ForwardingHeaders& headers) const {
  // Link-local peers may carry a zone ("fe80::1%eth0"); it is not part of
  // the address identity.
  auto peer_ip = IpAddress::Parse(peer.substr(0, peer.find('%')));
  if (!peer_ip) return std::nullopt;
  if (!proxies_.Contains(*peer_ip)) return peer_ip;  // untrusted: headers ignored

  const auto hops = header_ == ForwardedHeader::kXForwardedFor
                        ? ParseXForwardedFor(headers.x_forwarded_for)
                        : ParseForwardedFor(headers.forwarded);
  IpAddress last_trusted = *peer_ip;
  int examined = 0;
  for (auto it = hops.rbegin(); it != hops.rend() && examined < kMaxHops; ++it, ++examined) {
    if (!it->has_value()) return last_trusted;  // unreadable hop: fail closed
    if (!proxies_.Contains(**it)) return *it;
    last_trusted = **it;
  }
  return last_trusted;
}

}  // namespace latchkey::abuse

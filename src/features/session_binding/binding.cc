#include "features/session_binding/binding.h"

#include <arpa/inet.h>

#include <array>
#include <charconv>

namespace latchkey::session_binding {

std::optional<Mode> ParseMode(std::string_view text) {
  if (text == "off") return Mode::kOff;
  if (text == "user_agent") return Mode::kUserAgent;
  if (text == "ip_prefix") return Mode::kIpPrefix;
  if (text == "both") return Mode::kBoth;
  return std::nullopt;
}

std::string EncodeBinding(const Binding& binding) {
  std::string out = binding.ua_family;
  out += '\n';
  out += binding.network;
  out += '\n';
  if (binding.network_left_at) out += std::to_string(*binding.network_left_at);
  return out;
}

std::optional<Binding> DecodeBinding(std::string_view text) {
  const std::size_t first = text.find('\n');
  if (first == std::string_view::npos) return std::nullopt;
  const std::size_t second = text.find('\n', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  Binding binding;
  binding.ua_family = std::string(text.substr(0, first));
  binding.network = std::string(text.substr(first + 1, second - first - 1));
  const std::string_view left = text.substr(second + 1);
  if (!left.empty()) {
    TimeMs value = 0;
    auto [end, ec] = std::from_chars(left.data(), left.data() + left.size(), value);
    if (ec != std::errc() || end != left.data() + left.size()) return std::nullopt;
    binding.network_left_at = value;
  }
  return binding;
}

std::string ClientNetwork(const std::string& address) {
  std::array<unsigned char, 16> bytes{};
  char text[INET6_ADDRSTRLEN] = {};
  if (inet_pton(AF_INET6, address.c_str(), bytes.data()) == 1) {
    // RFC 4291 §2.5.5.2: ::ffff:a.b.c.d is the IPv4 host a.b.c.d, whichever
    // socket family the server accepted it on.
    constexpr std::array<unsigned char, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped.begin(), kMapped.end(), bytes.begin())) {
      std::array<unsigned char, 4> v4{bytes[12], bytes[13], bytes[14], 0};
      inet_ntop(AF_INET, v4.data(), text, sizeof text);
      return std::string(text) + "/24";
    }
    for (std::size_t i = 6; i < bytes.size(); ++i) bytes[i] = 0;
    inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
    return std::string(text) + "/48";
  }
  if (inet_pton(AF_INET, address.c_str(), bytes.data()) == 1) {
    bytes[3] = 0;
    inet_ntop(AF_INET, bytes.data(), text, sizeof text);
    return std::string(text) + "/24";
  }
  return address;
}

Verdict Decide(Mode mode, TimeMs grace_ms, const std::optional<Binding>& stored, const Use& use) {
  if (mode == Mode::kOff) return Verdict::kAllow;
  if (!stored) return Verdict::kBind;
  const bool agent = mode == Mode::kUserAgent || mode == Mode::kBoth;
  const bool network = mode == Mode::kIpPrefix || mode == Mode::kBoth;
  if (agent && use.ua_family != stored->ua_family) return Verdict::kRefuseUserAgent;
  if (!network || use.network == stored->network) return Verdict::kAllow;
  if (grace_ms <= 0) return Verdict::kRefuseNetwork;
  // The grace runs from the first use outside the network; at its end a use
  // from outside is refused, a refresh included.
  if (stored->network_left_at && use.now - *stored->network_left_at >= grace_ms) {
    return Verdict::kRefuseNetwork;
  }
  if (use.refresh) return Verdict::kRebind;
  return stored->network_left_at ? Verdict::kAllow : Verdict::kStartGrace;
}

}  // namespace latchkey::session_binding

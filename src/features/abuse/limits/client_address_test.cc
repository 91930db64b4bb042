#include "features/abuse/limits/client_address.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace latchkey::abuse {
namespace {

IpAddress Ip(std::string_view text) {
  auto ip = IpAddress::Parse(text);
  EXPECT_TRUE(ip.has_value()) << text;
  return ip.value_or(IpAddress{});
}

std::string Resolved(const ClientAddressResolver& resolver, std::string_view peer,
                     ForwardingHeaders headers) {
  auto ip = resolver.Resolve(peer, headers);
  return ip ? ip->ToString() : "<none>";
}

ClientAddressResolver Resolver(std::vector<std::string> cidrs,
                               ForwardedHeader header = ForwardedHeader::kXForwardedFor) {
  auto proxies = TrustedProxies::Parse(cidrs);
  EXPECT_TRUE(proxies.has_value());
  return ClientAddressResolver(proxies.value_or(TrustedProxies{}), header);
}

TEST(IpAddressTest, NormalisesTextualForms) {
  EXPECT_EQ(Ip("2001:DB8:0::1"), Ip("2001:db8::1"));
  EXPECT_EQ(Ip("2001:DB8:0:0:0:0:0:1").ToString(), "2001:db8::1");
  EXPECT_EQ(Ip("192.0.2.1").ToString(), "192.0.2.1");
  EXPECT_TRUE(Ip("192.0.2.1").is_v4());
  EXPECT_FALSE(Ip("::1").is_v4());
}

TEST(IpAddressTest, FoldsIpv4MappedIntoIpv4) {
  EXPECT_EQ(Ip("::ffff:1.2.3.4"), Ip("1.2.3.4"));
  EXPECT_EQ(Ip("::FFFF:0102:0304"), Ip("1.2.3.4"));
  EXPECT_TRUE(Ip("::ffff:1.2.3.4").is_v4());
  EXPECT_EQ(Ip("::ffff:1.2.3.4").ToString(), "1.2.3.4");
}

TEST(IpAddressTest, RejectsNonAddresses) {
  for (std::string_view bad :
       {"", "a", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4:80", "[::1]", "::1%eth0",
        " 1.2.3.4", "1:2:3:4:5:6:7:8:9", "unknown", "1111:2222:3333:4444:5555:6666:7777:8888:9"}) {
    EXPECT_FALSE(IpAddress::Parse(bad).has_value()) << bad;
  }
  EXPECT_FALSE(IpAddress::Parse(std::string_view("1.2.3.4\0", 8)).has_value());
}

TEST(RateLimitKeyTest, Ipv4IsTheAddressAndMappedFoldsToIt) {
  EXPECT_EQ(RateLimitKeyFor(Ip("203.0.113.7")), "203.0.113.7");
  EXPECT_EQ(RateLimitKeyFor("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(RateLimitKeyFor("not an ip"), std::nullopt);
}

// Pins: docs/operations.md, "Abuse protection" (per-address limits that cannot
// be bypassed; IPv6 per /64).
TEST(RateLimitKeyTest, Ipv6RotationInsideOne64MapsToOneKey) {
  std::set<std::string> keys;
  for (int i = 0; i < 1000; ++i) {
    char text[64];
    std::snprintf(text, sizeof(text), "2001:db8:1:2:%x:%x:%x:%x", i * 7 % 65536, i, i * 13 % 65536,
                  i * 31 % 65536);
    keys.insert(RateLimitKeyFor(std::string_view(text)).value_or("bad"));
  }
  EXPECT_EQ(keys, std::set<std::string>{"2001:db8:1:2::/64"});
  EXPECT_EQ(RateLimitKeyFor("2001:DB8:1:2::1"), RateLimitKeyFor("2001:db8:1:2:ffff::"));
  EXPECT_NE(RateLimitKeyFor("2001:db8:1:2::1"), RateLimitKeyFor("2001:db8:1:3::1"));
}

TEST(TrustedProxiesTest, ParsesCidrsAndBareAddresses) {
  auto proxies = TrustedProxies::Parse(
      {"10.0.0.0/8", "::1/128", "127.0.0.1", " 192.168.0.0/16 ", "2001:db8:aa::/48", "0.0.0.0/0"});
  ASSERT_TRUE(proxies.has_value());
  auto p = TrustedProxies::Parse({"10.0.0.0/8", "::1/128", "127.0.0.1", "2001:db8:aa::/48"});
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->Contains(Ip("10.255.0.1")));
  EXPECT_TRUE(p->Contains(Ip("::ffff:10.0.0.1")));
  EXPECT_FALSE(p->Contains(Ip("11.0.0.1")));
  EXPECT_TRUE(p->Contains(Ip("127.0.0.1")));
  EXPECT_FALSE(p->Contains(Ip("127.0.0.2")));
  EXPECT_TRUE(p->Contains(Ip("::1")));
  EXPECT_FALSE(p->Contains(Ip("::2")));
  EXPECT_TRUE(p->Contains(Ip("2001:db8:aa:ffff::9")));
  EXPECT_FALSE(p->Contains(Ip("2001:db8:ab::9")));
  // An IPv4 network never swallows IPv6 space, and the reverse.
  EXPECT_FALSE(p->Contains(Ip("::a00:1")));
}

TEST(TrustedProxiesTest, RejectsBadEntriesWithTheirText) {
  for (std::string bad : {"10.0.0.0/33", "::/129", "abc", "10.0.0.0/", "10.0.0.0/8x", "", "/8",
                          "10.0.0.0/0008", "10.0.0.0/-1"}) {
    auto proxies = TrustedProxies::Parse({"127.0.0.1", bad});
    ASSERT_FALSE(proxies.has_value()) << bad;
    EXPECT_EQ(proxies.error().code, "INVALID_TRUSTED_PROXY");
    EXPECT_NE(proxies.error().detail.find(bad), std::string::npos);
  }
}

// Pins: CVE-2023-36456 (spoofed X-Forwarded-For/X-Real-IP trusted), ASVS
// 14.5.4 and 5.0 V4.1.3 / V15.3.4: headers from an untrusted peer change nothing.
TEST(ClientAddressTest, SpoofedHeadersFromUntrustedPeerAreIgnored) {
  auto resolver = Resolver({"10.0.0.0/8"});
  EXPECT_EQ(Resolved(resolver, "203.0.113.9", {.x_forwarded_for = "1.2.3.4"}), "203.0.113.9");
  EXPECT_EQ(Resolved(resolver, "203.0.113.9",
                     {.x_forwarded_for = "10.0.0.1", .forwarded = "for=10.0.0.1"}),
            "203.0.113.9");
  auto forwarded = Resolver({"10.0.0.0/8"}, ForwardedHeader::kForwarded);
  EXPECT_EQ(Resolved(forwarded, "203.0.113.9", {.forwarded = "for=1.2.3.4"}), "203.0.113.9");
}

// Pins: CVE-2024-47070 (unparsable X-Forwarded-For "a" made policy fail open).
TEST(ClientAddressTest, GarbageHeadersFallBackToAddressWeTrust) {
  auto resolver = Resolver({"10.0.0.0/8"});
  EXPECT_EQ(Resolved(resolver, "203.0.113.9", {.x_forwarded_for = "a"}), "203.0.113.9");
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.x_forwarded_for = "a"}), "10.0.0.1");
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.x_forwarded_for = "1.2.3.4, junk, 10.0.0.2"}),
            "10.0.0.2");
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.x_forwarded_for = "1.2.3.4, unknown"}), "10.0.0.1");
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.x_forwarded_for = std::string(5000, 'x')}),
            "10.0.0.1");
}

TEST(ClientAddressTest, NoTrustedProxiesMeansPeerAlways) {
  auto resolver = Resolver({});
  EXPECT_EQ(Resolved(resolver, "127.0.0.1", {.x_forwarded_for = "1.2.3.4"}), "127.0.0.1");
}

// Pins: docs/operations.md (client IP = socket peer unless the peer is a
// configured trusted proxy): right-to-left walk, first untrusted hop wins.
TEST(ClientAddressTest, TrustedProxyChainIsWalkedRightToLeft) {
  auto resolver = Resolver({"10.0.0.0/8", "2001:db8:ffff::/48"});
  // The client prepended 6.6.6.6 itself; the proxy appended the real peer.
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.x_forwarded_for = "6.6.6.6, 1.2.3.4, 10.0.0.2"}),
            "1.2.3.4");
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.x_forwarded_for = "6.6.6.6,1.2.3.4"}), "1.2.3.4");
  EXPECT_EQ(Resolved(resolver, "::ffff:10.0.0.1", {.x_forwarded_for = "1.2.3.4"}), "1.2.3.4");
  EXPECT_EQ(Resolved(resolver, "2001:db8:ffff::1", {.x_forwarded_for = "2001:db8:1::5"}),
            "2001:db8:1::5");
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.x_forwarded_for = "[2001:db8::7]:443, 10.9.9.9:80"}),
            "2001:db8::7");
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.x_forwarded_for = "192.0.2.1:5678"}), "192.0.2.1");
  // Every hop trusted: the leftmost one; no header: the peer.
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.x_forwarded_for = "10.0.0.5, 10.0.0.2"}), "10.0.0.5");
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {}), "10.0.0.1");
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.x_forwarded_for = " , ,"}), "10.0.0.1");
  // The Forwarded header is not the one these proxies write: ignored.
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.forwarded = "for=1.2.3.4"}), "10.0.0.1");
}

TEST(ClientAddressTest, WalkStopsAfterMaxHops) {
  auto resolver = Resolver({"10.0.0.0/8"});
  std::string chain = "1.2.3.4";
  for (int i = 0; i < ClientAddressResolver::kMaxHops + 5; ++i) {
    chain += ", 10.0.0." + std::to_string(i + 1);
  }
  // Stopped inside the trusted chain: a trusted hop, never the far-left value.
  EXPECT_EQ(Resolved(resolver, "10.0.0.200", {.x_forwarded_for = chain}), "10.0.0.6");
}

TEST(ClientAddressTest, PeerWithZoneOrNoIp) {
  auto resolver = Resolver({"10.0.0.0/8"});
  EXPECT_EQ(Resolved(resolver, "fe80::1%eth0", {}), "fe80::1");
  EXPECT_EQ(Resolved(resolver, "unix:/run/latchkey.sock", {}), "<none>");
}

std::vector<std::string> Hops(std::string_view forwarded) {
  std::vector<std::string> out;
  for (const auto& hop : ParseForwardedFor(forwarded)) out.push_back(hop ? hop->ToString() : "-");
  return out;
}

using Strings = std::vector<std::string>;

// RFC 7239 §4, §6 forms, including the examples of §4 and §7.
TEST(ForwardedHeaderTest, ParsesForParameter) {
  EXPECT_EQ(Hops("for=192.0.2.43"), Strings{"192.0.2.43"});
  EXPECT_EQ(Hops("for=\"[2001:db8:cafe::17]:4711\""), Strings{"2001:db8:cafe::17"});
  EXPECT_EQ(Hops("for=\"[2001:DB8:cafe::17]\""), Strings{"2001:db8:cafe::17"});
  EXPECT_EQ(Hops("For=\"192.0.2.60:80\";proto=http;by=203.0.113.43"), Strings{"192.0.2.60"});
  EXPECT_EQ(Hops("proto=https; for=192.0.2.1 ;host=\"a;b,c\""), Strings{"192.0.2.1"});
  EXPECT_EQ(Hops("for=192.0.2.43, for=198.51.100.17"), (Strings{"192.0.2.43", "198.51.100.17"}));
  EXPECT_EQ(Hops("for=\"192.0.2.1:_abc\""), Strings{"192.0.2.1"});
  EXPECT_EQ(Hops("for=\"\\1\\9\\2.0.2.1\""), Strings{"192.0.2.1"});  // quoted-pair escapes
}

TEST(ForwardedHeaderTest, UnknownObfuscatedAndMalformedAreUnreadable) {
  for (std::string_view bad :
       {"for=unknown", "for=_hidden", "for=\"_gazonk\"", "proto=https", "for=[2001:db8::1]",
        "for=2001:db8::1", "for=\"2001:db8::1\"", "for=192.0.2.1:80", "for=\"192.0.2.1",
        "for=1.2.3.4;for=5.6.7.8", "for", "=1.2.3.4", "for=\"[1.2.3.4]\"", "for=\"1.2.3.4,5\"",
        "for=\"[2001:db8::1]x\"", "for=\"192.0.2.1:99999999\"", "for=\"a\tb\x01\""}) {
    EXPECT_EQ(Hops(bad), Strings{"-"}) << bad;
  }
}

TEST(ClientAddressTest, ForwardedChainAndObfuscatedHopStop) {
  auto resolver = Resolver({"10.0.0.0/8"}, ForwardedHeader::kForwarded);
  EXPECT_EQ(Resolved(resolver, "10.0.0.1",
                     {.forwarded = "for=6.6.6.6, for=\"[2001:db8::1]:4711\", for=10.0.0.3"}),
            "2001:db8::1");
  // An obfuscated hop might be anyone, including one of our proxies: stop.
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.forwarded = "for=1.2.3.4, for=_proxy7"}), "10.0.0.1");
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.forwarded = "for=1.2.3.4, for=unknown, for=10.0.0.2"}),
            "10.0.0.2");
  // X-Forwarded-For is not the header these proxies write: ignored.
  EXPECT_EQ(Resolved(resolver, "10.0.0.1", {.x_forwarded_for = "1.2.3.4"}), "10.0.0.1");
}

using Fields = std::vector<std::pair<std::string, std::string>>;

// RFC 9110 §5.3: repeated field lines are one comma-separated list, in order.
TEST(JoinFieldLinesTest, JoinsEveryLineInArrivalOrder) {
  const Fields fields = {{"x-forwarded-for", "198.51.100.1"},
                         {"host", "auth.example"},
                         {"x-forwarded-for", "203.0.113.5, 10.0.0.2"},
                         {"forwarded", "for=192.0.2.1"},
                         {"x-forwarded-for", ""}};
  EXPECT_EQ(JoinFieldLines(fields, "x-forwarded-for"), "198.51.100.1, 203.0.113.5, 10.0.0.2, ");
  EXPECT_EQ(JoinFieldLines(fields, "forwarded"), "for=192.0.2.1");
  EXPECT_EQ(JoinFieldLines(fields, "x-real-ip"), "");
  EXPECT_EQ(JoinFieldLines({}, "forwarded"), "");
}

// CVE-2023-36456, RFC 9110 §5.3: the client sends its own X-Forwarded-For
// line and the proxy (HAProxy `option forwardfor`) appends a second one.
// Reading the first line alone would make the forged value the client.
TEST(ClientAddressTest, ForgedFirstLineLosesToTheLineOurProxyAppended) {
  auto resolver = Resolver({"127.0.0.1", "10.0.0.0/8"});
  const Fields fields = {{"x-forwarded-for", "198.51.100.66"}, {"x-forwarded-for", "203.0.113.9"}};
  const std::string joined = JoinFieldLines(fields, "x-forwarded-for");
  EXPECT_EQ(Resolved(resolver, "127.0.0.1", {.x_forwarded_for = joined}), "203.0.113.9");
  // Two proxies, each appending a line: the walk goes past the trusted one.
  const Fields chain = {{"x-forwarded-for", "198.51.100.66"},
                        {"x-forwarded-for", "203.0.113.9"},
                        {"x-forwarded-for", "10.1.1.1"}};
  EXPECT_EQ(Resolved(resolver, "127.0.0.1",
                     {.x_forwarded_for = JoinFieldLines(chain, "x-forwarded-for")}),
            "203.0.113.9");
  // An empty line (RFC 9110 §5.6.1 empty list element) changes nothing.
  const Fields empty_last = {{"x-forwarded-for", "203.0.113.9"}, {"x-forwarded-for", ""}};
  EXPECT_EQ(Resolved(resolver, "127.0.0.1",
                     {.x_forwarded_for = JoinFieldLines(empty_last, "x-forwarded-for")}),
            "203.0.113.9");
}

// RFC 7239 §4: several Forwarded lines are one list of forwarded-elements.
TEST(ClientAddressTest, ForwardedLinesAreOneListWalkedRightToLeft) {
  auto resolver = Resolver({"127.0.0.1", "10.0.0.0/8"}, ForwardedHeader::kForwarded);
  const Fields fields = {{"forwarded", "for=192.0.2.99"},
                         {"forwarded", "for=\"[2001:db8::7]:4711\";proto=https"},
                         {"forwarded", "for=10.1.2.3"}};
  EXPECT_EQ(Resolved(resolver, "127.0.0.1", {.forwarded = JoinFieldLines(fields, "forwarded")}),
            "2001:db8::7");
}

}  // namespace
}  // namespace latchkey::abuse

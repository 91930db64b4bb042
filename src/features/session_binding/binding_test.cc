// The binding rule of docs/session-binding.md: client networks (IPv4 /24,
// IPv6 /48, IPv4-mapped IPv6), the stored form, and each verdict at the
// edges of the mobile grace. ASVS 3.5.x / 3.3.x: a session token replayed
// from another device or network is refused.
#include "features/session_binding/binding.h"

#include <gtest/gtest.h>

namespace latchkey::session_binding {
namespace {

TEST(ClientNetworkTest, Ipv4Slash24) {
  EXPECT_EQ(ClientNetwork("203.0.113.7"), "203.0.113.0/24");
  EXPECT_EQ(ClientNetwork("203.0.113.255"), ClientNetwork("203.0.113.1"));
  EXPECT_NE(ClientNetwork("203.0.114.7"), ClientNetwork("203.0.113.7"));
}

TEST(ClientNetworkTest, Ipv6Slash48) {
  EXPECT_EQ(ClientNetwork("2001:db8:1:2::7"), "2001:db8:1::/48");
  EXPECT_EQ(ClientNetwork("2001:db8:1:ffff:1:2:3:4"), ClientNetwork("2001:db8:1::1"));
  EXPECT_NE(ClientNetwork("2001:db8:2::1"), ClientNetwork("2001:db8:1::1"));
  // Spelling does not matter: the address is parsed.
  EXPECT_EQ(ClientNetwork("2001:DB8:1:0:0:0:0:1"), ClientNetwork("2001:db8:1::1"));
}

// RFC 4291 §2.5.5.2: a dual-stack socket reports IPv4 clients as
// ::ffff:a.b.c.d; they are the IPv4 host's /24, not one /48 shared by every
// IPv4 client.
TEST(ClientNetworkTest, Ipv4MappedIpv6IsTheIpv4Network) {
  EXPECT_EQ(ClientNetwork("::ffff:203.0.113.7"), "203.0.113.0/24");
  EXPECT_EQ(ClientNetwork("::ffff:203.0.113.7"), ClientNetwork("203.0.113.9"));
  EXPECT_NE(ClientNetwork("::ffff:198.51.100.7"), ClientNetwork("::ffff:203.0.113.7"));
  // Only the mapped prefix: an IPv4-compatible-looking ::cb00:7107 stays IPv6.
  EXPECT_EQ(ClientNetwork("::cb00:7107"), "::/48");
}

TEST(ClientNetworkTest, NotAnAddressIsItself) {
  EXPECT_EQ(ClientNetwork(""), "");
  EXPECT_EQ(ClientNetwork("unix"), "unix");
}

TEST(BindingCodecTest, RoundTrips) {
  Binding b{.ua_family = "chrome/windows", .network = "203.0.113.0/24"};
  auto decoded = DecodeBinding(EncodeBinding(b));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->ua_family, "chrome/windows");
  EXPECT_EQ(decoded->network, "203.0.113.0/24");
  EXPECT_FALSE(decoded->network_left_at);
  b.network_left_at = 1700000000123;
  decoded = DecodeBinding(EncodeBinding(b));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->network_left_at, 1700000000123);
  EXPECT_FALSE(DecodeBinding("no newline"));
  EXPECT_FALSE(DecodeBinding("a\nb\n12x"));
}

TEST(ParseModeTest, KnowsTheFourModes) {
  EXPECT_EQ(ParseMode("off"), Mode::kOff);
  EXPECT_EQ(ParseMode("user_agent"), Mode::kUserAgent);
  EXPECT_EQ(ParseMode("ip_prefix"), Mode::kIpPrefix);
  EXPECT_EQ(ParseMode("both"), Mode::kBoth);
  EXPECT_FALSE(ParseMode("BOTH"));
  EXPECT_FALSE(ParseMode(""));
}

constexpr TimeMs kGrace = 60'000;
const Binding kHome{.ua_family = "firefox/linux", .network = "203.0.113.0/24"};

Use At(std::string family, std::string network, TimeMs now = 1'000'000, bool refresh = false) {
  return {.ua_family = std::move(family),
          .network = std::move(network),
          .now = now,
          .refresh = refresh};
}

TEST(DecideTest, OffAllowsEverything) {
  EXPECT_EQ(Decide(Mode::kOff, 0, kHome, At("curl/other", "10.0.0.0/24")), Verdict::kAllow);
  EXPECT_EQ(Decide(Mode::kOff, 0, std::nullopt, At("x", "y")), Verdict::kAllow);
}

TEST(DecideTest, UnboundSessionBindsAtItsNextUse) {
  for (Mode mode : {Mode::kUserAgent, Mode::kIpPrefix, Mode::kBoth}) {
    EXPECT_EQ(Decide(mode, kGrace, std::nullopt, At("x", "y")), Verdict::kBind);
  }
}

TEST(DecideTest, MatchingUseIsAllowed) {
  EXPECT_EQ(Decide(Mode::kBoth, 0, kHome, At("firefox/linux", "203.0.113.0/24")), Verdict::kAllow);
}

TEST(DecideTest, EachModeChecksOnlyItsPart) {
  EXPECT_EQ(Decide(Mode::kUserAgent, 0, kHome, At("chrome/linux", "203.0.113.0/24")),
            Verdict::kRefuseUserAgent);
  EXPECT_EQ(Decide(Mode::kUserAgent, 0, kHome, At("firefox/linux", "10.0.0.0/24")),
            Verdict::kAllow);
  EXPECT_EQ(Decide(Mode::kIpPrefix, 0, kHome, At("chrome/linux", "203.0.113.0/24")),
            Verdict::kAllow);
  EXPECT_EQ(Decide(Mode::kIpPrefix, 0, kHome, At("firefox/linux", "10.0.0.0/24")),
            Verdict::kRefuseNetwork);
  EXPECT_EQ(Decide(Mode::kBoth, 0, kHome, At("chrome/linux", "10.0.0.0/24")),
            Verdict::kRefuseUserAgent);
}

TEST(DecideTest, UserAgentChangesAreNeverGraced) {
  EXPECT_EQ(Decide(Mode::kBoth, kGrace, kHome, At("firefox/macos", "203.0.113.0/24", 1, true)),
            Verdict::kRefuseUserAgent);
}

TEST(DecideTest, GraceStartsAtTheFirstUseOutsideTheNetwork) {
  EXPECT_EQ(Decide(Mode::kIpPrefix, kGrace, kHome, At("firefox/linux", "10.0.0.0/24")),
            Verdict::kStartGrace);
  Binding left = kHome;
  left.network_left_at = 1'000'000;
  // Allowed for the grace, from any network; not one millisecond longer.
  EXPECT_EQ(Decide(Mode::kIpPrefix, kGrace, left,
                   At("firefox/linux", "10.0.0.0/24", 1'000'000 + kGrace - 1)),
            Verdict::kAllow);
  EXPECT_EQ(
      Decide(Mode::kIpPrefix, kGrace, left, At("firefox/linux", "10.1.0.0/24", 1'000'000 + kGrace)),
      Verdict::kRefuseNetwork);
  // The home network stays allowed during and after the grace.
  EXPECT_EQ(Decide(Mode::kIpPrefix, kGrace, left,
                   At("firefox/linux", "203.0.113.0/24", 1'000'000 + 10 * kGrace)),
            Verdict::kAllow);
}

TEST(DecideTest, RefreshWithinTheGraceRebinds) {
  EXPECT_EQ(Decide(Mode::kIpPrefix, kGrace, kHome, At("firefox/linux", "10.0.0.0/24", 5, true)),
            Verdict::kRebind);
  Binding left = kHome;
  left.network_left_at = 1'000'000;
  EXPECT_EQ(Decide(Mode::kBoth, kGrace, left,
                   At("firefox/linux", "10.0.0.0/24", 1'000'000 + kGrace - 1, true)),
            Verdict::kRebind);
  EXPECT_EQ(Decide(Mode::kBoth, kGrace, left,
                   At("firefox/linux", "10.0.0.0/24", 1'000'000 + kGrace, true)),
            Verdict::kRefuseNetwork);
  // Without a grace a refresh from another network is refused too.
  EXPECT_EQ(Decide(Mode::kBoth, 0, kHome, At("firefox/linux", "10.0.0.0/24", 5, true)),
            Verdict::kRefuseNetwork);
}

}  // namespace
}  // namespace latchkey::session_binding

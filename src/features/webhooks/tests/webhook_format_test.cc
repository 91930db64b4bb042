// The pure parts of webhooks: the Standard Webhooks signature (the spec's
// own vector), the retry schedule, the endpoint setting and the SSRF
// address classes.
#include "features/webhooks/webhook_format.h"

#include <gtest/gtest.h>

#include "crypto/encoding.h"

namespace latchkey::webhooks {
namespace {

// Standard Webhooks spec, "Verifying webhooks" test vector (the reference
// libraries' tests use the same one).
TEST(SignTest, StandardWebhooksSpecVector) {
  auto key = crypto::Base64Decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key);
  EXPECT_EQ(Sign(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(BackoffTest, DoublesFromTheBaseUpToTheCap) {
  EXPECT_EQ(BackoffMs(1, 1000, 3600000), 1000);
  EXPECT_EQ(BackoffMs(2, 1000, 3600000), 2000);
  EXPECT_EQ(BackoffMs(5, 1000, 3600000), 16000);
  EXPECT_EQ(BackoffMs(40, 1000, 3600000), 3600000);
}

TEST(ParseEndpointsTest, ReadsEveryField) {
  auto endpoints = ParseEndpoints(
      "url=https://a.example/h secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw "
      "events=user.locked_out,user.banned ; url=https://hooks.slack.com/x format=slack name=ops");
  ASSERT_TRUE(endpoints) << endpoints.error().detail;
  ASSERT_EQ(endpoints->size(), 2U);
  EXPECT_EQ((*endpoints)[0].name, "0");
  EXPECT_EQ((*endpoints)[0].events.size(), 2U);
  EXPECT_EQ((*endpoints)[0].key.size(), 24U);
  EXPECT_TRUE((*endpoints)[1].slack);
  EXPECT_EQ((*endpoints)[1].name, "ops");
}

TEST(ParseEndpointsTest, RefusesWithoutEchoingTheSecret) {
  auto bad = ParseEndpoints("url=https://a.example secret=whsec_c2hvcnQ=");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().detail.find("c2hvcnQ"), std::string::npos);
  EXPECT_FALSE(ParseEndpoints("url=ftp://a.example secret=whsec_x"));
  EXPECT_FALSE(ParseEndpoints("url=https://a.example"));  // standard needs a secret
  EXPECT_FALSE(ParseEndpoints("url=https://a.example format=slack events=nope"));
}

TEST(WebhookTypeForTest, MapsTheSecurityEventsOnly) {
  EXPECT_EQ(WebhookTypeFor("abuse.account_locked", "failure"), "user.locked_out");
  EXPECT_EQ(WebhookTypeFor("user.change_password", "success"), "user.password_changed");
  EXPECT_EQ(WebhookTypeFor("user.change_password", "failure"), std::nullopt);
  EXPECT_EQ(WebhookTypeFor("admin.impersonation_started", "success"), "user.impersonated");
  EXPECT_EQ(WebhookTypeFor("user.sign_in", "success"), std::nullopt);
}

// SSRF (OWASP SSRF Prevention Cheat Sheet; CWE-918): every address class an
// endpoint must not reach unless webhooks_allow_private is on.
TEST(IsPublicAddressTest, RefusesLoopbackPrivateLinkLocalCgnatAndMetadata) {
  for (const char* ip : {"127.0.0.1",
                         "127.8.8.8",
                         "0.0.0.0",
                         "10.1.2.3",
                         "172.16.0.1",
                         "172.31.255.255",
                         "192.168.1.1",
                         "169.254.169.254",
                         "100.64.0.1",
                         "100.127.255.255",
                         "224.0.0.1",
                         "255.255.255.255",
                         "::1",
                         "::",
                         "fe80::1",
                         "fc00::1",
                         "fd12::1",
                         "::ffff:127.0.0.1",
                         "::ffff:169.254.169.254",
                         "64:ff9b::a00:1",
                         "not-an-ip"}) {
    EXPECT_FALSE(IsPublicAddress(ip)) << ip;
  }
  for (const char* ip : {"93.184.216.34", "172.32.0.1", "100.128.0.1", "8.8.8.8", "2606:4700::1111",
                         "::ffff:8.8.8.8"}) {
    EXPECT_TRUE(IsPublicAddress(ip)) << ip;
  }
}

TEST(BodyTest, StandardHasTypeTimestampData) {
  EXPECT_EQ(
      StandardBody("user.banned", 0, R"({"userId":"u"})"),
      R"({"type":"user.banned","timestamp":"1970-01-01T00:00:00.000Z","data":{"userId":"u"}})");
  EXPECT_EQ(
      SlackBody("user.banned", 0, "u", ""),
      R"({"text":"latchkey security event user.banned for user u at 1970-01-01T00:00:00.000Z"})");
}

}  // namespace
}  // namespace latchkey::webhooks

// Tests for outbound_http.h against a loopback server: limits, timeouts and
// the error codes that let callers fail closed.
#include "features/common/outbound/outbound_http.h"

#include <gtest/gtest.h>

#include <chrono>

#include "features/abuse/checks/test_http_server.h"

namespace latchkey::abuse {
namespace {

using std::chrono::milliseconds;
using testing::CannedResponse;
using testing::RecordedRequest;
using testing::TestHttpServer;

outbound::OutboundOptions Fast() {
  outbound::OutboundOptions o;
  o.timeout = milliseconds(1500);
  o.connect_timeout = milliseconds(500);
  return o;
}

TEST(OutboundHttpTest, GetSendsHeadersAndReturnsStatusAndBody) {
  TestHttpServer server([](const RecordedRequest&) { return CannedResponse{404, "nope"}; });
  auto r = outbound::HttpGet(server.url() + "/x?y=1", {{"X-Test", "yes"}}, Fast());
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, "nope");
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "GET");
  EXPECT_EQ(reqs[0].target, "/x?y=1");
  EXPECT_EQ(reqs[0].headers["x-test"], "yes");
  EXPECT_EQ(reqs[0].headers["user-agent"], "latchkey/0.1");
}

TEST(OutboundHttpTest, PostFormIsUrlEncoded) {
  TestHttpServer server([](const RecordedRequest&) { return CannedResponse{200, "{}"}; });
  auto r = outbound::HttpPostForm(server.url() + "/v", {{"secret", "a b&c"}, {"response", "t=1"}},
                                  {}, Fast());
  ASSERT_TRUE(r) << r.error().detail;
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].headers["content-type"], "application/x-www-form-urlencoded");
  EXPECT_EQ(reqs[0].body, "secret=a%20b%26c&response=t%3D1");
}

// Resource limit: a hostile or broken upstream cannot make us buffer an
// unbounded body (ASVS 5.0 V15 "resource consumption").
TEST(OutboundHttpTest, ResponseOverLimitIsRejected) {
  TestHttpServer server([](const RecordedRequest&) {
    return CannedResponse{200, std::string(5000, 'a')};
  });
  outbound::OutboundOptions o = Fast();
  o.max_response_bytes = 4096;
  auto r = outbound::HttpGet(server.url() + "/big", {}, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "OUTBOUND_RESPONSE_TOO_LARGE");

  o.max_response_bytes = 5000;  // exactly the limit is fine
  auto ok = outbound::HttpGet(server.url() + "/big", {}, o);
  ASSERT_TRUE(ok) << ok.error().detail;
  EXPECT_EQ(ok->body.size(), 5000u);
}

TEST(OutboundHttpTest, DefaultLimitIsOneMebibyte) {
  TestHttpServer server([](const RecordedRequest&) {
    return CannedResponse{200, std::string(1024 * 1024 + 1, 'a')};
  });
  auto r = outbound::HttpGet(server.url() + "/big", {}, Fast());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "OUTBOUND_RESPONSE_TOO_LARGE");
}

// docs/operations.md: a hanging upstream costs at most the timeout.
TEST(OutboundHttpTest, HangingServerTimesOut) {
  TestHttpServer server([](const RecordedRequest&) {
    CannedResponse r;
    r.hang = true;
    return r;
  });
  outbound::OutboundOptions o = Fast();
  o.timeout = milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  auto r = outbound::HttpGet(server.url() + "/slow", {}, o);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "OUTBOUND_TIMEOUT");
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
  EXPECT_LT(elapsed, milliseconds(1500));
}

TEST(OutboundHttpTest, ClosedPortIsUnreachable) {
  auto r = outbound::HttpGet(
      "http://127.0.0.1:" + std::to_string(testing::UnusedLoopbackPort()) + "/", {}, Fast());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "OUTBOUND_UNREACHABLE");
}

// SSRF hardening: configured URLs cannot reach other curl protocols.
TEST(OutboundHttpTest, OnlyHttpAndHttpsSchemes) {
  for (const char* url : {"file:///etc/passwd", "gopher://127.0.0.1/", "ftp://x/", "127.0.0.1"}) {
    auto r = outbound::HttpGet(url, {}, Fast());
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error().code, "OUTBOUND_INVALID_URL") << url;
  }
}

// Error details go to logs: they must not echo a secret sent in the body.
TEST(OutboundHttpTest, ErrorDetailDoesNotContainFormValues) {
  auto r =
      outbound::HttpPostForm("http://127.0.0.1:" + std::to_string(testing::UnusedLoopbackPort()),
                             {{"secret", "TOPSECRET"}}, {}, Fast());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().detail.find("TOPSECRET"), std::string::npos);
}

TEST(OutboundHttpTest, EncodeFormEscapesReservedCharacters) {
  EXPECT_EQ(outbound::EncodeForm({{"a", "1"}, {"b c", "x/y+z"}}), "a=1&b%20c=x%2Fy%2Bz");
  EXPECT_EQ(outbound::EncodeForm({}), "");
}

}  // namespace
}  // namespace latchkey::abuse

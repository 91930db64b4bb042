// Tests for hibp_client.h: the k-anonymity contract (docs/operations.md,
// ASVS 2.1.7, NIST SP 800-63B §5.1.1.2) against a loopback range server.
#include "features/abuse/checks/hibp_client.h"

#include <gtest/gtest.h>

#include <regex>

#include "features/abuse/checks/test_http_server.h"

namespace latchkey::abuse {
namespace {

using testing::CannedResponse;
using testing::RecordedRequest;
using testing::TestHttpServer;

// SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8.
constexpr char kPasswordSuffix[] = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";

std::string PaddedRange(const std::string& real_line) {
  std::string body = std::string(35, 'A') + ":10\r\n";
  body += real_line + "\r\n";
  body += std::string(34, 'F') + "0:0\r\n";  // padding
  body += std::string(34, '0') + "1:0";      // padding, no final CRLF
  return body;
}

HibpClient ClientFor(const TestHttpServer& server) {
  HibpOptions o;
  o.base_url = server.url() + "/";  // trailing slash is tolerated
  o.timeout = std::chrono::milliseconds(1500);
  return HibpClient(o);
}

// ASVS 2.1.7: the external API never receives the password or its full
// hash: only GET /range/<5 upper-case hex>, with Add-Padding and no body.
TEST(HibpClientTest, SendsOnlyTheFiveCharPrefixWithPadding) {
  TestHttpServer server([](const RecordedRequest&) {
    return CannedResponse{200, PaddedRange(std::string(kPasswordSuffix) + ":3861493")};
  });
  auto count = ClientFor(server).BreachCount("password");
  ASSERT_TRUE(count) << count.error().detail;
  EXPECT_EQ(*count, 3861493u);
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "GET");
  EXPECT_EQ(reqs[0].target, "/range/5BAA6");
  EXPECT_TRUE(std::regex_match(reqs[0].target, std::regex("^/range/[0-9A-F]{5}$")));
  EXPECT_EQ(reqs[0].headers["add-padding"], "true");
  EXPECT_FALSE(reqs[0].headers["user-agent"].empty());
  EXPECT_TRUE(reqs[0].body.empty());
}

// docs/operations.md "Padding": the real suffix with count 0 is not a hit.
TEST(HibpClientTest, PaddingLineWithZeroCountIsNotABreach) {
  TestHttpServer server([](const RecordedRequest&) {
    return CannedResponse{200, PaddedRange(std::string(kPasswordSuffix) + ":0")};
  });
  auto count = ClientFor(server).BreachCount("password");
  ASSERT_TRUE(count) << count.error().detail;
  EXPECT_EQ(*count, 0u);
}

TEST(HibpClientTest, AbsentSuffixIsZero) {
  TestHttpServer server([](const RecordedRequest&) {
    return CannedResponse{200, PaddedRange("")};
  });
  auto count = ClientFor(server).BreachCount("correct horse battery staple");
  ASSERT_TRUE(count) << count.error().detail;
  EXPECT_EQ(*count, 0u);
}

// docs/operations.md: an outage is an error (the caller fails closed), never
// "not breached".
TEST(HibpClientTest, ServerErrorIsNotANegative) {
  TestHttpServer server([](const RecordedRequest&) { return CannedResponse{503, "down"}; });
  auto count = ClientFor(server).BreachCount("password");
  ASSERT_FALSE(count);
  EXPECT_EQ(count.error().code, "HIBP_BAD_STATUS");
  EXPECT_EQ(count.error().kind, ErrorKind::kUnavailable);
}

TEST(HibpClientTest, HangingServerTimesOut) {
  TestHttpServer server([](const RecordedRequest&) {
    CannedResponse r;
    r.hang = true;
    return r;
  });
  HibpOptions o;
  o.base_url = server.url();
  o.timeout = std::chrono::milliseconds(300);
  auto count = HibpClient(o).BreachCount("password");
  ASSERT_FALSE(count);
  EXPECT_EQ(count.error().code, "OUTBOUND_TIMEOUT");
}

// A captive portal or HTML error page must not read as "not breached".
TEST(HibpClientTest, NonRangeBodyIsMalformed) {
  TestHttpServer server([](const RecordedRequest&) {
    return CannedResponse{200, "<html>hello</html>"};
  });
  auto count = ClientFor(server).BreachCount("password");
  ASSERT_FALSE(count);
  EXPECT_EQ(count.error().code, "HIBP_MALFORMED_RESPONSE");
}

TEST(FindSuffixCountTest, ToleratesLfCrlfCaseAndTrailingNewline) {
  const std::string lower = "1e4c9b93f3f0682250b6cf8331b7ee68fd8";
  EXPECT_EQ(*FindSuffixCount(lower + ":7\n", kPasswordSuffix), 7u);
  EXPECT_EQ(*FindSuffixCount("\r\n" + lower + ":7\r\n\r\n", kPasswordSuffix), 7u);
  EXPECT_EQ(*FindSuffixCount("", kPasswordSuffix), 0u);
}

TEST(FindSuffixCountTest, RejectsMalformedLinesWithLineNumber) {
  const std::string good = std::string(kPasswordSuffix) + ":1\n";
  for (const std::string& bad :
       {std::string("ABC:1"), std::string(kPasswordSuffix) + ":", std::string(kPasswordSuffix),
        std::string(kPasswordSuffix) + ":x1", std::string(kPasswordSuffix) + ":1 ",
        "G" + std::string(kPasswordSuffix).substr(1) + ":1"}) {
    auto r = FindSuffixCount(good + bad, kPasswordSuffix);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, "HIBP_MALFORMED_RESPONSE");
    EXPECT_EQ(r.error().detail, "line 2") << bad;
  }
}

}  // namespace
}  // namespace latchkey::abuse

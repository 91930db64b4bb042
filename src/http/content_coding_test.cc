// Accept-Encoding negotiation for gzip (RFC 9110 §12.5.3).
#include "http/content_coding.h"

#include <gtest/gtest.h>

namespace latchkey::http {
namespace {

TEST(ContentCodingTest, GzipIsTakenWhenNamedOrCoveredByAStarAboveZero) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br, zstd"));  // what browsers send
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_TRUE(AcceptsGzip(" deflate ,\tgzip ; q=0.001"));
}

TEST(ContentCodingTest, GzipIsRefusedWhenAbsentWeightedZeroOrMalformed) {
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0.000"));
  EXPECT_FALSE(AcceptsGzip("*, gzip;q=0")) << "naming gzip overrides the star";
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=high"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=2"));
  EXPECT_FALSE(AcceptsGzip("gzipped"));
}

TEST(ContentCodingTest, EveryHeaderLineCounts) {
  Request request;
  request.headers = {{"accept-encoding", "br"}, {"accept-encoding", "gzip"}};
  EXPECT_TRUE(AcceptsGzip(request));
  request.headers = {{"accept-encoding", "gzip"}, {"accept-encoding", "gzip;q=0"}};
  EXPECT_FALSE(AcceptsGzip(request));
  EXPECT_FALSE(AcceptsGzip(Request{}));
}

TEST(ContentCodingTest, StoredTextReadsThePlainFormOnlyWhenItIsSent) {
  int reads = 0;
  auto plain = [&reads]() -> Result<std::string> {
    ++reads;
    return std::string("plain text");
  };
  Request browser;
  browser.headers = {{"accept-encoding", "gzip, br"}};
  auto packed = StoredText(browser, "\x1f\x8bpacked", "text/css", plain);
  ASSERT_TRUE(packed);
  EXPECT_EQ(packed->body, "\x1f\x8bpacked");
  EXPECT_TRUE(packed->HasHeader("Content-Encoding"));
  EXPECT_TRUE(packed->HasHeader("Vary"));
  EXPECT_EQ(reads, 0);
  auto unpacked = StoredText(Request{}, "\x1f\x8bpacked", "text/css", plain);
  ASSERT_TRUE(unpacked);
  EXPECT_EQ(unpacked->body, "plain text");
  EXPECT_FALSE(unpacked->HasHeader("Content-Encoding"));
  EXPECT_TRUE(unpacked->HasHeader("Vary"));
  EXPECT_EQ(reads, 1);
}

}  // namespace
}  // namespace latchkey::http

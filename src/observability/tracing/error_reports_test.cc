// Sentry DSN parsing and the envelope's shape.
#include "observability/tracing/error_reports.h"

#include <gtest/gtest.h>

namespace latchkey::reports {
namespace {

TEST(DsnTest, ParsesKeyHostAndProject) {
  auto dsn = ParseDsn("https://abc123@o1.ingest.example.com/42");
  ASSERT_TRUE(dsn);
  EXPECT_EQ(dsn->public_key, "abc123");
  EXPECT_EQ(dsn->project, "42");
  EXPECT_EQ(dsn->envelope_url, "https://o1.ingest.example.com/api/42/envelope/");
  auto prefixed = ParseDsn("http://k:s@localhost:9000/sentry/7");
  ASSERT_TRUE(prefixed);
  EXPECT_EQ(prefixed->secret_key, "s");
  EXPECT_EQ(prefixed->envelope_url, "http://localhost:9000/sentry/api/7/envelope/");
  EXPECT_EQ(prefixed->without_secret, "http://k@localhost:9000/sentry/7");
  EXPECT_FALSE(ParseDsn("https://example.com/42"));
  EXPECT_FALSE(ParseDsn("ftp://k@example.com/42"));
  EXPECT_FALSE(ParseDsn("https://k@example.com/"));
}

TEST(EnvelopeTest, HoldsTheRequestContextAndNoSecret) {
  Dsn dsn = *ParseDsn("http://k:s@localhost/7");
  ReporterOptions options;
  options.release = "latchkey@1";
  ErrorReport report{.source = "http",
                     .code = "INTERNAL_ERROR",
                     .message = "boom",
                     .method = "POST",
                     .route = "/api/auth/sign-up/email",
                     .status = 500,
                     .request_id = "r1"};
  std::string envelope = EncodeEnvelope(dsn, options, report, "e1", "t1", "s1", 1.5);
  EXPECT_NE(envelope.find("\"dsn\":\"http://k@localhost/7\""), std::string::npos);
  EXPECT_NE(envelope.find("\"type\":\"event\""), std::string::npos);
  EXPECT_NE(envelope.find("\"transaction\":\"POST /api/auth/sign-up/email\""), std::string::npos);
  EXPECT_NE(envelope.find("\"trace_id\":\"t1\""), std::string::npos);
  EXPECT_EQ(envelope.find(":s@"), std::string::npos);
}

}  // namespace
}  // namespace latchkey::reports

// W3C Trace Context parsing, span scoping and the OTLP JSON encoding.
#include <gtest/gtest.h>

#include "observability/tracing/otlp_json.h"
#include "observability/tracing/span.h"
#include "observability/tracing/trace_context.h"
#include "observability/tracing/tracer.h"

namespace latchkey::tracing {
namespace {

constexpr std::string_view kParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// W3C Trace Context, section 3.2: the example header, its fields and flag.
TEST(TraceparentTest, ParsesTheSpecificationExample) {
  auto context = ParseTraceparent(kParent);
  ASSERT_TRUE(context);
  EXPECT_EQ(ToHex(context->trace_id), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(ToHex(context->span_id), "00f067aa0ba902b7");
  EXPECT_TRUE(context->sampled);
  EXPECT_EQ(FormatTraceparent(*context), kParent);
}

// W3C Trace Context, section 3.2.2: all-zero ids, upper case, version ff and a
// version 00 header with extra fields are invalid.
TEST(TraceparentTest, RefusesInvalidHeaders) {
  for (std::string_view bad :
       {"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", "", "garbage"}) {
    EXPECT_FALSE(ParseTraceparent(bad)) << bad;
  }
  // A later version is read by its first four fields.
  EXPECT_TRUE(ParseTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-x"));
}

TEST(SpanTest, RecordsNothingWithoutASampledContext) {
  Span span("SELECT");
  EXPECT_FALSE(span.recording());
  EXPECT_FALSE(Current().valid);
}

TEST(SpanTest, BecomesCurrentAndRestoresItsParent) {
  TraceContext parent = *ParseTraceparent(kParent);
  ScopedContext scope(parent);
  {
    Span span("SELECT", SpanKind::kClient);
    EXPECT_TRUE(span.recording());
    EXPECT_EQ(Current().trace_id, parent.trace_id);
    EXPECT_NE(Current().span_id, parent.span_id);
  }
  EXPECT_EQ(Current().span_id, parent.span_id);
}

TEST(HeaderListTest, ParsesOtelHeaderFormat) {
  std::vector<std::pair<std::string, std::string>> out;
  ASSERT_TRUE(ParseHeaderList("api-key=abc%20def, x-tenant = t1", out));
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0].first, "api-key");
  EXPECT_EQ(out[0].second, "abc def");
  EXPECT_EQ(out[1].second, "t1");
  EXPECT_FALSE(ParseHeaderList("novalue", out));
  EXPECT_FALSE(ParseHeaderList("a=b%0d%0aInjected: 1", out));
}

TEST(OtlpJsonTest, EncodesIdsAsHexAndIntsAsStrings) {
  std::vector<std::unique_ptr<SpanData>> spans;
  auto span = std::make_unique<SpanData>();
  span->name = "GET /ok";
  span->trace_id = ParseTraceparent(kParent)->trace_id;
  span->span_id = ParseTraceparent(kParent)->span_id;
  span->kind = SpanKind::kServer;
  span->start_ns = 1;
  span->end_ns = 2;
  span->attributes.emplace_back("http.response.status_code", std::int64_t{200});
  spans.push_back(std::move(span));
  std::string json = EncodeOtlpJson(spans, "latchkey", "1.0");
  EXPECT_NE(json.find("\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\""), std::string::npos);
  EXPECT_NE(json.find("\"intValue\":\"200\""), std::string::npos);
  EXPECT_NE(json.find("\"kind\":2"), std::string::npos);
  EXPECT_EQ(json.find("parentSpanId"), std::string::npos);
}

}  // namespace
}  // namespace latchkey::tracing

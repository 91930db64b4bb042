// W3C Trace Context parsing, span scoping and the OTLP JSON encoding.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "observability/log.h"
#include "observability/tracing/background_sender.h"
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

// docs/operations.md, "Tracing": every log line written under a request's trace names it.
TEST(LogTest, LinesCarryTheCurrentTraceId) {
  log::InitLogging(log::Format::kJson, log::Level::kInfo);
  testing::internal::CaptureStderr();
  {
    ScopedContext scope(*ParseTraceparent(kParent));
    log::Info("inside");
  }
  log::Info("outside");
  const std::string out = testing::internal::GetCapturedStderr();
  const std::size_t inside = out.find("\"msg\":\"inside\"");
  const std::size_t outside = out.find("\"msg\":\"outside\"");
  ASSERT_NE(inside, std::string::npos);
  ASSERT_NE(outside, std::string::npos);
  EXPECT_NE(out.substr(inside, outside - inside)
                .find("\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\""),
            std::string::npos);
  EXPECT_EQ(out.substr(outside).find("trace_id"), std::string::npos);
}

// The queue never blocks: beyond its limit an item is dropped and counted.
TEST(BackgroundSenderTest, DropsAndCountsWhenFull) {
  std::atomic<int> sent{0};
  std::atomic<bool> release{false};
  {
    BackgroundSender<int> sender(2, 1, std::chrono::milliseconds(5), [&](std::vector<int>& batch) {
      while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      sent.fetch_add(static_cast<int>(batch.size()));
    });
    int accepted = 0;
    for (int i = 0; i < 10; ++i) accepted += sender.Push(i) ? 1 : 0;
    EXPECT_GE(sender.dropped(), 7U);
    EXPECT_EQ(accepted + static_cast<int>(sender.dropped()), 10);
    release = true;
  }  // the destructor sends what is queued
  EXPECT_GE(sent.load(), 2);
}

// Parent-based sampling: a caller's flag wins; the ratio decides traces this node starts.
TEST(RequestSpanTest, SamplingIsParentBased) {
  TracerOptions options;
  options.endpoint = "http://127.0.0.1:9";  // nothing listens; nothing is submitted below
  options.sample_ratio = 0;
  Install(options);
  RequestSpan unsampled_parent;
  unsampled_parent.Start("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", "");
  EXPECT_TRUE(unsampled_parent.context().valid);
  EXPECT_FALSE(unsampled_parent.context().sampled);
  RequestSpan sampled_parent;
  sampled_parent.Start(kParent, "vendor=1");
  EXPECT_TRUE(sampled_parent.context().sampled);
  EXPECT_EQ(sampled_parent.context().tracestate, "vendor=1");
  EXPECT_NE(sampled_parent.context().span_id, ParseTraceparent(kParent)->span_id);
  RequestSpan fresh;
  fresh.Start("not a traceparent", "");
  EXPECT_TRUE(fresh.context().valid);
  EXPECT_FALSE(fresh.context().sampled);  // ratio 0
  EXPECT_NE(fresh.context().trace_id, ParseTraceparent(kParent)->trace_id);
  Shutdown();
  RequestSpan off;
  off.Start(kParent, "");
  EXPECT_FALSE(off.context().valid);  // tracing off: no trace at all
}

}  // namespace
}  // namespace latchkey::tracing

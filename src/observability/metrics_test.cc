#include "observability/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace latchkey::metrics {
namespace {

TEST(MetricsTest, CountersRenderWithHelpTypeAndLabels) {
  Registry registry;
  registry.GetCounter("lk_mail_total", "Mails by outcome", "outcome=\"sent\"").Inc(3);
  registry.GetCounter("lk_mail_total", "Mails by outcome", "outcome=\"dead\"").Inc();
  // The same name and labels give the same counter.
  registry.GetCounter("lk_mail_total", "Mails by outcome", "outcome=\"sent\"").Inc();
  std::string text = registry.RenderPrometheus();
  EXPECT_EQ(text,
            "# HELP lk_mail_total Mails by outcome\n"
            "# TYPE lk_mail_total counter\n"
            "lk_mail_total{outcome=\"sent\"} 4\n"
            "lk_mail_total{outcome=\"dead\"} 1\n");
}

TEST(MetricsTest, GaugesAreReadAtScrapeTime) {
  Registry registry;
  double value = 1;
  registry.AddGauge("lk_queue", "Queued rows", "", [&] { return value; });
  EXPECT_NE(registry.RenderPrometheus().find("lk_queue 1\n"), std::string::npos);
  value = 7.5;
  EXPECT_NE(registry.RenderPrometheus().find("lk_queue 7.5\n"), std::string::npos);
}

TEST(MetricsTest, HistogramBucketsAreCumulativeInSeconds) {
  Registry registry;
  Histogram& h = registry.GetHistogram("lk_latency_seconds", "Latency");
  h.Observe(0.2);    // ≤ 0.25 ms
  h.Observe(3);      // ≤ 5 ms
  h.Observe(20000);  // +Inf
  std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("lk_latency_seconds_bucket{le=\"0.0001\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lk_latency_seconds_bucket{le=\"0.00025\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("lk_latency_seconds_bucket{le=\"0.0005\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("lk_latency_seconds_bucket{le=\"0.005\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("lk_latency_seconds_bucket{le=\"10\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("lk_latency_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("lk_latency_seconds_count 3\n"), std::string::npos);
}

TEST(MetricsTest, ConcurrentIncrementsAreNotLost) {
  Registry registry;
  Counter& c = registry.GetCounter("lk_hits_total", "Hits");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100000; ++i) c.Inc();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.Value(), 400000);
}

TEST(MetricsTest, CounterReaderRendersAsCounter) {
  Registry registry;
  int kept = 3;
  registry.AddCounterReader("lk_shed_total", "Shed", "reason=\"queue\"", [&kept] { return kept; });
  kept = 5;  // read at scrape time
  std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("# TYPE lk_shed_total counter\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lk_shed_total{reason=\"queue\"} 5\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace latchkey::metrics

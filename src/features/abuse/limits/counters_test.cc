#include "features/abuse/limits/counters.h"

#include <gtest/gtest.h>

#include <string>

namespace latchkey::abuse {
namespace {

TEST(FailureCounterTest, CountsWithinTheWindowThenStartsOver) {
  FailureCounter counter(/*window_ms=*/1000, /*max_keys=*/100);
  EXPECT_EQ(counter.Count("acct|a@x", 0), 0);
  EXPECT_EQ(counter.Add("acct|a@x", 0), 1);
  EXPECT_EQ(counter.Add("acct|a@x", 500), 2);
  EXPECT_EQ(counter.Count("acct|a@x", 999), 2);
  EXPECT_EQ(counter.Count("acct|a@x", 1000), 0);  // the window closed
  EXPECT_EQ(counter.Add("acct|a@x", 1000), 1);
  counter.Clear("acct|a@x");
  EXPECT_EQ(counter.Count("acct|a@x", 1001), 0);
}

// A flood of fresh keys (address rotation) evicts stale entries, not a key
// that is close to needing a CAPTCHA (docs/operations.md).
TEST(FailureCounterTest, AFloodOfNewKeysStaysBoundedAndKeepsLiveCounts) {
  FailureCounter counter(/*window_ms=*/60'000, /*max_keys=*/1000);
  for (int i = 0; i < 3; ++i) counter.Add("acct|victim", 10'000);
  for (int i = 0; i < 100'000; ++i) counter.Add("addr|" + std::to_string(i), 1);
  EXPECT_EQ(counter.Count("acct|victim", 10'001), 3);
}

TEST(AuditSamplerTest, OncePerKeyPerInterval) {
  AuditSampler sampler(/*interval_ms=*/60'000, /*max_keys=*/100);
  EXPECT_TRUE(sampler.ShouldRecord("rate_limited|1.2.3.4", 0));
  EXPECT_FALSE(sampler.ShouldRecord("rate_limited|1.2.3.4", 59'999));
  EXPECT_TRUE(sampler.ShouldRecord("rate_limited|5.6.7.8", 1));
  EXPECT_TRUE(sampler.ShouldRecord("rate_limited|1.2.3.4", 60'000));
}

}  // namespace
}  // namespace latchkey::abuse

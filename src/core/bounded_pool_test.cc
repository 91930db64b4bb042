#include "core/bounded_pool.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace latchkey {
namespace {

TEST(BoundedPoolTest, RunsAndReturnsValue) {
  BoundedPool pool(2, 4);
  auto result = pool.RunAndWait([] { return 41 + 1; });
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, 42);
}

TEST(BoundedPoolTest, RefusesWhenQueueIsFull) {
  BoundedPool pool(1, 1);
  std::atomic<bool> release{false};
  auto blocker = [&] {
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 1;
  };
  std::thread running([&] { pool.RunAndWait(blocker); });  // occupies the worker
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::thread queued([&] { pool.RunAndWait(blocker); });  // fills the queue
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(pool.Saturated());
  EXPECT_EQ(pool.busy(), 1);  // what the latchkey_kdf_busy / _queued gauges read
  EXPECT_EQ(pool.queued(), 1);
  auto refused = pool.RunAndWait([] { return 2; });
  EXPECT_FALSE(refused.has_value());
  release = true;
  running.join();
  queued.join();
  EXPECT_EQ(pool.RunAndWait([] { return 3; }).value_or(0), 3);
  EXPECT_FALSE(pool.Saturated());
  EXPECT_EQ(pool.queued(), 0);
}

// Worker threads can run below normal priority (Linux per-thread nice).
TEST(BoundedPoolTest, NiceLowersTheWorkersPriority) {
  BoundedPool pool(1, 1, /*nice=*/5);
  auto nice =
      pool.RunAndWait([] { return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())); });
  ASSERT_TRUE(nice.has_value());
  EXPECT_EQ(*nice, getpriority(PRIO_PROCESS, 0) + 5);
}

}  // namespace
}  // namespace latchkey

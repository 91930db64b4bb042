// ChangeFeed on a SQLite file and, when LK_TEST_POSTGRES_URL is set
// (scripts/test-postgres.sh start prints one), on PostgreSQL, where two
// feeds on one channel stand for two nodes.
#include "features/change_feed/change_feed.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace latchkey::change_feed {
namespace {

using std::chrono::milliseconds;

// What a listener heard, in order: "<id>" per change, "+"/"-" per state.
class Heard {
 public:
  ChangeFeed::OnChange OnChange() {
    return [this](std::string_view id) { Add(std::string(id)); };
  }
  ChangeFeed::OnState OnState() {
    return [this](bool live) { Add(live ? "+" : "-"); };
  }
  // Waits up to `timeout` until `n` items were heard; returns them all.
  std::vector<std::string> Wait(std::size_t n, milliseconds timeout = milliseconds(2000)) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return items_.size() >= n; });
    return items_;
  }
  std::vector<std::string> Now() { return Wait(0, milliseconds(0)); }

 private:
  void Add(std::string item) {
    std::lock_guard lock(mu_);
    items_.push_back(std::move(item));
    cv_.notify_all();
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> items_;  // GUARDED_BY(mu_)
};

enum class Backend { kSqliteFile, kPostgres };

const char* PostgresUrl() {
  const char* url = std::getenv("LK_TEST_POSTGRES_URL");
  return url != nullptr && *url != '\0' ? url : nullptr;
}

class ChangeFeedTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    const std::string n = std::to_string(::getpid()) + "_" + std::to_string(counter++);
    channel_ = "lk_feed_test_" + n;
    std::string url;
    if (GetParam() == Backend::kPostgres) {
      if (PostgresUrl() == nullptr) GTEST_SKIP() << "LK_TEST_POSTGRES_URL is not set";
      url = PostgresUrl();
    } else {
      path_ = std::filesystem::temp_directory_path() / ("lk_feed_test_" + n + ".db");
      url = "sqlite:" + path_.string();
    }
    auto opened = store::Store::Open({.url = url, .pool_size = 2});
    ASSERT_TRUE(opened) << opened.error().detail;
    store_ = std::move(*opened);
  }
  void TearDown() override {
    store_.reset();
    if (!path_.empty()) {
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(path_.string() + suffix);
      }
    }
  }
  bool postgres() const { return GetParam() == Backend::kPostgres; }

  // Announces each (topic, id) in one transaction; commits unless told not to.
  Result<void> Announce(const ChangeFeed& feed,
                        const std::vector<std::pair<std::string, std::string>>& changes,
                        bool commit = true) {
    LK_ASSIGN_OR_RETURN(auto tx, store_->Begin());
    for (const auto& [topic, id] : changes) LK_TRY(feed.Announce(*tx, topic, id));
    if (commit) LK_TRY(tx->Commit());
    return {};
  }

  std::string channel_;
  std::filesystem::path path_;
  std::unique_ptr<store::Store> store_;
};

TEST_P(ChangeFeedTest, ListenerHearsTheStateAtOnce) {
  ChangeFeed feed(*store_, channel_);
  EXPECT_TRUE(feed.live());
  Heard heard;
  auto listening = feed.Listen("u:", heard.OnChange(), heard.OnState());
  EXPECT_EQ(heard.Now(), std::vector<std::string>{"+"});
}

// The local cache drops its entry when the write commits, not before (another
// thread could cache the old row again) and never after a rollback.
TEST_P(ChangeFeedTest, ThisNodeHearsAtCommitOnly) {
  ChangeFeed feed(*store_, channel_);
  Heard heard;
  auto listening = feed.Listen("u:", heard.OnChange(), nullptr);
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx);
    ASSERT_TRUE(feed.Announce(**tx, "u:", "alice"));
    EXPECT_TRUE(heard.Now().empty()) << "heard before the commit";
    ASSERT_TRUE((*tx)->Commit());
    // At commit, on this thread: no wait needed.
    ASSERT_FALSE(heard.Now().empty());
    EXPECT_EQ(heard.Now().front(), "alice");
  }
  ASSERT_TRUE(Announce(feed, {{"u:", "rolled-back"}}, /*commit=*/false));
  std::this_thread::sleep_for(milliseconds(postgres() ? 300 : 0));
  for (const std::string& id : heard.Now()) EXPECT_EQ(id, "alice");
}

TEST_P(ChangeFeedTest, TopicsReachOnlyTheirListenersInOrder) {
  ChangeFeed feed(*store_, channel_);
  std::vector<std::string> order;
  std::mutex mu;
  auto record = [&](const std::string& who) {
    return [&, who](std::string_view id) {
      std::lock_guard lock(mu);
      order.push_back(who + "=" + std::string(id));
    };
  };
  auto first = feed.Listen("s:", record("first"), nullptr);
  auto second = feed.Listen("s:", record("second"), nullptr);
  auto keys = feed.Listen("k:", record("keys"), nullptr);
  // Ids may hold ':' themselves ("<session id>:<user id>").
  ASSERT_TRUE(Announce(feed, {{"s:", "sid:uid"}}));
  // This node hears at commit; on PostgreSQL its own NOTIFY may also come
  // back on the listener thread, interleaved with the first delivery, and
  // may be caught between its two listeners: wait (bounded) until every
  // delivery under way has reached both.
  const auto count = [&order](std::string_view entry) {
    return std::count(order.begin(), order.end(), entry);
  };
  std::unique_lock lock(mu);
  for (int i = 0; i < 200 && count("first=sid:uid") != count("second=sid:uid"); ++i) {
    lock.unlock();
    std::this_thread::sleep_for(milliseconds(10));
    lock.lock();
  }
  // Each delivery goes to the topic's listeners in the order they
  // registered, and never to another topic's.
  ASSERT_GE(order.size(), 2u);
  EXPECT_EQ(order[0], "first=sid:uid");
  EXPECT_EQ(count("first=sid:uid"), count("second=sid:uid"))
      << "every delivery reaches both listeners";
  std::ptrdiff_t open_deliveries = 0;
  for (const std::string& entry : order) {
    if (entry == "first=sid:uid") ++open_deliveries;
    if (entry == "second=sid:uid") --open_deliveries;
    EXPECT_GE(open_deliveries, 0) << "the second listener never hears before the first";
  }
  for (const std::string& entry : order) EXPECT_NE(entry.substr(0, 5), "keys=");
}

TEST_P(ChangeFeedTest, UnlisteningStopsDelivery) {
  ChangeFeed feed(*store_, channel_);
  Heard heard;
  {
    auto listening = feed.Listen("u:", heard.OnChange(), nullptr);
    ChangeFeed::Listening moved = std::move(listening);
    ASSERT_TRUE(Announce(feed, {{"u:", "a"}}));
  }
  const std::size_t before = heard.Wait(postgres() ? 2 : 1, milliseconds(1000)).size();
  ASSERT_TRUE(Announce(feed, {{"u:", "b"}}));
  std::this_thread::sleep_for(milliseconds(postgres() ? 300 : 0));
  EXPECT_EQ(heard.Now().size(), before);
}

TEST_P(ChangeFeedTest, AFeedThatCannotSubscribeStaysDown) {
  ChangeFeed feed(*store_, "Not-A-Channel");
  EXPECT_FALSE(feed.live());
  Heard heard;
  auto listening = feed.Listen("u:", nullptr, heard.OnState());
  EXPECT_EQ(heard.Now(), std::vector<std::string>{"-"});
}

TEST_P(ChangeFeedTest, AnnouncementsOverTheLimitAreRefused) {
  ChangeFeed feed(*store_, channel_);
  auto tx = store_->Begin();
  ASSERT_TRUE(tx);
  auto refused = feed.Announce(**tx, "u:", std::string(store::Transaction::kMaxNotifyPayload, 'x'));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "STORE_INVALID_NOTIFICATION");
}

// Two feeds on one channel are two nodes: each hears what the other
// committed, through the database.
TEST_P(ChangeFeedTest, OtherNodesHearThroughTheDatabase) {
  if (!postgres()) GTEST_SKIP() << "one process owns a SQLite file";
  ChangeFeed node_a(*store_, channel_);
  ChangeFeed node_b(*store_, channel_);
  Heard heard_b;
  auto listening = node_b.Listen("k:", heard_b.OnChange(), nullptr);
  ASSERT_TRUE(Announce(node_a, {{"k:", "key1"}, {"u:", "ignored"}}));
  EXPECT_EQ(heard_b.Wait(1), std::vector<std::string>{"key1"});
}

// When the listening connection dies, every cache hears "off" and, once the
// feed listens again, "on" (and drops what it held).
TEST_P(ChangeFeedTest, ReconnectTurnsListenersOffAndOn) {
  if (!postgres()) GTEST_SKIP() << "a SQLite feed has no connection";
  ChangeFeed feed(*store_, channel_);
  Heard heard;
  auto listening = feed.Listen("u:", heard.OnChange(), heard.OnState());
  auto killed = store_->QueryOnce(
      "SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity "
      "WHERE application_name = ? AND query = ?",
      {std::string("latchkey-listener"), "LISTEN \"" + channel_ + "\""});
  ASSERT_TRUE(killed) << killed.error().detail;
  ASSERT_EQ(killed->size(), 1u);
  EXPECT_EQ(heard.Wait(3, milliseconds(5000)), (std::vector<std::string>{"+", "-", "+"}));
  EXPECT_TRUE(feed.live());
  ChangeFeed other(*store_, channel_);
  ASSERT_TRUE(Announce(other, {{"u:", "after"}}));
  auto items = heard.Wait(4);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items.back(), "after");
}

INSTANTIATE_TEST_SUITE_P(Backends, ChangeFeedTest,
                         ::testing::Values(Backend::kSqliteFile, Backend::kPostgres),
                         [](const auto& info) {
                           return info.param == Backend::kPostgres ? "Postgres" : "SqliteFile";
                         });

}  // namespace
}  // namespace latchkey::change_feed

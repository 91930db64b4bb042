// The Redis client against a real redis-server (scripts/test-redis.sh start;
// LK_TEST_REDIS_URL). URL parsing runs without one.
#include "store/redis/redis_client.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "store/redis/redis_errors.h"

namespace latchkey::store::redis {
namespace {

using namespace std::chrono_literals;

TEST(ParseRedisUrlTest, ReadsHostPortPasswordAndDatabase) {
  auto url = ParseRedisUrl("redis://:s%40cret@cache.internal:6380/3");
  ASSERT_TRUE(url.has_value());
  EXPECT_EQ(url->host, "cache.internal");
  EXPECT_EQ(url->port, 6380);
  EXPECT_EQ(url->password, "s@cret");
  EXPECT_EQ(url->user, "");
  EXPECT_EQ(url->database, 3);
  EXPECT_FALSE(url->tls);
  auto acl = ParseRedisUrl("rediss://app:pw@[::1]");
  ASSERT_TRUE(acl.has_value());
  EXPECT_EQ(acl->host, "::1");
  EXPECT_EQ(acl->port, 6379);
  EXPECT_EQ(acl->user, "app");
  EXPECT_EQ(acl->password, "pw");
  EXPECT_TRUE(acl->tls);
}

TEST(ParseRedisUrlTest, RefusesOtherSchemesAndBadNumbers) {
  for (std::string_view bad : {"http://h", "redis://", "redis://h:0", "redis://h:99999",
                               "redis://h/x", "redis://:%zz@h", "redis://[::1"}) {
    auto url = ParseRedisUrl(bad);
    ASSERT_FALSE(url.has_value()) << bad;
    EXPECT_EQ(url.error().code, kInvalidRedisUrl.code) << bad;
  }
}

TEST(RedisClientTest, RefusesTlsItCannotSpeak) {
  auto client = Client::Open({.url = "rediss://h:6379"});
  ASSERT_FALSE(client.has_value());
  EXPECT_EQ(client.error().code, kRedisTlsUnsupported.code);
}

TEST(RedisClientTest, DownServerFailsFastAndBacksOff) {
  // Port 1 on loopback: nothing listens, the connect is refused at once.
  auto client = Client::Open({.url = "redis://127.0.0.1:1", .timeout = 50ms});
  ASSERT_TRUE(client.has_value());
  const std::array<std::string_view, 1> ping = {"PING"};
  auto first = (*client)->Command(ping);
  ASSERT_FALSE(first.has_value());
  EXPECT_EQ(first.error().code, kRedisUnavailable.code);
  EXPECT_FALSE((*client)->Available());
  EXPECT_NE((*client)->LastError(), "");
  // Backing off: the next call fails without a connect.
  auto second = (*client)->Command(ping);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, kRedisUnavailable.code);
  EXPECT_TRUE(second.error().detail.starts_with("backing off")) << second.error().detail;
  // Ping() probes anyway (for /readyz), and fails the same way.
  EXPECT_FALSE((*client)->Ping().has_value());
}

class LiveRedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("LK_TEST_REDIS_URL");
    if (url == nullptr || *url == 0) GTEST_SKIP() << "LK_TEST_REDIS_URL not set";
    url_ = url;
    auto client = Client::Open({.url = url_, .timeout = 200ms, .pool_size = 2});
    ASSERT_TRUE(client.has_value()) << client.error().detail;
    client_ = std::move(*client);
  }
  std::string url_;
  std::unique_ptr<Client> client_;
};

TEST_F(LiveRedisTest, RunsCommandsAndConvertsReplies) {
  ASSERT_TRUE(client_->Ping().has_value());
  const std::string_view binary("v\0x", 3);  // arguments are binary-safe
  const std::array<std::string_view, 5> set = {"SET", "lk-test:k", binary, "PX", "5000"};
  auto ok = client_->Command(set);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->type, Reply::Type::kStatus);
  const std::array<std::string_view, 2> get = {"GET", "lk-test:k"};
  auto value = client_->Command(get);
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(value->type, Reply::Type::kString);
  EXPECT_EQ(value->str, binary);
  const std::array<std::string_view, 2> bad = {"INCR", "lk-test:k"};
  auto refused = client_->Command(bad);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, kRedisCommandFailed.code);
  EXPECT_TRUE(client_->Available());  // an error reply is not an outage
}

TEST_F(LiveRedisTest, EvalFallsBackToSourceAfterScriptFlush) {
  const Script script("return {KEYS[1], ARGV[1], 42}");
  const std::array<std::string_view, 2> flush = {"SCRIPT", "FLUSH"};
  ASSERT_TRUE(client_->Command(flush).has_value());
  const std::array<std::string_view, 1> keys = {"a"};
  const std::array<std::string_view, 1> args = {"b"};
  auto reply = client_->Eval(script, keys, args);  // NOSCRIPT, then EVAL
  ASSERT_TRUE(reply.has_value()) << reply.error().detail;
  ASSERT_EQ(reply->elements.size(), 3u);
  EXPECT_EQ(reply->elements[0].str, "a");
  EXPECT_EQ(reply->elements[1].str, "b");
  EXPECT_EQ(reply->elements[2].integer, 42);
  const std::array<std::string_view, 3> exists = {"SCRIPT", "EXISTS", script.sha1()};
  auto known = client_->Command(exists);
  ASSERT_TRUE(known.has_value());
  ASSERT_EQ(known->elements.size(), 1u);
  EXPECT_EQ(known->elements[0].integer, 1);  // EVAL cached it: the next call is EVALSHA
}

TEST_F(LiveRedisTest, WaitsForAPooledConnectionWithinTheTimeout) {
  auto one = Client::Open({.url = url_, .timeout = 500ms, .pool_size = 1});
  ASSERT_TRUE(one.has_value());
  Client& client = **one;
  // BLPOP on an empty list holds the only connection for 100 ms.
  std::thread holder([&client] {
    const std::array<std::string_view, 3> blpop = {"BLPOP", "lk-test:empty-list", "0.1"};
    auto reply = client.Command(blpop);
    EXPECT_TRUE(reply.has_value());
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(client.Ping().has_value());  // waited for the connection, did not fail
  holder.join();
  EXPECT_TRUE(client.Available());
}

}  // namespace
}  // namespace latchkey::store::redis

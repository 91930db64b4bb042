// The Store contract for cache invalidation: OnCommit hooks, Notify and
// Subscribe. On PostgreSQL notifications travel between connections; on
// SQLite Notify checks its arguments and Subscribe is live at once and
// silent, since one process owns the database.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "store/errors.h"
#include "store/testing/store_contract.h"
#include "store/testing/store_contract_util.h"

namespace latchkey::store::testing {
namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

// Long enough for a notification to cross a loopback connection many times
// over, so that its absence after this wait means it was never sent.
constexpr milliseconds kQuiet{300};

constexpr std::string_view kParentsTable = "CREATE TABLE parents (id BIGINT PRIMARY KEY)";
// Checked at COMMIT, which is then refused: the one portable way to make a
// commit fail on purpose.
constexpr std::string_view kChildrenTable =
    "CREATE TABLE children (id BIGINT PRIMARY KEY, parent_id BIGINT REFERENCES parents (id) "
    "DEFERRABLE INITIALLY DEFERRED)";

#define LK_REQUIRE_DIALECT(want, why) \
  if (store().dialect() != (want)) GTEST_SKIP() << (why)

// A channel of this test alone: channels are database-wide, not per schema.
std::string NewChannel() {
  static std::atomic<int> counter{0};
  return "lk_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

TEST_P(StoreContractTest, OnCommitHooksRunAfterCommitInOrderOnce) {
  LK_ASSERT_OK(RunSql(store(), "CREATE TABLE items (id BIGINT PRIMARY KEY)"));
  std::vector<std::string> calls;
  std::int64_t seen_by_hook = -1;
  std::thread::id hook_thread;
  {
    LK_ASSERT_OK_AND_ASSIGN(auto tx, store().Begin());
    LK_ASSERT_OK(tx->Exec("INSERT INTO items (id) VALUES (1)"));
    tx->OnCommit([&] {
      calls.push_back("first");
      hook_thread = std::this_thread::get_id();
      // Committed, and the connection is back: the store is usable here.
      seen_by_hook = CountRows(store(), "items").value_or(-2);
      if (!RunSql(store(), "INSERT INTO items (id) VALUES (2)")) calls.push_back("write failed");
    });
    tx->OnCommit(nullptr);  // ignored
    tx->OnCommit([&] { calls.push_back("second"); });
    EXPECT_TRUE(calls.empty());
    LK_ASSERT_OK(tx->Commit());
    EXPECT_EQ(calls, (std::vector<std::string>{"first", "second"}));
    EXPECT_FALSE(tx->Commit().has_value());
    // Registered after the commit: runs at once.
    tx->OnCommit([&] { calls.push_back("late"); });
  }
  EXPECT_EQ(calls, (std::vector<std::string>{"first", "second", "late"}));
  EXPECT_EQ(seen_by_hook, 1);
  EXPECT_EQ(hook_thread, std::this_thread::get_id());
  EXPECT_EQ(CountRows(store(), "items").value_or(-1), 2);
}

TEST_P(StoreContractTest, OnCommitHooksRunThroughInTransaction) {
  int runs = 0;
  auto result = InTransaction(store(), [&](Transaction& tx) -> Result<int> {
    tx.OnCommit([&] { ++runs; });
    EXPECT_EQ(runs, 0);
    return 7;
  });
  LK_ASSERT_OK(result);
  EXPECT_EQ(*result, 7);
  EXPECT_EQ(runs, 1);
  LK_ASSERT_OK(InReadTransaction(store(), [&](Transaction& tx) -> Result<void> {
    tx.OnCommit([&] { ++runs; });
    return {};
  }));
  EXPECT_EQ(runs, 2);
}

TEST_P(StoreContractTest, OnCommitHooksSkippedWithoutCommit) {
  static constexpr ErrorInfo kTestFailure{"TEST_FAILURE", ErrorKind::kFailedPrecondition, "no"};
  int runs = 0;
  {
    LK_ASSERT_OK_AND_ASSIGN(auto tx, store().Begin());
    tx->OnCommit([&] { ++runs; });
  }
  {
    LK_ASSERT_OK_AND_ASSIGN(auto tx, store().BeginRead());
    tx->OnCommit([&] { ++runs; });
  }
  auto failed = InTransaction(store(), [&](Transaction& tx) -> Result<void> {
    tx.OnCommit([&] { ++runs; });
    return Fail(MakeError(kTestFailure));
  });
  EXPECT_EQ(CodeOf(failed), "TEST_FAILURE");
  // A failed statement poisons the transaction, so its Commit() fails too.
  {
    LK_ASSERT_OK_AND_ASSIGN(auto tx, store().Begin());
    tx->OnCommit([&] { ++runs; });
    EXPECT_FALSE(tx->Exec("SELEC 1").has_value());
    EXPECT_FALSE(tx->Commit().has_value());
  }
  EXPECT_EQ(runs, 0);
}

TEST_P(StoreContractTest, OnCommitHooksSkippedWhenCommitFails) {
  LK_ASSERT_OK(RunSql(store(), kParentsTable));
  LK_ASSERT_OK(RunSql(store(), kChildrenTable));
  int runs = 0;
  {
    LK_ASSERT_OK_AND_ASSIGN(auto tx, store().Begin());
    tx->OnCommit([&] { ++runs; });
    LK_ASSERT_OK(tx->Exec("INSERT INTO children (id, parent_id) VALUES (1, 99)"));  // deferred
    auto committed = tx->Commit();
    ASSERT_FALSE(committed.has_value());
    EXPECT_EQ(committed.error().kind, ErrorKind::kConflict) << DescribeError(committed.error());
    EXPECT_FALSE(tx->Commit().has_value());
  }
  EXPECT_EQ(runs, 0);
  EXPECT_EQ(CountRows(store(), "children").value_or(-1), 0);
  LK_ASSERT_OK(RunSql(store(), "INSERT INTO parents (id) VALUES (99)"));  // the writer is free
}

TEST_P(StoreContractTest, OnCommitHooksSkippedWhenDeferredUniqueFailsAtCommit) {
  LK_REQUIRE_DIALECT(Dialect::kPostgres, "SQLite has no deferrable UNIQUE constraints");
  LK_ASSERT_OK(RunSql(store(),
                      "CREATE TABLE handles (id BIGINT PRIMARY KEY, "
                      "name TEXT UNIQUE DEFERRABLE INITIALLY DEFERRED)"));
  Inbox inbox;
  const std::string channel = NewChannel();
  LK_ASSERT_OK_AND_ASSIGN(auto subscription,
                          store().Subscribe(channel, inbox.OnMessage(), inbox.OnState()));
  int runs = 0;
  auto result = InTransaction(store(), [&](Transaction& tx) -> Result<void> {
    tx.OnCommit([&] { ++runs; });
    LK_TRY(tx.Notify(channel, "lost"));
    LK_TRY(tx.Exec("INSERT INTO handles (id, name) VALUES (1, 'a'), (2, 'a')"));
    return {};
  });
  EXPECT_EQ(CodeOf(result), "STORE_CONFLICT");
  EXPECT_EQ(runs, 0);
  LK_ASSERT_OK(Send(store(), channel, {"after"}));
  EXPECT_EQ(inbox.WaitMessages(1), std::vector<std::string>{"after"});
}

TEST_P(StoreContractTest, NotifyAndSubscribeCheckTheirArguments) {
  LK_ASSERT_OK_AND_ASSIGN(auto tx, store().Begin());
  const std::vector<std::string> bad = {
      "",          "Sessions", "1st",         "has-dash",
      "has space", "quote\"d", "caf\xC3\xA9", std::string(64, 'a')};
  for (const std::string& channel : bad) {
    EXPECT_EQ(CodeOf(tx->Notify(channel, "x")), "STORE_INVALID_CHANNEL") << channel;
    EXPECT_EQ(CodeOf(store().Subscribe(channel, nullptr, nullptr)), "STORE_INVALID_CHANNEL")
        << channel;
  }
  const std::string channel = NewChannel();
  auto too_long = tx->Notify(channel, std::string(Transaction::kMaxNotifyPayload + 1, 'x'));
  EXPECT_EQ(CodeOf(too_long), "STORE_INVALID_NOTIFICATION");
  EXPECT_EQ(KindOf(too_long), ErrorKind::kInvalidArgument);
  EXPECT_EQ(CodeOf(tx->Notify(channel, std::string("a\0b", 3))), "STORE_INVALID_NOTIFICATION");
  // Refused arguments never reach the database, so the transaction lives on.
  LK_ASSERT_OK(tx->Notify("_" + std::string(62, 'z'), ""));
  LK_ASSERT_OK(tx->Notify(channel, std::string(Transaction::kMaxNotifyPayload, 'x')));
  LK_ASSERT_OK(tx->Commit());
}

TEST_P(StoreContractTest, SqliteNotifyIsSilentAndSubscribeIsLiveAtOnce) {
  LK_REQUIRE_DIALECT(Dialect::kSqlite, "on PostgreSQL notifications are delivered");
  Inbox inbox;
  const std::string channel = NewChannel();
  LK_ASSERT_OK_AND_ASSIGN(auto subscription,
                          store().Subscribe(channel, inbox.OnMessage(), inbox.OnState()));
  EXPECT_EQ(inbox.states(), std::vector<bool>{true});
  LK_ASSERT_OK(Send(store(), channel, {"hello"}));
  std::this_thread::sleep_for(kQuiet);
  subscription.reset();
  EXPECT_TRUE(inbox.messages().empty());
  EXPECT_EQ(inbox.states(), std::vector<bool>{true});
}

TEST_P(StoreContractTest, SubscriberReceivesCommittedNotifications) {
  LK_REQUIRE_DIALECT(Dialect::kPostgres, "SQLite delivers no notifications");
  Inbox inbox;
  Inbox other_channel;
  const std::string channel = NewChannel();
  LK_ASSERT_OK_AND_ASSIGN(auto subscription,
                          store().Subscribe(channel, inbox.OnMessage(), inbox.OnState()));
  EXPECT_EQ(inbox.states(), std::vector<bool>{true});  // before Subscribe returned
  LK_ASSERT_OK_AND_ASSIGN(auto elsewhere, store().Subscribe(NewChannel(), other_channel.OnMessage(),
                                                            other_channel.OnState()));
  // Another node: its own pool, its own connections.
  std::unique_ptr<Store> node = GetParam().factory();
  ASSERT_NE(node, nullptr);
  const auto sent_at = SteadyClock::now();
  LK_ASSERT_OK(Send(*node, channel, {"session:42"}));
  EXPECT_EQ(inbox.WaitMessages(1), std::vector<std::string>{"session:42"});
  EXPECT_LT(SteadyClock::now() - sent_at, milliseconds(1000));
  EXPECT_TRUE(other_channel.messages().empty());
  EXPECT_EQ(inbox.states(), std::vector<bool>{true});
}

TEST_P(StoreContractTest, NotificationPayloadsRoundTripExactlyAndInOrder) {
  LK_REQUIRE_DIALECT(Dialect::kPostgres, "SQLite delivers no notifications");
  Inbox inbox;
  const std::string channel = NewChannel();
  LK_ASSERT_OK_AND_ASSIGN(auto subscription,
                          store().Subscribe(channel, inbox.OnMessage(), inbox.OnState()));
  const std::vector<std::string> payloads = {
      "h\xC3\xA9llo \xE2\x80\x94 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x94\x91",
      "it's \"quoted\" ? $1 \\ backslash; DROP TABLE x; --",
      "",
      "line\nbreak\ttab",
      std::string(Transaction::kMaxNotifyPayload, 'x'),
  };
  LK_ASSERT_OK(Send(store(), channel, payloads));
  EXPECT_EQ(inbox.WaitMessages(payloads.size()), payloads);
}

TEST_P(StoreContractTest, RolledBackNotifyIsNeverDelivered) {
  LK_REQUIRE_DIALECT(Dialect::kPostgres, "SQLite delivers no notifications");
  static constexpr ErrorInfo kTestFailure{"TEST_FAILURE", ErrorKind::kFailedPrecondition, "no"};
  Inbox inbox;
  const std::string channel = NewChannel();
  LK_ASSERT_OK_AND_ASSIGN(auto subscription,
                          store().Subscribe(channel, inbox.OnMessage(), inbox.OnState()));
  {
    LK_ASSERT_OK_AND_ASSIGN(auto tx, store().Begin());
    LK_ASSERT_OK(tx->Notify(channel, "destroyed"));
  }
  auto failed = InTransaction(store(), [&](Transaction& tx) -> Result<void> {
    LK_TRY(tx.Notify(channel, "failed"));
    return Fail(MakeError(kTestFailure));
  });
  EXPECT_EQ(CodeOf(failed), "TEST_FAILURE");
  std::this_thread::sleep_for(kQuiet);
  EXPECT_TRUE(inbox.messages().empty());
  LK_ASSERT_OK(Send(store(), channel, {"committed"}));
  EXPECT_EQ(inbox.WaitMessages(1), std::vector<std::string>{"committed"});
}

TEST_P(StoreContractTest, DestroyingSubscriptionStopsDeliveryPromptly) {
  LK_REQUIRE_DIALECT(Dialect::kPostgres, "SQLite delivers no notifications");
  Inbox inbox;
  const std::string channel = NewChannel();
  LK_ASSERT_OK_AND_ASSIGN(auto subscription,
                          store().Subscribe(channel, inbox.OnMessage(), inbox.OnState()));
  LK_ASSERT_OK(Send(store(), channel, {"before"}));
  EXPECT_EQ(inbox.WaitMessages(1), std::vector<std::string>{"before"});
  const auto started = SteadyClock::now();
  subscription.reset();
  EXPECT_LT(SteadyClock::now() - started, milliseconds(2000));
  LK_ASSERT_OK(Send(store(), channel, {"after"}));
  std::this_thread::sleep_for(kQuiet);
  EXPECT_EQ(inbox.messages(), std::vector<std::string>{"before"});
  EXPECT_EQ(inbox.states(), std::vector<bool>{true});
}

TEST_P(StoreContractTest, SubscriptionReconnectsAfterItsConnectionDies) {
  LK_REQUIRE_DIALECT(Dialect::kPostgres, "a SQLite subscription has no connection");
  Inbox inbox;
  const std::string channel = NewChannel();
  LK_ASSERT_OK_AND_ASSIGN(auto subscription,
                          store().Subscribe(channel, inbox.OnMessage(), inbox.OnState()));
  // The listener's session: its application_name, and its last statement
  // names this test's channel.
  LK_ASSERT_OK_AND_ASSIGN(
      auto killed,
      store().QueryOnce("SELECT pg_terminate_backend(pid) AS killed "
                        "FROM pg_stat_activity WHERE application_name = ? "
                        "AND query = ?",
                        {std::string("latchkey-listener"), "LISTEN \"" + channel + "\""}));
  ASSERT_EQ(killed.size(), 1u);
  EXPECT_EQ(killed[0].GetBool("killed").value_or(false), true);
  EXPECT_EQ(inbox.WaitStates(3, milliseconds(5000)), (std::vector<bool>{true, false, true}));
  LK_ASSERT_OK(Send(store(), channel, {"again"}));
  EXPECT_EQ(inbox.WaitMessages(1), std::vector<std::string>{"again"});
}

}  // namespace
}  // namespace latchkey::store::testing

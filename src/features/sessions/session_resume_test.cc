// The change feed coming back after an outage (docs/architecture.md, "Caches
// and the change feed"): what was announced meanwhile is lost, so the session
// cache starts empty and the invalidation listeners (the realtime service's
// WebSockets) hear kResumed once, so that a revocation made on another node
// during the gap is honoured. The store's subscription state is driven by the
// test, as a PostgreSQL listener's would be by its connection.
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <vector>

#include "features/sessions/session_service.h"
#include "features/users/user_store.h"
#include "features/users/users_feature.h"

namespace latchkey::sessions {

std::span<const store::Migration> EmbeddedMigrations();  // sessions_feature.cc

namespace {

constexpr TimeMs kStart = TimeMs{1'800'000'000'000};

// SQLite underneath; Subscribe() hands the state callback to the test.
class SwitchableStore final : public store::Store {
 public:
  explicit SwitchableStore(std::unique_ptr<store::Store> inner) : inner_(std::move(inner)) {}
  store::Dialect dialect() const override { return inner_->dialect(); }
  Result<std::unique_ptr<store::Transaction>> Begin() override { return inner_->Begin(); }
  Result<std::unique_ptr<store::Transaction>> BeginRead() override { return inner_->BeginRead(); }
  Result<std::vector<store::Row>> QueryOnce(std::string_view sql,
                                            std::span<const store::Value> args) override {
    return inner_->QueryOnce(sql, args);
  }
  Result<void> Migrate(std::span<const store::Migration> migrations) override {
    return inner_->Migrate(migrations);
  }
  Result<std::vector<std::string>> AppliedMigrations() override {
    return inner_->AppliedMigrations();
  }
  Result<std::unique_ptr<store::Subscription>> Subscribe(
      std::string /*channel*/, std::function<void(std::string_view)> /*on_message*/,
      std::function<void(bool)> on_state) override {
    on_state_ = std::move(on_state);
    on_state_(true);
    return std::make_unique<store::Subscription>();
  }
  // What the listener reports when its connection fails (false) or listens
  // again (true).
  void SetLive(bool live) { on_state_(live); }

 private:
  std::unique_ptr<store::Store> inner_;
  std::function<void(bool)> on_state_;
};

class SessionResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::Open({"sqlite::memory:"});
    ASSERT_TRUE(opened);
    store_ = std::make_unique<SwitchableStore>(std::move(*opened));
    std::vector<store::Migration> migrations;
    for (const auto& m : users::UsersFeature().Migrations()) migrations.push_back(m);
    for (const auto& m : EmbeddedMigrations()) migrations.push_back(m);
    ASSERT_TRUE(store_->Migrate(migrations));
    feed_ = std::make_unique<change_feed::ChangeFeed>(*store_);
    service_ = std::make_unique<SessionService>(config_, clock_, *store_, *feed_);
    service_->AddInvalidationListener([this](const InvalidationEvent& event) {
      std::lock_guard lock(mu_);
      heard_.push_back(event.kind);
    });
    ASSERT_TRUE(store::InTransaction(*store_, [&](store::Transaction& tx) {
      return users::CreateUser(tx, {.id = "u1",
                                    .name = "Ada",
                                    .email = "ada@example.com",
                                    .created_at = kStart,
                                    .updated_at = kStart});
    }));
  }
  void TearDown() override {
    service_.reset();
    feed_.reset();
  }

  std::vector<InvalidationEvent::Kind> Heard() {
    std::lock_guard lock(mu_);
    return heard_;
  }

  Config config_;
  FakeClock clock_{kStart};
  std::unique_ptr<SwitchableStore> store_;
  std::unique_ptr<change_feed::ChangeFeed> feed_;
  std::unique_ptr<SessionService> service_;
  std::mutex mu_;
  std::vector<InvalidationEvent::Kind> heard_;  // GUARDED_BY(mu_)
};

TEST_F(SessionResumeTest, ListenersHearResumedOnceAfterAnOutageNeverAtStart) {
  using Kind = InvalidationEvent::Kind;
  EXPECT_TRUE(Heard().empty());  // the first subscription is not a resume
  store_->SetLive(false);
  EXPECT_TRUE(Heard().empty());
  store_->SetLive(true);
  EXPECT_EQ(Heard(), std::vector<Kind>{Kind::kResumed});
  store_->SetLive(true);  // live again without an outage in between: nothing lost
  EXPECT_EQ(Heard(), std::vector<Kind>{Kind::kResumed});
}

// ASVS 3.3.1 across nodes: a session deleted while this node was not
// listening (no announcement reaches it) is not served from its cache after.
TEST_F(SessionResumeTest, ARevocationMissedDuringTheOutageIsNotServedFromTheCache) {
  auto created = store::InTransaction(*store_, [&](store::Transaction& tx) {
    return service_->CreateSession(tx, "u1", {.remember = true}, http::Request{});
  });
  ASSERT_TRUE(created);
  const std::string token = created->token;
  for (int i = 0; i < 2; ++i) {  // the second lookup is a cache hit
    auto found = service_->Resolve(token);
    ASSERT_TRUE(found);
    ASSERT_TRUE(found->has_value());
  }
  store_->SetLive(false);
  // Another node deletes the row; its notice is lost with the connection.
  ASSERT_TRUE(store::InTransaction(*store_, [&](store::Transaction& tx) -> Result<void> {
    const store::Value args[] = {created->id};
    LK_TRY(tx.Exec("DELETE FROM sessions WHERE id = ?", args));
    return {};
  }));
  store_->SetLive(true);
  auto found = service_->Resolve(token);
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
}

}  // namespace
}  // namespace latchkey::sessions

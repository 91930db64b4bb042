// The absolute session lifetime (ASVS 3.3.2, session_absolute_lifetime): the
// sliding refresh never carries a session past created_at + the limit, and a
// lookup after that finds nothing, even for a row written without the cap.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "features/sessions/session_service.h"
#include "features/users/user_store.h"
#include "features/users/users_feature.h"

namespace latchkey::sessions {

std::span<const store::Migration> EmbeddedMigrations();  // sessions_feature.cc

namespace {

constexpr TimeMs kDay = TimeMs{86400} * 1000;
constexpr TimeMs kStart = TimeMs{1'800'000'000'000};

class SessionLifetimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SessionSettings& settings = config_.Mutable<SessionSettings>();
    settings.session_expires_in_s = 7 * 86400;
    settings.session_update_age_s = 86400;
    settings.session_absolute_lifetime_s = 10 * 86400;
    auto opened = store::Store::Open({"sqlite::memory:"});
    ASSERT_TRUE(opened);
    store_ = std::move(*opened);
    std::vector<store::Migration> migrations;
    for (const auto& m : users::UsersFeature().Migrations()) migrations.push_back(m);
    for (const auto& m : EmbeddedMigrations()) migrations.push_back(m);
    ASSERT_TRUE(store_->Migrate(migrations));
    feed_ = std::make_unique<change_feed::ChangeFeed>(*store_);
    service_ = std::make_unique<SessionService>(config_, clock_, *store_, *feed_);
    ASSERT_TRUE(store::InTransaction(*store_, [&](store::Transaction& tx) {
      return users::CreateUser(tx, {.id = "u1",
                                    .name = "Ada",
                                    .email = "ada@example.com",
                                    .created_at = kStart,
                                    .updated_at = kStart});
    }));
  }

  Session Create() {
    auto created = store::InTransaction(*store_, [&](store::Transaction& tx) {
      return service_->CreateSession(tx, "u1", {.remember = true}, http::Request{});
    });
    EXPECT_TRUE(created);
    return *created;
  }

  std::optional<SessionWithUser> Find(const std::string& token) {
    auto found = store::InTransaction(
        *store_, [&](store::Transaction& tx) { return service_->FindByToken(tx, token); });
    EXPECT_TRUE(found);
    return *found;
  }

  void Extend(Session& session) {
    ASSERT_TRUE(store::InTransaction(
        *store_, [&](store::Transaction& tx) { return service_->Extend(tx, session); }));
  }

  Config config_;
  FakeClock clock_{kStart};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<change_feed::ChangeFeed> feed_;
  std::unique_ptr<SessionService> service_;
};

// ASVS 3.3.2: activity cannot keep a session alive past its absolute end.
TEST_F(SessionLifetimeTest, SlidingRefreshStopsAtTheAbsoluteEnd) {
  Session session = Create();
  EXPECT_EQ(session.expires_at, kStart + 7 * kDay);
  clock_.Advance(2 * kDay);
  auto found = Find(session.token);
  ASSERT_TRUE(found);
  ASSERT_TRUE(service_->NeedsRefresh(found->session));
  Extend(found->session);
  EXPECT_EQ(found->session.expires_at, kStart + 9 * kDay);
  clock_.Advance(2 * kDay);
  found = Find(session.token);
  ASSERT_TRUE(found);
  Extend(found->session);
  EXPECT_EQ(found->session.expires_at, kStart + 10 * kDay) << "capped, not day 11";
  clock_.Advance(2 * kDay);
  found = Find(session.token);
  ASSERT_TRUE(found);
  EXPECT_FALSE(service_->NeedsRefresh(found->session)) << "nothing left to extend: no write";
  clock_.Set(kStart + 10 * kDay);
  EXPECT_FALSE(Find(session.token));
}

TEST_F(SessionLifetimeTest, ShortLimitCapsANewSession) {
  config_.Mutable<SessionSettings>().session_absolute_lifetime_s = 3600;
  service_ = std::make_unique<SessionService>(config_, clock_, *store_, *feed_);  // reads it once
  Session session = Create();
  EXPECT_EQ(session.expires_at, kStart + 3600 * 1000);
  clock_.Advance(3600 * 1000 - 1);
  EXPECT_TRUE(Find(session.token));
  clock_.Advance(1);
  EXPECT_FALSE(Find(session.token));
}

// A row written before the limit was set (or lowered) ends at the limit too,
// and get-session's clean-up deletes it.
TEST_F(SessionLifetimeTest, UncappedRowEndsAtTheLimitAndIsDeleted) {
  Session session = Create();
  ASSERT_TRUE(store::InTransaction(*store_, [&](store::Transaction& tx) -> Result<void> {
    LK_TRY(tx.Exec("UPDATE sessions SET expires_at = ? WHERE id = ?",
                   {kStart + 40 * kDay, session.id}));
    return {};
  }));
  clock_.Set(kStart + 10 * kDay - 1);
  auto found = Find(session.token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->session.expires_at, kStart + 10 * kDay) << "what the API reports";
  clock_.Set(kStart + 10 * kDay);
  EXPECT_FALSE(Find(session.token));
  auto listed = store::InTransaction(
      *store_, [&](store::Transaction& tx) { return service_->ListUserSessions(tx, "u1"); });
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
  ASSERT_TRUE(store::InTransaction(*store_, [&](store::Transaction& tx) {
    return service_->DeleteExpiredByToken(tx, session.token);
  }));
  auto rows = store::InTransaction(*store_, [&](store::Transaction& tx) {
    return tx.Query("SELECT id FROM sessions WHERE id = ?", {session.id});
  });
  ASSERT_TRUE(rows);
  EXPECT_TRUE(rows->empty());
}

TEST_F(SessionLifetimeTest, ZeroTurnsTheLimitOff) {
  config_.Mutable<SessionSettings>().session_absolute_lifetime_s = 0;
  service_ = std::make_unique<SessionService>(config_, clock_, *store_, *feed_);  // reads it once
  Session session = Create();
  for (int week = 1; week <= 8; ++week) {
    clock_.Advance(6 * kDay);
    auto found = Find(session.token);
    ASSERT_TRUE(found) << "week " << week;
    Extend(found->session);
    EXPECT_EQ(found->session.expires_at, clock_.NowMs() + 7 * kDay);
  }
}

TEST_F(SessionLifetimeTest, FindLiveSessionHonoursTheLimit) {
  Session session = Create();
  auto live = [&] {
    auto found = store::InTransaction(
        *store_, [&](store::Transaction& tx) { return service_->FindLiveSession(tx, session.id); });
    EXPECT_TRUE(found);
    return found->has_value();
  };
  EXPECT_TRUE(live());
  clock_.Set(kStart + 7 * kDay);
  EXPECT_FALSE(live());
}

}  // namespace
}  // namespace latchkey::sessions

#include "features/realtime/hub.h"

#include <gtest/gtest.h>

#include "features/realtime/events.h"

namespace latchkey::realtime {
namespace {

class FakeSession final : public http::WebSocketSession {
 public:
  bool Send(std::string text) override {
    sent.push_back(std::move(text));
    return true;
  }
  void Close(int code, std::string reason) override { closed = code; }
  std::vector<std::string> sent;
  int closed = 0;
};

Principal Make(std::string user, std::string session, TimeMs expires_at = 1000) {
  Principal p;
  p.user_id = std::move(user);
  p.session_id = session;
  p.token = "tok-" + session;
  p.token_hash = "hash-" + session;
  p.expires_at = expires_at;
  return p;
}

TEST(HubTest, LimitsSocketsPerUser) {
  Hub hub(2);
  EXPECT_TRUE(hub.Reserve("u1"));
  EXPECT_TRUE(hub.Reserve("u1"));
  EXPECT_FALSE(hub.Reserve("u1"));  // the third is refused
  EXPECT_TRUE(hub.Reserve("u2"));   // other users are not affected
  EXPECT_EQ(hub.held("u1"), 2u);
  hub.Release("u1");
  EXPECT_TRUE(hub.Reserve("u1"));
}

TEST(HubTest, RemovingASocketFreesItsSlotOnce) {
  Hub hub(1);
  ASSERT_TRUE(hub.Reserve("u1"));
  const Hub::SocketId id = hub.Add(Make("u1", "s1"), std::make_shared<FakeSession>());
  EXPECT_FALSE(hub.Reserve("u1"));
  EXPECT_EQ(hub.open(), 1u);
  EXPECT_TRUE(hub.Remove(id));
  EXPECT_FALSE(hub.Remove(id));  // a second remove (close after revoke) is a no-op
  EXPECT_EQ(hub.held("u1"), 0u);
  EXPECT_EQ(hub.open(), 0u);
  EXPECT_TRUE(hub.Reserve("u1"));
}

// At shutdown the hub lets go of every session while the server that runs
// them still exists; a close that arrives afterwards finds nothing.
TEST(HubTest, ClearLetsGoOfEverySession) {
  Hub hub(2);
  ASSERT_TRUE(hub.Reserve("u1"));
  auto session = std::make_shared<FakeSession>();
  const Hub::SocketId id = hub.Add(Make("u1", "s1"), session);
  EXPECT_EQ(session.use_count(), 2);
  hub.Clear();
  EXPECT_EQ(session.use_count(), 1) << "the hub holds no session any more";
  EXPECT_EQ(hub.open(), 0u);
  EXPECT_EQ(hub.held("u1"), 0u);
  EXPECT_FALSE(hub.Remove(id));
  EXPECT_TRUE(hub.ByUser("u1").empty());
}

TEST(HubTest, FindsSocketsByUserSessionAndToken) {
  Hub hub(10);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(hub.Reserve("u1"));
  ASSERT_TRUE(hub.Reserve("u2"));
  hub.Add(Make("u1", "s1"), std::make_shared<FakeSession>());
  hub.Add(Make("u1", "s1"), std::make_shared<FakeSession>());
  hub.Add(Make("u1", "s2"), std::make_shared<FakeSession>());
  hub.Add(Make("u2", "s3"), std::make_shared<FakeSession>());
  EXPECT_EQ(hub.ByUser("u1").size(), 3u);
  EXPECT_EQ(hub.ByUser("nobody").size(), 0u);
  EXPECT_EQ(hub.BySession("s1").size(), 2u);
  EXPECT_EQ(hub.ByTokenHash("hash-s2").size(), 1u);
  EXPECT_EQ(hub.ByTokenHash("hash-s2").front().principal.user_id, "u1");
  EXPECT_EQ(hub.All().size(), 4u);  // what a resumed change feed re-checks
}

TEST(HubTest, TracksTheEarliestExpiry) {
  Hub hub(10);
  EXPECT_EQ(hub.NextExpiry(), 0);
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(hub.Reserve("u1"));
  const Hub::SocketId late = hub.Add(Make("u1", "s1", 5000), std::make_shared<FakeSession>());
  const Hub::SocketId early = hub.Add(Make("u1", "s2", 2000), std::make_shared<FakeSession>());
  EXPECT_EQ(hub.NextExpiry(), 2000);
  EXPECT_EQ(hub.ExpiredAt(2000).size(), 1u);
  hub.Update(early, 9000, "{}");  // the session was extended
  EXPECT_EQ(hub.NextExpiry(), 5000);
  EXPECT_TRUE(hub.ExpiredAt(2000).empty());
  hub.Remove(late);
  EXPECT_EQ(hub.NextExpiry(), 9000);
}

TEST(EventsTest, Shapes) {
  EXPECT_EQ(SessionRevokedEvent("s1", EndReason::kExpired),
            R"({"type":"session.revoked","sessionId":"s1","reason":"expired"})");
  EXPECT_EQ(UserUpdatedEvent(R"({"id":"u"})"), R"({"type":"user.updated","user":{"id":"u"}})");
  EXPECT_TRUE(IsPingMessage(R"( {"type": "ping"} )"));
  EXPECT_FALSE(IsPingMessage(R"({"type":"pong"})"));
  EXPECT_FALSE(IsPingMessage("ping"));
  EXPECT_FALSE(IsPingMessage(R"(["ping"])"));
}

}  // namespace
}  // namespace latchkey::realtime

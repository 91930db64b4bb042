// Tests for mail/outbox.h: Enqueue commits with the caller's transaction and
// refuses addresses that could inject headers or recipients.
#include "mail/outbox.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace latchkey::mail {
namespace {

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/lk_mail_outbox_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto s = store::Store::Open({.url = "sqlite:" + dir_ + "/auth.db"});
    ASSERT_TRUE(s) << s.error().detail;
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate(Migrations()));
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::int64_t Count() {
    auto rows = store_->QueryOnce("SELECT COUNT(*) AS n FROM mail_outbox");
    return rows ? *(*rows)[0].GetInt("n") : -1;
  }
  Result<std::string> EnqueueTo(const std::string& to, const std::string& subject = "s") {
    return store::InTransaction(*store_, [&](store::Transaction& tx) {
      return Enqueue(tx, clock_, Message{to, subject, "body", ""});
    });
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  FakeClock clock_{1'000'000};
};

TEST_F(OutboxTest, MigrationIdsArePrefixed) {
  ASSERT_FALSE(Migrations().empty());
  EXPECT_EQ(Migrations()[0].id, "mail/0001_create_mail_outbox");
}

TEST_F(OutboxTest, RolledBackEnqueueLeavesNoRow) {
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx);
    ASSERT_TRUE(Enqueue(**tx, clock_, Message{"a@b.test", "s", "t", ""}));
  }  // destroyed uncommitted: rolls back
  EXPECT_EQ(Count(), 0);
}

TEST_F(OutboxTest, CommittedEnqueueIsQueuedAndDue) {
  auto id = EnqueueTo("a@b.test");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->size(), 32u);
  auto rows = store_->QueryOnce(
      "SELECT status, attempts, next_attempt_at, idempotency_key FROM mail_outbox WHERE id = ?",
      {*id});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(*(*rows)[0].GetString("status"), "queued");
  EXPECT_EQ(*(*rows)[0].GetInt("attempts"), 0);
  EXPECT_EQ(*(*rows)[0].GetInt("next_attempt_at"), 1'000'000);
  EXPECT_EQ((*(*rows)[0].GetString("idempotency_key")).size(), 32u);
}

// Security: header injection: CR/LF in To is refused, so a caller-supplied
// address cannot add a Bcc header or SMTP command.
TEST_F(OutboxTest, HeaderInjectionCrLfInToRefused) {
  for (const char* to :
       {"a@b.test\r\nBcc: x@evil.test", "a@b.test\nBcc: x@evil.test", "a@b.test\rX: y"}) {
    auto r = EnqueueTo(to);
    ASSERT_FALSE(r) << to;
    EXPECT_EQ(r.error().code, "MAIL_INVALID_RECIPIENT");
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
  }
  EXPECT_EQ(Count(), 0);
}

// Security: exactly one recipient: lists, display names and angle brackets
// are refused, so one Enqueue can never mail a second address.
TEST_F(OutboxTest, SecondRecipientRefused) {
  for (const char* to : {"a@b.test, c@d.test", "a@b.test,c@d.test", "A <a@b.test>",
                         "a@b.test>,<c@d.test", "a@b@c.test", "", "nobody", "a @b.test"}) {
    auto r = EnqueueTo(to);
    ASSERT_FALSE(r) << to;
    EXPECT_EQ(r.error().code, "MAIL_INVALID_RECIPIENT");
  }
}

// Security: header injection: CR/LF in Subject refused.
TEST_F(OutboxTest, HeaderInjectionCrLfInSubjectRefused) {
  auto r = EnqueueTo("a@b.test", "hi\r\nBcc: x@evil.test");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "MAIL_INVALID_MESSAGE");
}

}  // namespace
}  // namespace latchkey::mail

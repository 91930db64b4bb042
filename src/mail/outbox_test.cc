// Tests for mail/outbox.h and mail/outbox_keys.h: Enqueue commits with the
// caller's transaction, stores bodies only sealed, and refuses addresses that
// could inject headers or recipients.
#include "mail/outbox.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace latchkey::mail {
namespace {

constexpr std::string_view kToken = "Tok3nRes3tLinkCanary0123456789ab";
const std::string kLink = "https://app.test/api/auth/reset-password/" + std::string(kToken);

// Everything SQLite holds on disk: the file and its WAL (an overwritten value
// may survive in a page or frame).
std::string DatabaseBytes(const std::string& dir) {
  std::string all;
  for (const char* name : {"/auth.db", "/auth.db-wal", "/auth.db-journal"}) {
    std::ifstream in(dir + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    all += ss.str();
  }
  return all;
}

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
      return Enqueue(tx, clock_, keys_, Message{to, subject, "body", ""});
    });
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  FakeClock clock_{1'000'000};
  OutboxKeys keys_ = OutboxKeysFromSecrets("outbox-test-secret-0123456789abcdef0123", {});
};

TEST_F(OutboxTest, MigrationIdsArePrefixed) {
  ASSERT_FALSE(Migrations().empty());
  EXPECT_EQ(Migrations()[0].id, "mail/0001_create_mail_outbox");
  ASSERT_GE(Migrations().size(), 2u);
  EXPECT_EQ(Migrations()[1].id, "mail/0002_seal_mail_outbox");
}

TEST_F(OutboxTest, RolledBackEnqueueLeavesNoRow) {
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx);
    ASSERT_TRUE(Enqueue(**tx, clock_, keys_, Message{"a@b.test", "s", "t", ""}));
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

// ASVS 2.7.5 / 8.3.7: a queued mail's link (a live one-time token) is never
// stored in clear text: no column and no byte of the database file or its WAL
// holds it; the bodies are AES-256-GCM ciphertexts under the current key,
// whose id sits beside them.
TEST_F(OutboxTest, QueuedRowHoldsNoLinkOrToken) {
  auto id = store::InTransaction(*store_, [&](store::Transaction& tx) {
    return Enqueue(tx, clock_, keys_,
                   Message{"a@b.test", "Reset your password", "Open " + kLink,
                           "<a href=\"" + kLink + "\">reset</a>"});
  });
  ASSERT_TRUE(id);
  auto rows = store_->QueryOnce("SELECT * FROM mail_outbox WHERE id = ?", {*id});
  ASSERT_TRUE(rows && rows->size() == 1);
  const store::Row& row = (*rows)[0];
  for (const char* column : {"id", "idempotency_key", "to_address", "subject", "text_body",
                             "html_body", "body_key_id", "last_error", "status"}) {
    auto value = row.GetNullableString(column);
    ASSERT_TRUE(value) << column;
    EXPECT_EQ(value->value_or("").find(kToken), std::string::npos) << column;
  }
  EXPECT_EQ(DatabaseBytes(dir_).find(kToken), std::string::npos);
  auto current = keys_.current();
  ASSERT_TRUE(current);
  EXPECT_EQ(*row.GetNullableString("body_key_id"), std::optional<std::string>(current->id));
  EXPECT_EQ(*row.GetString("subject"), "Reset your password");  // readable for operations
  EXPECT_EQ(*row.GetString("to_address"), "a@b.test");
  auto text = OpenBody(current->key, current->id, *id, kTextPart, *row.GetString("text_body"));
  ASSERT_TRUE(text) << text.error().detail;
  EXPECT_EQ(*text, "Open " + kLink);
}

// A ciphertext is bound to its row and part: copied to another row, or read
// as the other part, it does not open.
TEST_F(OutboxTest, SealedBodyIsBoundToItsRowAndPart) {
  auto current = keys_.current();
  ASSERT_TRUE(current);
  auto sealed = SealBody(*current, "row-a", kTextPart, kLink);
  ASSERT_TRUE(sealed);
  EXPECT_TRUE(OpenBody(current->key, current->id, "row-a", kTextPart, *sealed));
  auto moved = OpenBody(current->key, current->id, "row-b", kTextPart, *sealed);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code, "DECRYPTION_FAILED");
  EXPECT_FALSE(OpenBody(current->key, current->id, "row-a", kHtmlPart, *sealed));
  EXPECT_FALSE(OpenBody(current->key, "other-key-id", "row-a", kTextPart, *sealed));
}

// Without a key (no secret) nothing is queued: a mail is never stored in clear.
TEST_F(OutboxTest, NoKeyNoRow) {
  OutboxKeys none = OutboxKeysFromSecrets("", {});
  auto r = store::InTransaction(*store_, [&](store::Transaction& tx) {
    return Enqueue(tx, clock_, none, Message{"a@b.test", "s", kLink, ""});
  });
  EXPECT_FALSE(r);
  EXPECT_FALSE(store::InTransaction(*store_, [&](store::Transaction& tx) {
    return Enqueue(tx, clock_, OutboxKeys{}, Message{"a@b.test", "s", kLink, ""});
  }));
  EXPECT_EQ(Count(), 0);
}

// Key ids name a secret stably without revealing it; older secrets' keys are
// found by id, unknown ids are not.
TEST_F(OutboxTest, KeysFromSecretsFindCurrentAndPreviousById) {
  const std::string old_secret = "old-outbox-secret-0123456789abcdef0123456";
  const std::string new_secret = "new-outbox-secret-0123456789abcdef0123456";
  OutboxKeys before = OutboxKeysFromSecrets(old_secret, {});
  const std::vector<std::string> previous = {old_secret};
  OutboxKeys after = OutboxKeysFromSecrets(new_secret, previous);
  auto old_key = before.current();
  auto new_key = after.current();
  ASSERT_TRUE(old_key && new_key);
  EXPECT_EQ(old_key->id.size(), 16u);
  EXPECT_NE(old_key->id, new_key->id);
  EXPECT_EQ(old_key->id, OutboxKeysFromSecrets(old_secret, {}).current()->id);  // stable
  EXPECT_EQ(old_key->id.find(old_secret.substr(0, 8)), std::string::npos);
  auto sealed = SealBody(*old_key, "r", kTextPart, "hello");
  ASSERT_TRUE(sealed);
  auto found = after.find(old_key->id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*OpenBody(*found, old_key->id, "r", kTextPart, *sealed), "hello");
  EXPECT_TRUE(after.find(new_key->id).has_value());
  EXPECT_FALSE(before.find(new_key->id).has_value());
  EXPECT_FALSE(after.find("0000000000000000").has_value());
}

}  // namespace
}  // namespace latchkey::mail

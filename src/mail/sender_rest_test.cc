// Tests for the outbox at rest (mail/sender.h with mail/outbox_keys.h): the
// sender opens sealed rows (also under an older secret) and legacy clear-text
// ones, scrubs every finished row, and purges finished rows past the
// retention. All in .eml mode: no SMTP server needed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "crypto/encoding.h"
#include "mail/outbox.h"
#include "mail/sender.h"

namespace latchkey::mail {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr TimeMs kDayMs = TimeMs{24} * 3600 * 1000;
constexpr std::string_view kToken = "Res3tTok3nCanary0123456789abcdef";
const std::string kLink = "https://app.test/api/auth/reset-password/" + std::string(kToken);

bool WaitFor(const std::function<bool()>& cond, milliseconds limit = milliseconds(8000)) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return cond();
}

class SenderRestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/lk_mail_rest_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto s = store::Store::Open({.url = "sqlite:" + dir_ + "/auth.db"});
    ASSERT_TRUE(s) << s.error().detail;
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate(Migrations()));
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  SenderOptions EmlOptions(OutboxKeys keys) {
    SenderOptions o;
    o.keys = std::move(keys);
    o.eml_dir = dir_ + "/eml";
    o.poll_interval = milliseconds(20);
    o.purge_interval = milliseconds(20);
    return o;
  }
  std::string EnqueueReset(const OutboxKeys& keys) {
    auto id = store::InTransaction(*store_, [&](store::Transaction& tx) {
      return Enqueue(tx, clock_, keys,
                     Message{"user@example.test", "Reset your password", "Open " + kLink,
                             "<a href=\"" + kLink + "\">reset</a>"});
    });
    EXPECT_TRUE(id);
    return id ? *id : "";
  }
  // A row written directly, as an older version (or the purge's past) left it.
  void InsertRow(const std::string& id, TimeMs created_at, const std::string& status,
                 TimeMs next_attempt_at, const std::string& text = "t") {
    auto inserted = store::InTransaction(*store_, [&](store::Transaction& tx) {
      return tx.Exec(
          "INSERT INTO mail_outbox (id, created_at, idempotency_key, to_address, subject, "
          "text_body, html_body, status, attempts, next_attempt_at) "
          "VALUES (?, ?, ?, 'user@example.test', 's', ?, '', ?, 0, ?)",
          {id, created_at, "key-" + id, text, status, next_attempt_at});
    });
    ASSERT_TRUE(inserted) << inserted.error().detail;
  }
  std::optional<store::Row> Row(const std::string& id) {
    auto rows = store_->QueryOnce("SELECT * FROM mail_outbox WHERE id = ?", {id});
    if (!rows || rows->empty()) return std::nullopt;
    return (*rows)[0];
  }
  std::string Status(const std::string& id) {
    auto row = Row(id);
    return row ? row->GetString("status").value_or("") : "gone";
  }
  // A finished row keeps its metadata and no body.
  void ExpectScrubbed(const std::string& id) {
    auto row = Row(id);
    ASSERT_TRUE(row);
    EXPECT_EQ(*row->GetString("text_body"), "");
    EXPECT_EQ(*row->GetString("html_body"), "");
    EXPECT_EQ(*row->GetNullableString("body_key_id"), std::nullopt);
    EXPECT_EQ(*row->GetString("to_address"), "user@example.test");
    EXPECT_FALSE(row->GetString("subject")->empty());
  }
  // Every .eml written, CR/LF removed so that base64 bodies are contiguous.
  std::string EmlText() {
    std::string all;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_ + "/eml", ec)) {
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      all += ss.str();
    }
    std::erase(all, '\r');
    std::erase(all, '\n');
    return all;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  SystemClock clock_;
  OutboxKeys keys_ = OutboxKeysFromSecrets("rest-test-secret-0123456789abcdef012345", {});
};

// ASVS 2.7.5: once sent, the row no longer holds the link (bodies emptied);
// recipient and subject stay for operations. The mail itself carried it.
TEST_F(SenderRestTest, SentRowIsScrubbed) {
  std::string id = EnqueueReset(keys_);
  auto sender = Sender::Start(EmlOptions(keys_), *store_, clock_);
  ASSERT_TRUE(sender) << sender.error().detail;
  ASSERT_TRUE(WaitFor([&] { return Status(id) == "sent"; }));
  ExpectScrubbed(id);
  EXPECT_NE(EmlText().find(crypto::Base64Encode("Open " + kLink)), std::string::npos);  // opened
}

// ASVS 2.7.5: a row given up on is scrubbed too.
TEST_F(SenderRestTest, DeadRowIsScrubbed) {
  std::string id = EnqueueReset(keys_);
  SenderOptions o = EmlOptions(keys_);
  std::ofstream(dir_ + "/not-a-dir") << "x";
  o.eml_dir = dir_ + "/not-a-dir/eml";  // cannot be created: every attempt fails
  o.max_attempts = 1;
  auto sender = Sender::Start(o, *store_, clock_);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(WaitFor([&] { return Status(id) == "dead"; }));
  ExpectScrubbed(id);
  EXPECT_FALSE(Row(id)->GetNullableString("last_error")->value_or("").empty());
}

// A secret rotation does not lose queued mail: a row sealed under the
// previous secret opens with the keyring that still holds it.
TEST_F(SenderRestTest, RowSealedUnderAnOlderKeyStillSends) {
  const std::string old_secret = "rest-test-old-secret-0123456789abcdef0123";
  std::string id = EnqueueReset(OutboxKeysFromSecrets(old_secret, {}));
  const std::vector<std::string> previous = {old_secret};
  auto sender = Sender::Start(
      EmlOptions(OutboxKeysFromSecrets("rest-test-new-secret-0123456789abcd", previous)), *store_,
      clock_);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(WaitFor([&] { return Status(id) == "sent"; }));
  EXPECT_NE(EmlText().find(crypto::Base64Encode("Open " + kLink)), std::string::npos);
  ExpectScrubbed(id);
}

// A node that does not hold the row's key (mid rotation) retries it with
// backoff rather than giving it up, and sends nothing.
TEST_F(SenderRestTest, RowUnderAnUnknownKeyIsRetriedNotDead) {
  std::string id = EnqueueReset(keys_);
  auto sender = Sender::Start(
      EmlOptions(OutboxKeysFromSecrets("rest-test-other-secret-0123456789abcdef", {})), *store_,
      clock_);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(WaitFor([&] { return Row(id)->GetInt("attempts").value_or(0) == 1; }));
  EXPECT_EQ(Status(id), "queued");
  std::string error = Row(id)->GetNullableString("last_error")->value_or("");
  EXPECT_NE(error.find("does not hold"), std::string::npos) << error;
  EXPECT_FALSE(Row(id)->GetString("text_body")->empty());  // still sendable elsewhere
  EXPECT_EQ(EmlText(), "");
}

// ASVS 8.3.7: a tampered ciphertext never opens and is given up on at once.
TEST_F(SenderRestTest, TamperedBodyIsDeadAtOnce) {
  std::string id = EnqueueReset(keys_);
  std::string other = EnqueueReset(keys_);
  auto moved = store::InTransaction(*store_, [&](store::Transaction& tx) {
    return tx.Exec(
        "UPDATE mail_outbox SET text_body = (SELECT text_body FROM mail_outbox WHERE id = ?) "
        "WHERE id = ?",
        {other, id});
  });
  ASSERT_TRUE(moved);
  auto sender = Sender::Start(EmlOptions(keys_), *store_, clock_);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(WaitFor([&] { return Status(id) == "dead" && Status(other) == "sent"; }));
  EXPECT_EQ(*Row(id)->GetInt("attempts"), 1);
  ExpectScrubbed(id);
}

// Rows queued before migration mail/0002 (body_key_id NULL, clear text) are
// still sent, then scrubbed like the others.
TEST_F(SenderRestTest, LegacyClearTextRowStillSends) {
  InsertRow("legacy", clock_.NowMs(), "queued", 0, "Legacy mail: " + kLink);
  auto sender = Sender::Start(EmlOptions(keys_), *store_, clock_);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(WaitFor([&] { return Status("legacy") == "sent"; }));
  EXPECT_NE(EmlText().find(crypto::Base64Encode("Legacy mail: " + kLink)), std::string::npos);
  ExpectScrubbed("legacy");
}

// ASVS 8.3.8: finished rows are deleted once older than the retention
// (counted from when they were queued); younger ones and queued ones stay.
TEST_F(SenderRestTest, PurgeDeletesOnlyFinishedRowsPastRetention) {
  FakeClock clock(100 * kDayMs);
  const TimeMs now = clock.NowMs();
  InsertRow("old-sent", now - 8 * kDayMs, "sent", 0);
  InsertRow("old-dead", now - 8 * kDayMs, "dead", 0);
  InsertRow("young-sent", now - 6 * kDayMs, "sent", 0);
  InsertRow("old-queued", now - 8 * kDayMs, "queued", now + 365 * kDayMs);  // not due yet
  SenderOptions o = EmlOptions(keys_);
  o.retention = std::chrono::hours(24 * 7);
  auto sender = Sender::Start(o, *store_, clock);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(
      WaitFor([&] { return Status("old-sent") == "gone" && Status("old-dead") == "gone"; }));
  std::this_thread::sleep_for(milliseconds(100));  // several more purges
  EXPECT_EQ(Status("young-sent"), "sent");
  EXPECT_EQ(Status("old-queued"), "queued");
  EXPECT_EQ((*sender)->Stats().purged.load(), 2);
  clock.Advance(2 * kDayMs);
  ASSERT_TRUE(WaitFor([&] { return Status("young-sent") == "gone"; }));
  EXPECT_EQ(Status("old-queued"), "queued");
}

// The purge works in bounded batches and still finishes a large backlog.
TEST_F(SenderRestTest, PurgeRunsInBatches) {
  FakeClock clock(100 * kDayMs);
  for (int i = 0; i < 25; ++i) InsertRow("r" + std::to_string(i), 0, "sent", 0);
  SenderOptions o = EmlOptions(keys_);
  o.purge_batch = 10;
  o.purge_interval = milliseconds(60000);  // only the "batch was full" path runs again
  auto sender = Sender::Start(o, *store_, clock);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(WaitFor([&] { return (*sender)->Stats().purged.load() == 25; }));
  auto rows = store_->QueryOnce("SELECT COUNT(*) AS n FROM mail_outbox");
  ASSERT_TRUE(rows);
  EXPECT_EQ(*(*rows)[0].GetInt("n"), 0);
}

}  // namespace
}  // namespace latchkey::mail

// Tests for mail/sender.h against a real SMTP server (Debian's
// python3-aiosmtpd with its Maildir handler) on loopback, and the .eml mode.
// The outbox at rest (sealed, scrubbed, purged) is in sender_rest_test.cc.
#include "mail/sender.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "crypto/encoding.h"
#include "mail/outbox.h"

namespace latchkey::mail {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool PortOpen(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

bool WaitFor(const std::function<bool()>& cond, milliseconds limit = milliseconds(8000)) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return cond();
}

// aiosmtpd writing every accepted mail into a maildir; killed on destruction.
class SmtpSink {
 public:
  SmtpSink(int port, std::string maildir) : port_(port), maildir_(std::move(maildir)) {}
  ~SmtpSink() { Stop(); }
  bool Start() {
    std::string listen = "127.0.0.1:" + std::to_string(port_);
    pid_ = fork();
    if (pid_ == 0) {
      // Quiet child; if /dev/null cannot be opened, the server just talks.
      if (std::freopen("/dev/null", "w", stdout) == nullptr) _exit(126);
      if (std::freopen("/dev/null", "w", stderr) == nullptr) _exit(126);
      execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen.c_str(), "-c",
            "aiosmtpd.handlers.Mailbox", maildir_.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    return pid_ > 0 && WaitFor([&] { return PortOpen(port_); });
  }
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  std::vector<std::string> Messages() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(fs::path(maildir_) / "new", ec)) {
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      out.push_back(ss.str());
    }
    return out;
  }

 private:
  int port_;
  std::string maildir_;
  pid_t pid_ = -1;
};

class SenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/lk_mail_sender_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto s = store::Store::Open({.url = "sqlite:" + dir_ + "/auth.db"});
    ASSERT_TRUE(s) << s.error().detail;
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate(Migrations()));
    port_ = FreePort();
    sink_ = std::make_unique<SmtpSink>(port_, dir_ + "/maildir");
  }
  void TearDown() override {
    sink_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }
  SenderOptions SmtpOptions() {
    SenderOptions o;
    o.smtp_url = "smtp://127.0.0.1:" + std::to_string(port_);
    o.plain_ok = true;  // aiosmtpd offers no STARTTLS
    o.poll_interval = milliseconds(50);
    o.backoff_base = milliseconds(1000);
    o.smtp_timeout = milliseconds(2000);
    o.keys = keys_;
    return o;
  }
  std::string EnqueueOne(const Clock& clock, const std::string& subject = "Verify your email") {
    auto id = store::InTransaction(*store_, [&](store::Transaction& tx) {
      return Enqueue(tx, clock, keys_,
                     Message{"user@example.test", subject, "Open https://app.test/verify?token=abc",
                             "<b>hi</b>"});
    });
    EXPECT_TRUE(id);
    return id ? *id : "";
  }
  store::Row Row(const std::string& id) {
    auto rows = store_->QueryOnce("SELECT * FROM mail_outbox WHERE id = ?", {id});
    EXPECT_TRUE(rows && rows->size() == 1);
    return (rows && !rows->empty()) ? (*rows)[0] : store::Row();
  }
  std::string Status(const std::string& id) { return Row(id).GetString("status").value_or(""); }

  std::string dir_;
  int port_ = 0;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<SmtpSink> sink_;
  SystemClock clock_;
  OutboxKeys keys_ = OutboxKeysFromSecrets("sender-test-secret-0123456789abcdef0123", {});
};

TEST_F(SenderTest, DeliversCommittedMailOverSmtp) {
  ASSERT_TRUE(sink_->Start());
  std::string id = EnqueueOne(clock_);
  auto sender = Sender::Start(SmtpOptions(), *store_, clock_);
  ASSERT_TRUE(sender) << sender.error().detail;
  ASSERT_TRUE(WaitFor([&] { return Status(id) == "sent"; }));
  auto mails = sink_->Messages();
  ASSERT_EQ(mails.size(), 1u);
  std::string key = *Row(id).GetString("idempotency_key");
  const std::string& mail = mails[0];
  EXPECT_NE(mail.find("To: user@example.test"), std::string::npos);
  EXPECT_NE(mail.find("Subject: Verify your email"), std::string::npos);
  EXPECT_NE(mail.find("Message-ID: <" + key + "@latchkey>"), std::string::npos);
  EXPECT_NE(mail.find("X-Latchkey-Idempotency-Key: " + key), std::string::npos);
  EXPECT_NE(mail.find("text/plain"), std::string::npos);
  EXPECT_NE(mail.find("text/html"), std::string::npos);
  EXPECT_NE(mail.find(crypto::Base64Encode("<b>hi</b>")), std::string::npos);
  EXPECT_TRUE(Row(id).GetNullableInt("sent_at").value_or(std::nullopt).has_value());
  EXPECT_EQ((*sender)->Stats().sent.load(), 1);
}

TEST_F(SenderTest, KickWakesTheSenderBeforeThePoll) {
  ASSERT_TRUE(sink_->Start());
  SenderOptions o = SmtpOptions();
  o.poll_interval = milliseconds(60000);
  auto sender = Sender::Start(o, *store_, clock_);
  ASSERT_TRUE(sender);
  std::this_thread::sleep_for(milliseconds(100));  // first (empty) poll done
  auto tx = store_->Begin();
  ASSERT_TRUE(tx);
  auto id = Enqueue(**tx, clock_, keys_, Message{"user@example.test", "s", "t", ""});
  ASSERT_TRUE(id);
  (*tx)->OnCommit([s = sender->get()] { s->Kick(); });
  ASSERT_TRUE((*tx)->Commit());
  EXPECT_TRUE(WaitFor([&] { return Status(*id) == "sent"; }, milliseconds(5000)));
}

TEST_F(SenderTest, ServerDownBacksOffThenDeliversWhenUp) {
  FakeClock clock(1'000'000);
  std::string id = EnqueueOne(clock);
  auto sender = Sender::Start(SmtpOptions(), *store_, clock);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(WaitFor([&] { return Row(id).GetInt("attempts").value_or(0) == 1; }));
  EXPECT_EQ(*Row(id).GetInt("next_attempt_at"), 1'000'000 + 1000);
  EXPECT_EQ(Status(id), "queued");
  EXPECT_TRUE(Row(id).GetNullableString("last_error").value_or(std::nullopt).has_value());
  clock.Advance(1000);
  ASSERT_TRUE(WaitFor([&] { return Row(id).GetInt("attempts").value_or(0) == 2; }));
  EXPECT_EQ(*Row(id).GetInt("next_attempt_at"), 1'001'000 + 2000);  // doubled
  ASSERT_TRUE(sink_->Start());
  clock.Advance(2000);
  (*sender)->Kick();
  ASSERT_TRUE(WaitFor([&] { return Status(id) == "sent"; }));
  EXPECT_EQ(sink_->Messages().size(), 1u);
  EXPECT_EQ((*sender)->Stats().failed.load(), 2);
}

// Security: the SMTP password never reaches last_error (nor, by the same
// path, the logs).
TEST_F(SenderTest, MaxAttemptsMarksDeadWithoutLeakingPassword) {
  FakeClock clock(1'000'000);
  std::string id = EnqueueOne(clock);
  SenderOptions o = SmtpOptions();
  o.smtp_url = "smtp://mailer:S3cretPassw0rd@127.0.0.1:" + std::to_string(port_);
  o.max_attempts = 2;
  auto sender = Sender::Start(o, *store_, clock);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(WaitFor([&] { return Row(id).GetInt("attempts").value_or(0) == 1; }));
  clock.Advance(1000);
  ASSERT_TRUE(WaitFor([&] { return Status(id) == "dead"; }));
  EXPECT_EQ(*Row(id).GetInt("attempts"), 2);
  std::string err = Row(id).GetNullableString("last_error").value_or(std::nullopt).value_or("");
  EXPECT_FALSE(err.empty());
  EXPECT_EQ(err.find("S3cretPassw0rd"), std::string::npos);
  EXPECT_EQ((*sender)->Stats().dead.load(), 1);
  clock.Advance(600'000);  // a dead row is never retried
  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_EQ(*Row(id).GetInt("attempts"), 2);
}

TEST_F(SenderTest, WithoutSmtpUrlWritesEmlFile) {
  SenderOptions o;
  o.keys = keys_;
  o.eml_dir = dir_ + "/eml";
  o.poll_interval = milliseconds(50);
  std::string id = EnqueueOne(clock_, "Reset your password");
  auto sender = Sender::Start(o, *store_, clock_);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(WaitFor([&] { return Status(id) == "sent"; }));
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(o.eml_dir)) files.push_back(e.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].extension(), ".eml");
  std::ifstream in(files[0], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_NE(ss.str().find("Subject: Reset your password\r\n"), std::string::npos);
}

// Two nodes' senders on one database: every mail is written exactly once.
TEST_F(SenderTest, TwoSendersOnOneDatabaseSendEachMailOnce) {
  SenderOptions o;
  o.keys = keys_;
  o.eml_dir = dir_ + "/eml";
  o.poll_interval = milliseconds(5);
  constexpr int kMails = 40;
  std::vector<std::string> ids;
  for (int i = 0; i < kMails; ++i) ids.push_back(EnqueueOne(clock_, "Mail " + std::to_string(i)));
  auto a = Sender::Start(o, *store_, clock_);
  auto b = Sender::Start(o, *store_, clock_);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(WaitFor([&] {
    auto rows = store_->QueryOnce("SELECT COUNT(*) AS n FROM mail_outbox WHERE status = 'sent'");
    return rows && (*rows)[0].GetInt("n").value_or(0) == kMails;
  }));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(o.eml_dir)) ++files;
  EXPECT_EQ(files, static_cast<std::size_t>(kMails));
  EXPECT_EQ((*a)->Stats().sent.load() + (*b)->Stats().sent.load(), kMails);
  for (const std::string& id : ids) EXPECT_EQ(Row(id).GetInt("attempts").value_or(0), 1);
}

// A crash between commit and send: the row was committed but no sender ran.
// A sender started later delivers it exactly once.
TEST_F(SenderTest, CrashBetweenCommitAndSendDeliversExactlyOnce) {
  ASSERT_TRUE(sink_->Start());
  std::string id = EnqueueOne(clock_);
  auto sender = Sender::Start(SmtpOptions(), *store_, clock_);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(WaitFor([&] { return Status(id) == "sent"; }));
  (*sender)->Kick();
  std::this_thread::sleep_for(milliseconds(300));  // several more polls
  EXPECT_EQ(sink_->Messages().size(), 1u);
  EXPECT_EQ(*Row(id).GetInt("attempts"), 1);
}

// Security: without plain_ok, smtp:// requires STARTTLS: a server that does
// not offer it (aiosmtpd here) gets no mail and no credentials.
TEST_F(SenderTest, PlainSmtpRefusedUnlessPlainOk) {
  ASSERT_TRUE(sink_->Start());
  FakeClock clock(1'000'000);
  std::string id = EnqueueOne(clock);
  SenderOptions o = SmtpOptions();
  o.plain_ok = false;
  auto sender = Sender::Start(o, *store_, clock);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(WaitFor([&] { return Row(id).GetInt("attempts").value_or(0) == 1; }));
  EXPECT_EQ(Status(id), "queued");
  EXPECT_TRUE(sink_->Messages().empty());
  std::string err = Row(id).GetNullableString("last_error").value_or(std::nullopt).value_or("");
  EXPECT_NE(err.find("STARTTLS"), std::string::npos) << err;
}

// Security: a row written around Enqueue() with CR/LF in to_address is
// re-validated by the sender, never sent, and given up on at once.
TEST_F(SenderTest, InjectedRowIsNeverSent) {
  ASSERT_TRUE(sink_->Start());
  auto inserted = store::InTransaction(*store_, [&](store::Transaction& tx) {
    return tx.Exec(
        "INSERT INTO mail_outbox (id, created_at, idempotency_key, to_address, subject, "
        "text_body, html_body, status, attempts, next_attempt_at) "
        "VALUES ('bad', ?, 'k', ?, 's', 't', '', 'queued', 0, 0)",
        {clock_.NowMs(), std::string("a@b.test\r\nBcc: x@evil.test")});
  });
  ASSERT_TRUE(inserted);
  auto sender = Sender::Start(SmtpOptions(), *store_, clock_);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(WaitFor([&] { return Status("bad") == "dead"; }));
  EXPECT_EQ(*Row("bad").GetInt("attempts"), 1);
  EXPECT_TRUE(sink_->Messages().empty());
}

// Security: the sender configuration cannot inject headers either.
TEST_F(SenderTest, StartRefusesBadConfiguration) {
  SenderOptions o = SmtpOptions();
  o.from = "Latchkey <a@b.test>\r\nBcc: x@evil.test";
  auto r = Sender::Start(o, *store_, clock_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "MAIL_INVALID_SENDER");
  o = SmtpOptions();
  o.smtp_url = "http://127.0.0.1:25";
  r = Sender::Start(o, *store_, clock_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "MAIL_INVALID_SMTP_URL");
}

TEST_F(SenderTest, DestructorStopsPromptly) {
  auto sender = Sender::Start(SmtpOptions(), *store_, clock_);
  ASSERT_TRUE(sender);
  auto start = std::chrono::steady_clock::now();
  sender->reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(1500));
}

}  // namespace
}  // namespace latchkey::mail

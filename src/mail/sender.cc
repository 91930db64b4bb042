// The outbox delivery loop. Each row is sent outside any transaction (an
// SMTP exchange can take seconds and must not hold SQLite's writer), then
// its outcome is recorded in a short write transaction guarded by
// "status = 'queued'", so a row is never moved back from sent or dead. The
// same update scrubs the bodies of a row that is finished.
#include "mail/sender.h"

#include <algorithm>
#include <string>
#include <utility>

#include "mail/errors.h"
#include "mail/format.h"
#include "mail/outbox.h"
#include "observability/log.h"
#include "observability/metrics.h"
#include "observability/tracing/error_reports.h"
#include "observability/tracing/span.h"

namespace latchkey::mail {
namespace {

constexpr int kBatch = 10;
constexpr TimeMs kLeaseSlackMs = 5000;

// Process-wide counters for /metrics (SenderStats counts one Sender).
struct MailMetrics {
  metrics::Counter& sent;
  metrics::Counter& failed;
  metrics::Counter& dead;
  metrics::Counter& purged;
};
const MailMetrics& Metrics() {
  static const MailMetrics m{
      metrics::Global().GetCounter("latchkey_mail_sent_total",
                                   "Mails delivered (or written as .eml)"),
      metrics::Global().GetCounter("latchkey_mail_failed_attempts_total",
                                   "Delivery attempts that failed (each is retried with backoff)"),
      metrics::Global().GetCounter("latchkey_mail_dead_total", "Mails given up on"),
      metrics::Global().GetCounter("latchkey_mail_purged_total",
                                   "Sent or dead outbox rows deleted after mail_retention_days")};
  return m;
}

}  // namespace

Result<std::unique_ptr<Sender>> Sender::Start(const SenderOptions& options, store::Store& store,
                                              const Clock& clock) {
  if (options.from.find_first_of("\r\n") != std::string::npos) {
    return Fail(MakeError(kInvalidSender, "CR/LF in from"));
  }
  if (!ValidateAddress(EnvelopeAddress(options.from))) {
    return Fail(MakeError(kInvalidSender, "from holds no valid address"));
  }
  if (options.max_attempts < 1) return Fail(MakeError(kInvalidSender, "max_attempts < 1"));
  if (options.purge_batch < 1 || options.retention.count() < 0) {
    return Fail(MakeError(kInvalidSender, "purge_batch < 1 or negative retention"));
  }
  // Registered now, so /metrics has the series at 0 before the first mail
  // (an alert on them must find them: deploy/prometheus/).
  (void)Metrics();
  SmtpTarget target;
  if (!options.smtp_url.empty()) {
    LK_ASSIGN_OR_RETURN(target, ParseSmtpUrl(options.smtp_url, options.plain_ok));
    target.timeout = options.smtp_timeout;
  }
  std::unique_ptr<Sender> sender(new Sender(options, std::move(target), store, clock));
  sender->thread_ = std::thread([s = sender.get()] { s->Run(); });
  return sender;
}

Sender::Sender(SenderOptions options, SmtpTarget target, store::Store& store, const Clock& clock)
    : options_(std::move(options)),
      target_(std::move(target)),
      envelope_from_(EnvelopeAddress(options_.from)),
      store_(store),
      clock_(clock) {}

Sender::~Sender() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Sender::Kick() {
  {
    std::lock_guard lock(mu_);
    kicked_ = true;
  }
  cv_.notify_all();
}

void Sender::Run() {
  using Steady = std::chrono::steady_clock;
  Steady::time_point next_purge = Steady::now();
  while (!stopping_.load()) {
    int handled = ProcessDue();
    // Sends come first; the purge is one bounded DELETE between batches.
    bool more_to_purge = false;
    if (!stopping_.load() && Steady::now() >= next_purge) {
      more_to_purge = Purge() == options_.purge_batch;
      next_purge = Steady::now() + (more_to_purge ? Steady::duration::zero()
                                                  : Steady::duration(options_.purge_interval));
    }
    std::unique_lock lock(mu_);
    // More may be due (or past the retention) right now.
    if ((handled == kBatch || more_to_purge) && !stopping_) continue;
    cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_.load() || kicked_; });
    kicked_ = false;
  }
}

int Sender::ProcessDue() {
  auto rows = store_.QueryOnce(
      "SELECT id, created_at, idempotency_key, to_address, subject, text_body, html_body, "
      "body_key_id, attempts, next_attempt_at FROM mail_outbox "
      "WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY created_at LIMIT 10",
      {clock_.NowMs()});
  if (!rows) {
    log::Warn("mail outbox poll failed", {{"detail", rows.error().detail}});
    return 0;
  }
  int handled = 0;
  for (const store::Row& row : *rows) {
    if (stopping_.load()) break;
    auto id = row.GetString("id");
    auto created = row.GetInt("created_at");
    auto key = row.GetString("idempotency_key");
    auto attempts = row.GetInt("attempts");
    auto due = row.GetInt("next_attempt_at");
    auto to = row.GetString("to_address");
    auto subject = row.GetString("subject");
    auto text = row.GetString("text_body");
    auto html = row.GetString("html_body");
    auto key_id = row.GetNullableString("body_key_id");
    if (!id || !created || !key || !attempts || !due || !to || !subject || !text || !html ||
        !key_id) {
      log::Error("mail outbox row unreadable");
      continue;
    }
    if (!Claim(*id, *due)) continue;  // another node's sender has it
    ++stats_.queued;
    // Each send is its own trace (the request that queued it has ended).
    tracing::Span span(tracing::Span::Root{}, "mail.send", tracing::SpanKind::kProducer);
    Result<Message> opened = OpenMessage(*id, *key_id, Message{*to, *subject, *text, *html});
    Result<void> outcome =
        opened ? Deliver(*opened, *id, *key, *created) : Result<void>(Fail(opened.error()));
    if (!outcome) span.SetError(outcome.error().code);
    if (Record(*id, *attempts, outcome)) ++handled;
  }
  return handled;
}

Result<Message> Sender::OpenMessage(const std::string& id, const std::optional<std::string>& key_id,
                                    Message stored) const {
  if (!key_id) return stored;  // queued before bodies were sealed (migration mail/0002)
  std::optional<crypto::AeadKey> key;
  if (options_.keys.find) key = options_.keys.find(*key_id);
  if (!key) {
    // Retried with backoff: during a rolling secret rotation another node,
    // or this one restarted with the new keyring, holds the key.
    return Fail(
        UnavailableError("body sealed under key " + *key_id + ", which this node does not hold"));
  }
  LK_ASSIGN_OR_RETURN(stored.text, OpenBody(*key, *key_id, id, kTextPart, stored.text));
  LK_ASSIGN_OR_RETURN(stored.html, OpenBody(*key, *key_id, id, kHtmlPart, stored.html));
  return stored;
}

Result<void> Sender::Deliver(const Message& m, const std::string& id, const std::string& key,
                             TimeMs created_at) {
  // Re-validated here: a row written by anything other than Enqueue() must
  // not be able to inject headers or recipients either.
  LK_TRY(ValidateAddress(m.to));
  if (m.subject.find_first_of("\r\n") != std::string::npos) {
    return Fail(MakeError(kInvalidMessage, "CR/LF in subject"));
  }
  std::string data = FormatMessage(m, options_.from, key, clock_.NowMs());
  if (options_.smtp_url.empty()) return WriteEml(id, created_at, m, data);
  return SendSmtp(target_, envelope_from_, m.to, data, &stopping_);
}

bool Sender::Claim(const std::string& id, TimeMs due) {
  // Compare-and-set on next_attempt_at: of several senders that read the
  // same due row, exactly one moves it; the others see 0 rows changed. The
  // lease outlasts one SMTP exchange, so a sender that dies mid-send leaves
  // the row due again afterwards. Works alike on SQLite and PostgreSQL.
  const TimeMs lease_until = clock_.NowMs() + options_.smtp_timeout.count() + kLeaseSlackMs;
  auto claimed = store::InTransaction(store_, [&](store::Transaction& tx) {
    return tx.Exec(
        "UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ? AND status = 'queued' AND "
        "next_attempt_at = ?",
        {lease_until, id, due});
  });
  if (!claimed) {
    log::Warn("mail outbox claim failed", {{"id", id}, {"detail", claimed.error().detail}});
    return false;
  }
  return *claimed == 1;
}

// A finished row (sent or dead) is scrubbed in the same update: its bodies
// are emptied, so its link does not outlive the send. Recipient, subject,
// status and times stay for operations until the purge.
bool Sender::Record(const std::string& id, std::int64_t attempts, const Result<void>& outcome) {
  TimeMs now = clock_.NowMs();
  Result<std::int64_t> updated;
  if (outcome) {
    ++stats_.sent;
    Metrics().sent.Inc();
    updated = store::InTransaction(store_, [&](store::Transaction& tx) {
      return tx.Exec(
          "UPDATE mail_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
          "last_error = NULL, text_body = '', html_body = '', body_key_id = NULL WHERE id = ? AND "
          "status = 'queued'",
          {now, id});
    });
  } else {
    ++stats_.failed;
    Metrics().failed.Inc();
    std::int64_t n = attempts + 1;
    // A row that fails validation will never send: give up on it at once.
    bool dead = n >= options_.max_attempts || outcome.error().kind == ErrorKind::kInvalidArgument;
    if (dead) {
      ++stats_.dead;
      Metrics().dead.Inc();
    }
    // base * 2^(n-1), capped; the shift is bounded so it cannot overflow.
    std::int64_t backoff = options_.backoff_base.count() << std::min<std::int64_t>(n - 1, 30);
    backoff = std::min<std::int64_t>(backoff, options_.backoff_cap.count());
    std::string error = outcome.error().detail.substr(0, 500);
    log::Warn("mail send failed", {{"id", id}, {"attempts", n}, {"dead", dead}, {"error", error}});
    // The code only: an SMTP error's text can name the recipient.
    reports::Report({.source = "mail",
                     .code = outcome.error().code,
                     .message = dead ? "mail given up" : "mail send failed (will retry)"});
    updated = store::InTransaction(store_, [&](store::Transaction& tx) {
      if (dead) {
        return tx.Exec(
            "UPDATE mail_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, "
            "status = 'dead', text_body = '', html_body = '', body_key_id = NULL WHERE id = ? AND "
            "status = 'queued'",
            {n, now + backoff, error, id});
      }
      return tx.Exec(
          "UPDATE mail_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? "
          "WHERE id = ? AND status = 'queued'",
          {n, now + backoff, error, id});
    });
  }
  if (!updated) {
    log::Error("mail outbox update failed", {{"id", id}, {"detail", updated.error().detail}});
    return false;
  }
  return true;
}

int Sender::Purge() {
  const TimeMs cutoff = clock_.NowMs() - options_.retention.count();
  auto deleted = store::InTransaction(store_, [&](store::Transaction& tx) {
    return tx.Exec(
        "DELETE FROM mail_outbox WHERE id IN (SELECT id FROM mail_outbox WHERE status IN "
        "('sent', 'dead') AND created_at < ? ORDER BY created_at LIMIT ?)",
        {cutoff, std::int64_t{options_.purge_batch}});
  });
  if (!deleted) {
    log::Warn("mail outbox purge failed", {{"detail", deleted.error().detail}});
    return 0;
  }
  if (*deleted > 0) {
    stats_.purged += *deleted;
    Metrics().purged.Inc(*deleted);
  }
  return static_cast<int>(*deleted);
}

}  // namespace latchkey::mail

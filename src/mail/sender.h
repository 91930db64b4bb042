// The background sender: a thread that delivers due mail_outbox rows over
// SMTP (libcurl) or, when no SMTP URL is configured, writes them as .eml
// files for development. Failed sends are retried with exponential backoff
// and marked 'dead' after max_attempts.
//
// Bodies are stored sealed (mail/outbox_keys.h) and opened only to send; a
// row that is sent or given up on is scrubbed (bodies emptied, metadata
// kept), and finished rows are deleted `retention` after they were queued,
// in small batches between sends.
//
// Delivery is at-least-once: a crash between the SMTP acknowledgement and
// the 'sent' update resends the mail with the same Message-ID and
// X-Latchkey-Idempotency-Key. Several nodes may each run a Sender on one
// database: a row is claimed (leased) before it is sent, so each attempt
// happens on one node.
#ifndef LK_MAIL_SENDER_H_
#define LK_MAIL_SENDER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "mail/message.h"
#include "mail/outbox_keys.h"
#include "mail/smtp.h"
#include "store/store.h"

namespace latchkey::mail {

struct SenderOptions {
  // "smtp://user:pass@host:port" or "smtps://…". Empty: write each mail to
  // `eml_dir` (development).
  std::string smtp_url;
  // Opens sealed rows (keys.find); rows with no key id are legacy clear text.
  OutboxKeys keys;
  // Without SMTP, also log each .eml's recipient, subject and first link
  // (the one-time token a local user needs). Development (--dev) only: a
  // production log must not hold live links.
  bool log_links = false;
  // Sent and dead rows are deleted this long after they were queued.
  std::chrono::milliseconds retention{std::chrono::hours(24 * 7)};
  std::chrono::milliseconds purge_interval{std::chrono::minutes(1)};
  int purge_batch = 500;  // rows deleted per purge transaction
  std::string from = "Latchkey <no-reply@localhost>";
  std::string eml_dir = "var/mail";
  std::chrono::milliseconds poll_interval{500};
  int max_attempts = 8;
  std::chrono::milliseconds backoff_base{1000};  // doubles per failed attempt
  std::chrono::milliseconds backoff_cap{600000};
  // smtp:// without TLS. false: STARTTLS is required (CURLUSESSL_ALL).
  // true: STARTTLS when the server offers it, plain otherwise
  // (CURLUSESSL_TRY). smtps:// always uses TLS.
  bool plain_ok = false;
  std::chrono::milliseconds smtp_timeout{10000};  // connect and total, per mail
};

// Counters since Start(). Plain atomics: read them with load().
struct SenderStats {
  std::atomic<std::int64_t> queued{0};  // due rows picked up for an attempt
  std::atomic<std::int64_t> sent{0};    // rows delivered (or written as .eml)
  std::atomic<std::int64_t> failed{0};  // failed attempts
  std::atomic<std::int64_t> dead{0};    // rows given up on
  std::atomic<std::int64_t> purged{0};  // finished rows deleted after the retention
};

class Sender {
 public:
  // Validates `options` and starts the thread. `store` and `clock` must
  // outlive the Sender; mail_outbox must exist (Migrations() applied).
  // Errors: kInvalidArgument MAIL_INVALID_SMTP_URL for a non-smtp(s) URL;
  // kInvalidArgument MAIL_INVALID_SENDER if `from` holds CR/LF or no
  // address, max_attempts < 1, purge_batch < 1 or retention is negative.
  static Result<std::unique_ptr<Sender>> Start(const SenderOptions& options, store::Store& store,
                                               const Clock& clock);
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;
  // Stops the thread; an SMTP exchange in progress is aborted, so this
  // returns within about a second.
  ~Sender();

  // Wakes the thread to look for due rows now. Call from tx.OnCommit() after
  // Enqueue(). Thread-safe, non-blocking.
  void Kick();

  const SenderStats& Stats() const { return stats_; }

 private:
  Sender(SenderOptions options, SmtpTarget target, store::Store& store, const Clock& clock);
  void Run();
  // Sends the due rows (one batch); returns how many outcomes it recorded.
  int ProcessDue();
  // Deletes one batch of finished rows past the retention; returns how many.
  int Purge();
  // The plain message of a row: legacy rows as they are, sealed ones opened
  // under the key named `key_id`. Errors: kUnavailable when this node does
  // not hold that key (another node or a later keyring may); kInvalidArgument
  // when the ciphertext does not open (tampered or moved: never retried).
  Result<Message> OpenMessage(const std::string& id, const std::optional<std::string>& key_id,
                              Message stored) const;
  Result<void> Deliver(const Message& m, const std::string& id, const std::string& key,
                       TimeMs created_at);
  Result<void> WriteEml(const std::string& id, TimeMs created_at, const Message& m,
                        const std::string& data);
  // Leases the row read with next_attempt_at == `due` for one attempt;
  // false if another sender got it first.
  bool Claim(const std::string& id, TimeMs due);
  // Stores the outcome of one attempt; false if the update itself failed.
  bool Record(const std::string& id, std::int64_t attempts, const Result<void>& outcome);

  const SenderOptions options_;
  const SmtpTarget target_;
  const std::string envelope_from_;
  store::Store& store_;
  const Clock& clock_;
  SenderStats stats_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  bool kicked_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace latchkey::mail

#endif  // LK_MAIL_SENDER_H_

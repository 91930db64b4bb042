// The MailQueue features use, on top of the mail module: a mail is queued in
// the caller's transaction and the sender is woken when it commits.
#ifndef LK_APP_MAIL_QUEUE_H_
#define LK_APP_MAIL_QUEUE_H_

#include <atomic>
#include <utility>

#include "core/clock.h"
#include "features/common/mail_queue.h"
#include "mail/outbox_keys.h"
#include "mail/sender.h"

namespace latchkey::app {

class OutboxMailQueue final : public MailQueue {
 public:
  // `keys` seal every queued body; the sender gets the same provider (keys()).
  OutboxMailQueue(const Clock& clock, mail::OutboxKeys keys)
      : clock_(clock), keys_(std::move(keys)) {}
  // The sender to wake after commits; null (migrate, tests) = rows wait for
  // the next sender that starts. REQUIRES: set before requests are served.
  void set_sender(mail::Sender* sender) { sender_ = sender; }

  Result<void> Send(store::Transaction& tx, const OutgoingMail& mail) override;
  const mail::OutboxKeys& keys() const { return keys_; }

 private:
  const Clock& clock_;
  const mail::OutboxKeys keys_;
  std::atomic<mail::Sender*> sender_{nullptr};
};

}  // namespace latchkey::app

#endif  // LK_APP_MAIL_QUEUE_H_

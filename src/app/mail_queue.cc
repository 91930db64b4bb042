#include "app/mail_queue.h"

#include "mail/outbox.h"
#include "observability/metrics.h"

namespace latchkey::app {

Result<void> OutboxMailQueue::Send(store::Transaction& tx, const OutgoingMail& mail) {
  LK_TRY(mail::Enqueue(tx, clock_, keys_, {mail.to, mail.subject, mail.text, mail.html}));
  tx.OnCommit([this] {
    static metrics::Counter& queued =
        metrics::Global().GetCounter("latchkey_mail_queued_total", "Mails committed to the outbox");
    queued.Inc();
    if (mail::Sender* sender = sender_.load()) sender->Kick();
  });
  return {};
}

}  // namespace latchkey::app

// How features send mail: queued in the caller's transaction (so a mail and
// the token it carries commit or vanish together) and delivered after
// commit by the mail module (src/mail/, wired in app/).
#ifndef LK_FEATURES_COMMON_MAIL_QUEUE_H_
#define LK_FEATURES_COMMON_MAIL_QUEUE_H_

#include <string>

#include "core/result.h"
#include "store/store.h"

namespace latchkey {

struct OutgoingMail {
  std::string to;
  std::string subject;
  std::string text;
  std::string html;
};

class MailQueue {
 public:
  virtual ~MailQueue() = default;
  // Errors: kInvalidArgument for a malformed address; as the store otherwise.
  virtual Result<void> Send(store::Transaction& tx, const OutgoingMail& mail) = 0;
};

}  // namespace latchkey

#endif  // LK_FEATURES_COMMON_MAIL_QUEUE_H_

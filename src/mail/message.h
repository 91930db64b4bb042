// The mail a feature hands to the outbox: one recipient, a subject and a
// plain-text body with an optional HTML alternative.
#ifndef LK_MAIL_MESSAGE_H_
#define LK_MAIL_MESSAGE_H_

#include <string>

namespace latchkey::mail {

struct Message {
  std::string to;       // one bare address: "user@example.com"
  std::string subject;  // UTF-8; encoded as an RFC 2047 word when non-ASCII
  std::string text;     // UTF-8 text/plain body
  std::string html;     // UTF-8 text/html body; empty = text/plain only
};

}  // namespace latchkey::mail

#endif  // LK_MAIL_MESSAGE_H_

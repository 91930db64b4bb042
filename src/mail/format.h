// RFC 5322 / MIME formatting of an outbox row into the bytes handed to SMTP
// or written as an .eml file.
// Thread-safety: pure functions, safe to call concurrently.
#ifndef LK_MAIL_FORMAT_H_
#define LK_MAIL_FORMAT_H_

#include <string>
#include <string_view>

#include "core/clock.h"
#include "mail/message.h"

namespace latchkey::mail {

// Returns the complete message with CRLF line endings: From, To, Subject
// (an RFC 2047 "=?UTF-8?B?…?=" word when not plain ASCII), Date (`now`, UTC),
// Message-ID <idempotency_key@latchkey>, X-Latchkey-Idempotency-Key,
// MIME-Version, and a multipart/alternative body with base64 text/plain and
// text/html parts (text/plain alone when html is empty). Dot-stuffing is
// left to the SMTP client. REQUIRES: `from`, m.to and m.subject hold no
// CR/LF (Enqueue and Sender::Start check this).
std::string FormatMessage(const Message& m, std::string_view from, std::string_view idempotency_key,
                          TimeMs now);

// Encodes a header value as RFC 2047 encoded words when it holds a byte
// outside printable ASCII; returns it unchanged otherwise.
std::string EncodeHeaderValue(std::string_view value);

// The envelope address inside `from`: "Name <a@b>" gives "a@b", "a@b" gives
// itself.
std::string EnvelopeAddress(std::string_view from);

// The first http:// or https:// link in `text` (up to whitespace or '<', '>',
// '"'), or empty.
std::string FirstLink(std::string_view text);

}  // namespace latchkey::mail

#endif  // LK_MAIL_FORMAT_H_

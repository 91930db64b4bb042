// The mail a test caused, read back from mail_outbox as the sender would
// see it: bodies opened with the same keys the application seals them
// under (mail/outbox_keys.h). No sender runs in the harness, so every mail
// stays queued and readable (docs/testing.md).
#ifndef LK_TESTING_OUTBOX_READER_H_
#define LK_TESTING_OUTBOX_READER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "mail/outbox_keys.h"
#include "store/store.h"

namespace latchkey::testing {

struct QueuedMail {
  std::string id;
  std::string to;
  std::string subject;
  std::string text;  // opened
  std::string html;  // opened
  std::string status;
};

// Every outbox row, oldest first. Errors: as the store; DECRYPTION_FAILED
// when a body does not open under `keys`. REQUIRES: a SQLite store (the
// order of rows queued in one millisecond is their rowid).
Result<std::vector<QueuedMail>> ReadOutbox(store::Store& store, const mail::OutboxKeys& keys);

// The first http(s) URL in `text`, or nullopt.
std::optional<std::string> FirstLink(std::string_view text);
// The one-time token of a mailed link: its `token` query parameter, or else
// the last path segment ("/reset-password/<token>?callbackURL=…").
std::string LinkToken(std::string_view link);

}  // namespace latchkey::testing

#endif  // LK_TESTING_OUTBOX_READER_H_

// The transactional outbox: a feature writes its mail into mail_outbox inside
// the same transaction as the token the mail carries, so both commit or
// neither does. mail::Sender delivers queued rows afterwards.
#ifndef LK_MAIL_OUTBOX_H_
#define LK_MAIL_OUTBOX_H_

#include <span>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "mail/message.h"
#include "mail/outbox_keys.h"
#include "store/migration.h"
#include "store/store.h"

namespace latchkey::mail {

// Wire codes returned by this module.
inline constexpr ErrorInfo kInvalidRecipient{"MAIL_INVALID_RECIPIENT", ErrorKind::kInvalidArgument,
                                             "Invalid email address"};
inline constexpr ErrorInfo kInvalidMessage{"MAIL_INVALID_MESSAGE", ErrorKind::kInvalidArgument,
                                           "Invalid mail message"};

// The mail_outbox migrations (ids "mail/NNNN_…"), for Store::Migrate().
std::span<const store::Migration> Migrations();

// Checks that `address` is exactly one bare addr-spec ("local@domain"):
// printable ASCII, no CR/LF or other control characters, no spaces, commas,
// angle brackets or quotes (so it cannot add recipients or headers), at most
// 254 bytes. Errors: kInvalidArgument MAIL_INVALID_RECIPIENT.
Result<void> ValidateAddress(std::string_view address);

// Inserts `m` as a queued row (attempts 0, next_attempt_at now) in the
// caller's transaction `tx` and returns the new row id. Both bodies are
// stored sealed under keys.current() (its id in body_key_id); recipient and
// subject stay readable for operations. The row gets a random
// 32-character idempotency key, sent as the Message-ID <key@latchkey> and the
// X-Latchkey-Idempotency-Key header so a resend after a crash is
// recognisable. Nothing is sent until `tx` commits; call Sender::Kick() from
// tx.OnCommit() to send at once rather than at the next poll.
// Errors: MAIL_INVALID_RECIPIENT (see ValidateAddress); kInvalidArgument
// MAIL_INVALID_MESSAGE if the subject holds CR/LF or a body holds a NUL
// byte; kInternal if keys.current() fails (nothing is written); otherwise as
// Transaction::Exec. Thread-safety: as `tx`.
Result<std::string> Enqueue(store::Transaction& tx, const Clock& clock, const OutboxKeys& keys,
                            const Message& m);

}  // namespace latchkey::mail

#endif  // LK_MAIL_OUTBOX_H_

// Outbox writes and address validation.
#include "mail/outbox.h"

#include <string>

#include "crypto/random.h"

namespace latchkey::mail {

std::span<const store::Migration> EmbeddedMigrations();  // generated

std::span<const store::Migration> Migrations() { return EmbeddedMigrations(); }

Result<void> ValidateAddress(std::string_view address) {
  // Deliberately stricter than RFC 5322: quoted local parts, comments and
  // display names are refused, because the address goes verbatim into the
  // To header and the SMTP RCPT command, where CR/LF, ',' or '<' would let a
  // caller inject headers, commands or extra recipients.
  if (address.empty() || address.size() > 254) return Fail(MakeError(kInvalidRecipient, "length"));
  std::size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size() ||
      address.find('@') != at) {
    return Fail(MakeError(kInvalidRecipient, "not local@domain"));
  }
  for (char c : address) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return Fail(MakeError(kInvalidRecipient, "control or space"));
    if (std::string_view("<>,;:\"()[]\\").find(c) != std::string_view::npos) {
      return Fail(MakeError(kInvalidRecipient, "special character"));
    }
  }
  return {};
}

Result<std::string> Enqueue(store::Transaction& tx, const Clock& clock, const OutboxKeys& keys,
                            const Message& m) {
  LK_TRY(ValidateAddress(m.to));
  if (m.subject.find_first_of("\r\n") != std::string::npos) {
    return Fail(MakeError(kInvalidMessage, "CR/LF in subject"));
  }
  if (m.text.find('\0') != std::string::npos || m.html.find('\0') != std::string::npos) {
    return Fail(MakeError(kInvalidMessage, "NUL in body"));
  }
  if (!keys.current) return Fail(InternalError("no mail outbox key provider"));
  LK_ASSIGN_OR_RETURN(OutboxKey seal, keys.current());
  std::string id = crypto::RandomAlnum(32);
  std::string key = crypto::RandomAlnum(32);
  LK_ASSIGN_OR_RETURN(std::string text, SealBody(seal, id, kTextPart, m.text));
  LK_ASSIGN_OR_RETURN(std::string html, SealBody(seal, id, kHtmlPart, m.html));
  TimeMs now = clock.NowMs();
  LK_TRY(
      tx.Exec("INSERT INTO mail_outbox (id, created_at, idempotency_key, to_address, subject, "
              "text_body, html_body, body_key_id, status, attempts, next_attempt_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?)",
              {id, now, key, m.to, m.subject, text, html, seal.id, now}));
  return id;
}

}  // namespace latchkey::mail

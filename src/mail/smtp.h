// One SMTP delivery through libcurl. Internal to mail/; Sender uses it.
// Thread-safety: SendSmtp may be called concurrently (one curl handle each).
#ifndef LK_MAIL_SMTP_H_
#define LK_MAIL_SMTP_H_

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace latchkey::mail {

struct SmtpTarget {
  std::string url;       // "smtp://host:port" or "smtps://host:port", credentials removed
  std::string username;  // URL-decoded; empty = no AUTH
  std::string password;  // URL-decoded; never logged or stored
  bool plain_ok = false;
  std::chrono::milliseconds timeout{10000};
};

// Splits `smtp_url` ("smtp[s]://[user[:pass]@]host[:port]") into a target.
// Errors: kInvalidArgument MAIL_INVALID_SMTP_URL for another scheme or an
// unparsable URL (the detail never holds the password).
Result<SmtpTarget> ParseSmtpUrl(std::string_view smtp_url, bool plain_ok);

// Sends `data` (a formatted message) from `from` to `to`. TLS: smtps:// is
// implicit TLS; smtp:// requires STARTTLS unless target.plain_ok, in which
// case STARTTLS is used when offered and plain SMTP otherwise. Certificates
// are always verified. Returns early with an error when *cancel becomes
// true. Errors: kUnavailable with a detail safe to store (the password is
// scrubbed from it).
Result<void> SendSmtp(const SmtpTarget& target, std::string_view from, std::string_view to,
                      std::string_view data, const std::atomic<bool>* cancel);

}  // namespace latchkey::mail

#endif  // LK_MAIL_SMTP_H_

// Startup errors of the mail sender's configuration (smtp_url, mail_from).
// The outbox's own codes are in outbox.h; app/shared_errors.cc registers both.
#ifndef LK_MAIL_ERRORS_H_
#define LK_MAIL_ERRORS_H_

#include "core/error.h"

namespace latchkey::mail {

inline constexpr ErrorInfo kInvalidSender{"MAIL_INVALID_SENDER", ErrorKind::kInvalidArgument,
                                          "Invalid mail sender configuration"};
inline constexpr ErrorInfo kInvalidSmtpUrl{"MAIL_INVALID_SMTP_URL", ErrorKind::kInvalidArgument,
                                           "Invalid SMTP URL"};

}  // namespace latchkey::mail

#endif  // LK_MAIL_ERRORS_H_

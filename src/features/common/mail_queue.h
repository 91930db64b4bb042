// How features send mail: queued in the caller's transaction (so a mail and
// the token it carries commit or vanish together) and delivered after
// commit by the mail module (src/mail/, wired in app/).
#ifndef LK_FEATURES_COMMON_MAIL_QUEUE_H_
#define LK_FEATURES_COMMON_MAIL_QUEUE_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/result.h"
#include "http/request.h"
#include "store/store.h"

namespace latchkey {

struct OutgoingMail {
  std::string to;
  std::string subject;
  std::string text;
  std::string html;
};

// A link for a mail: always the configured base URL (never the request's
// Host or forwarded headers: docs/operations.md), `path_and_query`
// (e.g. "/api/auth/verify-email?token=…"), then callbackURL (default "/").
inline std::string MailLink(const Config& config, std::string_view path_and_query,
                            const std::optional<std::string>& callback_url) {
  std::string url = config.base_url;
  url += path_and_query;
  url += path_and_query.find('?') == std::string_view::npos ? "?callbackURL=" : "&callbackURL=";
  return url + http::PercentEncode(callback_url.value_or("/"));
}

class MailQueue {
 public:
  virtual ~MailQueue() = default;
  // Errors: kInvalidArgument for a malformed address; as the store otherwise.
  virtual Result<void> Send(store::Transaction& tx, const OutgoingMail& mail) = 0;
};

}  // namespace latchkey

#endif  // LK_FEATURES_COMMON_MAIL_QUEUE_H_

// The one layout every mail uses: a greeting, paragraphs, an optional action
// link, closing paragraphs and a footer naming the product and its URL, in
// plain text and HTML. Features say what to write; this says how it looks,
// so every mail carries the configured product name and escapes what the
// user controls (a name like "<script>" stays text in the HTML part).
#ifndef LK_FEATURES_COMMON_MAIL_LAYOUT_H_
#define LK_FEATURES_COMMON_MAIL_LAYOUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "features/common/mail_queue.h"

namespace latchkey {

struct MailContent {
  std::string subject;              // "Verify your e-mail address"; the product name is appended
  std::string greeting_name;        // "Hello <name>," (or "Hello," when empty)
  std::vector<std::string> before;  // paragraphs above the action
  std::string action_label;         // "Verify e-mail address"; empty = no action link
  std::string action_url;           // always built by MailLink() from base_url
  std::vector<std::string> after;   // paragraphs below it ("If it was not you…")
};

// Renders `content` for `to`. Subject: "<subject> | <product_name>".
OutgoingMail ComposeMail(const Config& config, std::string to, const MailContent& content);

// HTML-escapes & < > " ' for text and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace latchkey

#endif  // LK_FEATURES_COMMON_MAIL_LAYOUT_H_

#include "features/common/mail_layout.h"

namespace latchkey {
namespace {

// Inline styles only: most mail clients drop <style> blocks.
constexpr std::string_view kHtmlHead =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width\"></head>"
    "<body style=\"margin:0;padding:24px;background:#f4f4f5;"
    "font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#18181b\">"
    "<div style=\"max-width:520px;margin:0 auto;background:#ffffff;border-radius:8px;"
    "padding:32px\">";
constexpr std::string_view kParagraph =
    "<p style=\"font-size:15px;line-height:1.5;margin:0 0 16px\">";
constexpr std::string_view kButton =
    "<p style=\"margin:24px 0\"><a style=\"display:inline-block;background:#18181b;color:#ffffff;"
    "text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600\" href=\"";

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

OutgoingMail ComposeMail(const Config& config, std::string to, const MailContent& content) {
  OutgoingMail mail;
  mail.to = std::move(to);
  mail.subject = content.subject + " | " + config.product_name;
  const std::string greeting =
      content.greeting_name.empty() ? "Hello," : "Hello " + content.greeting_name + ",";

  std::string& text = mail.text;
  text = greeting + "\n\n";
  for (const std::string& p : content.before) text += p + "\n\n";
  if (!content.action_label.empty())
    text += content.action_label + ":\n" + content.action_url + "\n\n";
  for (const std::string& p : content.after) text += p + "\n\n";
  text += "-- \n" + config.product_name + " · " + config.base_url + "\n";

  std::string& html = mail.html;
  html = kHtmlHead;
  html +=
      "<h1 style=\"font-size:18px;margin:0 0 24px\">" + HtmlEscape(config.product_name) + "</h1>";
  auto paragraph = [&](const std::string& p) {
    html += kParagraph;
    html += HtmlEscape(p) + "</p>";
  };
  paragraph(greeting);
  for (const std::string& p : content.before) paragraph(p);
  if (!content.action_label.empty()) {
    html += kButton;
    html += HtmlEscape(content.action_url) + "\">" + HtmlEscape(content.action_label) + "</a></p>";
    paragraph("Or paste this link into your browser: " + content.action_url);
  }
  for (const std::string& p : content.after) paragraph(p);
  html += "<p style=\"font-size:12px;color:#71717a;margin:24px 0 0\">" +
          HtmlEscape(config.product_name) + " · " + HtmlEscape(config.base_url) +
          "</p></div></body></html>";
  return mail;
}

}  // namespace latchkey

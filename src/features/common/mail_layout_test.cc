#include "features/common/mail_layout.h"

#include <gtest/gtest.h>

namespace latchkey {
namespace {

Config TestConfig() {
  Config config;
  config.base_url = "https://auth.example.com";
  config.product_name = "Acme & Co";
  return config;
}

MailContent Content() {
  return {.subject = "Reset your password",
          .greeting_name = "Ada",
          .before = {"Open the link within an hour."},
          .action_label = "Choose a new password",
          .action_url = "https://auth.example.com/api/auth/reset-password/T?callbackURL=%2F&a=1",
          .after = {"If it was not you, ignore this mail."}};
}

TEST(MailLayoutTest, SubjectAndFooterCarryTheProductName) {
  OutgoingMail mail = ComposeMail(TestConfig(), "ada@example.com", Content());
  EXPECT_EQ(mail.to, "ada@example.com");
  EXPECT_EQ(mail.subject, "Reset your password | Acme & Co");
  EXPECT_NE(mail.text.find("-- \nAcme & Co · https://auth.example.com\n"), std::string::npos);
  EXPECT_NE(mail.html.find("Acme &amp; Co"), std::string::npos);
}

TEST(MailLayoutTest, TextPutsTheLinkOnItsOwnLine) {
  OutgoingMail mail = ComposeMail(TestConfig(), "ada@example.com", Content());
  EXPECT_EQ(mail.text.rfind("Hello Ada,\n\nOpen the link within an hour.\n\n", 0), 0u);
  EXPECT_NE(mail.text.find("Choose a new password:\n" + Content().action_url + "\n"),
            std::string::npos);
}

// A user-controlled name must stay text in the HTML part (no markup injection).
TEST(MailLayoutTest, HtmlEscapesUserControlledText) {
  MailContent content = Content();
  content.greeting_name = "<script>alert(1)</script>\"";
  OutgoingMail mail = ComposeMail(TestConfig(), "ada@example.com", content);
  EXPECT_EQ(mail.html.find("<script>"), std::string::npos);
  EXPECT_NE(mail.html.find("Hello &lt;script&gt;alert(1)&lt;/script&gt;&quot;,"),
            std::string::npos);
  // The URL's '&' is escaped inside the href attribute.
  EXPECT_NE(mail.html.find("href=\"https://auth.example.com/api/auth/reset-password/"
                           "T?callbackURL=%2F&amp;a=1\""),
            std::string::npos);
}

TEST(MailLayoutTest, NoActionMeansNoButton) {
  MailContent content = Content();
  content.action_label.clear();
  content.greeting_name.clear();
  OutgoingMail mail = ComposeMail(TestConfig(), "ada@example.com", content);
  EXPECT_EQ(mail.html.find("<a "), std::string::npos);
  EXPECT_EQ(mail.text.rfind("Hello,\n\n", 0), 0u);
}

}  // namespace
}  // namespace latchkey

// Tests for mail/smtp.h: URL parsing keeps credentials out of the URL curl
// sees.
#include "mail/smtp.h"

#include <gtest/gtest.h>

namespace latchkey::mail {
namespace {

// Security: the password is taken out of the URL (so no curl message that
// echoes the URL can carry it) and percent-decoded for AUTH.
TEST(SmtpUrlTest, CredentialsAreSplitOutOfTheUrl) {
  auto t = ParseSmtpUrl("smtps://mailer%40x:p%3Ass@mail.example.test:465", false);
  ASSERT_TRUE(t) << t.error().detail;
  EXPECT_EQ(t->username, "mailer@x");
  EXPECT_EQ(t->password, "p:ss");
  EXPECT_EQ(t->url.find("p%3Ass"), std::string::npos) << t->url;
  EXPECT_EQ(t->url.find("mailer"), std::string::npos) << t->url;
  EXPECT_NE(t->url.find("mail.example.test:465"), std::string::npos) << t->url;
  EXPECT_FALSE(t->plain_ok);
}

TEST(SmtpUrlTest, NoCredentials) {
  auto t = ParseSmtpUrl("smtp://127.0.0.1:2525", true);
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->username.empty());
  EXPECT_TRUE(t->password.empty());
  EXPECT_TRUE(t->plain_ok);
}

TEST(SmtpUrlTest, OtherSchemesRefused) {
  for (const char* url : {"http://host", "file:///etc/passwd", "host:25", "smtp://"}) {
    auto t = ParseSmtpUrl(url, false);
    ASSERT_FALSE(t) << url;
    EXPECT_EQ(t.error().code, "MAIL_INVALID_SMTP_URL") << url;
  }
}

}  // namespace
}  // namespace latchkey::mail

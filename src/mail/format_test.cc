// Tests for mail/format.h: headers, RFC 2047 subjects, MIME parts, CRLF.
#include "mail/format.h"

#include <gtest/gtest.h>

#include "crypto/encoding.h"

namespace latchkey::mail {
namespace {

Message Sample() {
  return Message{"user@example.com", "Verify your email", "Go to https://x.test/v?t=abc now",
                 "<p>Hi</p>"};
}

TEST(FormatTest, HasHeadersAndBothParts) {
  std::string out = FormatMessage(Sample(), "Latchkey <no-reply@localhost>", "KEY123", 0);
  EXPECT_NE(out.find("From: Latchkey <no-reply@localhost>\r\n"), std::string::npos);
  EXPECT_NE(out.find("To: user@example.com\r\n"), std::string::npos);
  EXPECT_NE(out.find("Subject: Verify your email\r\n"), std::string::npos);
  EXPECT_NE(out.find("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(out.find("Message-ID: <KEY123@latchkey>\r\n"), std::string::npos);
  EXPECT_NE(out.find("X-Latchkey-Idempotency-Key: KEY123\r\n"), std::string::npos);
  EXPECT_NE(out.find("MIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(out.find("multipart/alternative"), std::string::npos);
  EXPECT_NE(out.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  EXPECT_NE(out.find("Content-Type: text/html; charset=UTF-8"), std::string::npos);
  EXPECT_NE(out.find(crypto::Base64Encode("<p>Hi</p>")), std::string::npos);
}

TEST(FormatTest, EveryLineEndsWithCrlf) {
  std::string out = FormatMessage(Sample(), "a@b.c", "K", 0);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\n') {
      ASSERT_TRUE(i > 0 && out[i - 1] == '\r') << "bare LF at " << i;
    }
  }
}

TEST(FormatTest, TextOnlyWhenHtmlEmpty) {
  Message m = Sample();
  m.html.clear();
  std::string out = FormatMessage(m, "a@b.c", "K", 0);
  EXPECT_EQ(out.find("multipart"), std::string::npos);
  EXPECT_NE(out.find("text/plain"), std::string::npos);
}

TEST(FormatTest, NonAsciiSubjectIsEncodedWord) {
  EXPECT_EQ(EncodeHeaderValue("plain"), "plain");
  std::string enc = EncodeHeaderValue("Vérifiez");
  EXPECT_EQ(enc, "=?UTF-8?B?" + crypto::Base64Encode("Vérifiez") + "?=");
  std::string longer = EncodeHeaderValue(std::string(40, 'a') + "ééééé");
  EXPECT_NE(longer.find("\r\n =?UTF-8?B?"), std::string::npos);
}

TEST(FormatTest, LinksAndEnvelope) {
  EXPECT_EQ(FirstLink("see http://a.b/c?d=1 and https://x"), "http://a.b/c?d=1");
  EXPECT_EQ(FirstLink("no link, httpx"), "");
  EXPECT_EQ(EnvelopeAddress("Latchkey <no-reply@localhost>"), "no-reply@localhost");
  EXPECT_EQ(EnvelopeAddress("a@b.c"), "a@b.c");
}

}  // namespace
}  // namespace latchkey::mail

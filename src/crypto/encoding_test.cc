// Base64 / base64url against RFC 4648 §10, hex round trips and bad input.
#include "crypto/encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace latchkey::crypto {
namespace {

struct Base64Case {
  std::string plain;
  std::string std_b64;  // RFC 4648 §4, padded
  std::string url_b64;  // RFC 4648 §5, unpadded
};

// RFC 4648 §10 test vectors.
const Base64Case kRfc4648[] = {
    {"", "", ""},
    {"f", "Zg==", "Zg"},
    {"fo", "Zm8=", "Zm8"},
    {"foo", "Zm9v", "Zm9v"},
    {"foob", "Zm9vYg==", "Zm9vYg"},
    {"fooba", "Zm9vYmE=", "Zm9vYmE"},
    {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
};

TEST(Base64Test, Rfc4648Vectors) {
  for (const auto& c : kRfc4648) {
    EXPECT_EQ(Base64Encode(c.plain), c.std_b64) << c.plain;
    EXPECT_EQ(Base64UrlEncode(c.plain), c.url_b64) << c.plain;
    auto std_decoded = Base64Decode(c.std_b64);
    ASSERT_TRUE(std_decoded.has_value()) << c.std_b64;
    EXPECT_EQ(*std_decoded, c.plain);
    auto url_decoded = Base64UrlDecode(c.url_b64);
    ASSERT_TRUE(url_decoded.has_value()) << c.url_b64;
    EXPECT_EQ(*url_decoded, c.plain);
    // base64url also accepts the padded form.
    auto url_padded = Base64UrlDecode(c.std_b64);
    ASSERT_TRUE(url_padded.has_value()) << c.std_b64;
    EXPECT_EQ(*url_padded, c.plain);
  }
}

TEST(Base64Test, AlphabetsDiffer) {
  const std::string bytes("\xfb\xff\xbf", 3);
  EXPECT_EQ(Base64Encode(bytes), "+/+/");
  EXPECT_EQ(Base64UrlEncode(bytes), "-_-_");
  EXPECT_EQ(Base64Encode(std::string("\xfb\xff", 2)), "+/8=");
  EXPECT_EQ(Base64UrlEncode(std::string("\xfb\xff", 2)), "-_8");
  EXPECT_FALSE(Base64Decode("-_-_").has_value());
  EXPECT_FALSE(Base64UrlDecode("+/+/").has_value());
}

TEST(Base64Test, RoundTripsAllByteValues) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  for (std::size_t len = 0; len <= bytes.size(); len += 37) {
    const std::string part = bytes.substr(0, len);
    EXPECT_EQ(Base64Decode(Base64Encode(part)).value(), part);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(part)).value(), part);
  }
}

TEST(Base64Test, RejectsMalformed) {
  const char* bad_std[] = {
      "Zg",        // padding missing
      "Zg=",       // padding short
      "Zg===",     // padding long
      "Zh==",      // nonzero unused bits
      "Zm9v\n",    // whitespace
      " Zm9v",     // whitespace
      "Zm9v!",     // outside the alphabet
      "Z",         // impossible length
      "Zm9vY",     // impossible length
      "Zg==Zg==",  // data after padding
  };
  for (const char* text : bad_std) {
    auto r = Base64Decode(text);
    ASSERT_FALSE(r.has_value()) << text;
    EXPECT_EQ(r.error().code, "INVALID_ENCODING");
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
  }
  const char* bad_url[] = {"Zh", "Z", "Zg=", "Zm9v=", "Zm+v", "Zm/v", "Zm9v\n"};
  for (const char* text : bad_url) {
    auto r = Base64UrlDecode(text);
    ASSERT_FALSE(r.has_value()) << text;
    EXPECT_EQ(r.error().code, "INVALID_ENCODING");
  }
}

// Found by fuzz/targets/signed_value.cc: libsodium 1.0.18 takes any byte
// >= 0x80 for a base64 digit, so these decoded as if they were "QUJD".
TEST(Base64Test, RejectsNonAsciiBytesLibsodiumWouldDecode) {
  for (int c = 0x80; c <= 0xFF; ++c) {
    const std::string text = std::string("QUI") + static_cast<char>(c);
    EXPECT_FALSE(Base64Decode(text).has_value()) << c;
    EXPECT_FALSE(Base64UrlDecode(text).has_value()) << c;
    EXPECT_FALSE(Base64UrlDecode(text + "=").has_value()) << c;
  }
  EXPECT_EQ(Base64Decode("QUJD").value(), "ABC");
}

TEST(HexTest, EncodesLowercase) {
  EXPECT_EQ(HexEncode(""), "");
  EXPECT_EQ(HexEncode(std::string("\x00\x01\xab\xff", 4)), "0001abff");
}

TEST(HexTest, RoundTrips) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  EXPECT_EQ(HexDecode(HexEncode(bytes)).value(), bytes);
  EXPECT_EQ(HexDecode("").value(), "");
  EXPECT_EQ(HexDecode("ABff").value(), std::string("\xab\xff", 2));
}

TEST(HexTest, RejectsMalformed) {
  for (const char* text : {"a", "abc", "zz", "0g", "ab ", " ab", "0x00", "a\n"}) {
    auto r = HexDecode(text);
    ASSERT_FALSE(r.has_value()) << text;
    EXPECT_EQ(r.error().code, "INVALID_ENCODING");
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
  }
}

}  // namespace
}  // namespace latchkey::crypto

// CSPRNG helpers: lengths, alphabets, uniqueness and rough uniformity.
#include "crypto/random.h"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>

namespace latchkey::crypto {
namespace {

TEST(RandomTest, InitCryptoIsIdempotent) {
  InitCrypto();
  InitCrypto();
}

TEST(RandomTest, RandomBytesHasRequestedLength) {
  EXPECT_EQ(RandomBytes(0), "");
  EXPECT_EQ(RandomBytes(1).size(), 1u);
  EXPECT_EQ(RandomBytes(1000).size(), 1000u);
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
}

TEST(RandomTest, RandomAlnumUsesAlphabetAndIsUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string token = RandomAlnum(32);
    ASSERT_EQ(token.size(), 32u);
    for (char c : token) {
      ASSERT_TRUE((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
          << token;
    }
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(RandomAlnum(0), "");
}

TEST(RandomTest, RandomAlnumCoversWholeAlphabet) {
  // 64,000 draws over 62 symbols: each expected ~1032 times. A bound of
  // [700, 1400] is > 10 sigma away, so this cannot flake but catches a
  // missing or doubled symbol and gross modulo bias.
  std::array<int, 256> counts{};
  const std::string s = RandomAlnum(64000);
  for (unsigned char c : s) ++counts[c];
  for (char c : kAlnumAlphabet) {
    EXPECT_GT(counts[static_cast<unsigned char>(c)], 700) << c;
    EXPECT_LT(counts[static_cast<unsigned char>(c)], 1400) << c;
  }
}

TEST(RandomTest, RandomStringHonoursAlphabet) {
  EXPECT_EQ(RandomString(16, "x"), std::string(16, 'x'));
  const std::string s = RandomString(200, "ab-_");
  EXPECT_EQ(s.size(), 200u);
  EXPECT_EQ(s.find_first_not_of("ab-_"), std::string::npos);
  // A full 256-symbol alphabet needs no rejection.
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  EXPECT_EQ(RandomString(64, all).size(), 64u);
}

TEST(RandomDeathTest, RandomStringRejectsEmptyAlphabet) {
  EXPECT_DEATH(RandomString(4, ""), "alphabet");
}

TEST(RandomTest, RandomHexIsLowercaseHex) {
  const std::string hex = RandomHex(16);
  EXPECT_EQ(hex.size(), 32u);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace latchkey::crypto

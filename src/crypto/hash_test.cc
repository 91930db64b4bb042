// SHA-256 / SHA-1 (FIPS 180-2), HMAC-SHA256 (RFC 4231), HKDF (RFC 5869),
// HashToken and ConstantTimeEquals.
#include "crypto/hash.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/constant_time.h"
#include "crypto/encoding.h"
#include "crypto/token_hash.h"

namespace latchkey::crypto {
namespace {

std::string Repeat(char byte, std::size_t n) { return std::string(n, byte); }

std::string Range(int first, int last_exclusive) {
  std::string out;
  for (int i = first; i < last_exclusive; ++i) out.push_back(static_cast<char>(i));
  return out;
}

TEST(Sha256Test, Fips180Vectors) {
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256("abc").size(), kSha256Bytes);
}

TEST(Sha1Test, Fips180Vector) {
  EXPECT_EQ(HexEncode(Sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

struct HmacCase {
  const char* name;
  std::string key;
  std::string data;
  const char* hex;
};

TEST(HmacSha256Test, Rfc4231Vectors) {
  const HmacCase cases[] = {
      {"1", Repeat('\x0b', 20), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"2", "Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {"3", Repeat('\xaa', 20), Repeat('\xdd', 50),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {"4", Range(1, 26), Repeat('\xcd', 50),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      // Test case 5 truncates the output to 128 bits; we always return 256.
      {"6", Repeat('\xaa', 131), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {"7", Repeat('\xaa', 131),
       "This is a test using a larger than block-size key and a larger than block-size data. "
       "The key needs to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(HexEncode(HmacSha256(c.key, c.data)), c.hex) << "RFC 4231 test case " << c.name;
  }
}

TEST(HmacSha256Test, EmptyKeyAndMessage) {
  // Python: hmac.new(b"", b"", "sha256").hexdigest()
  EXPECT_EQ(HexEncode(HmacSha256("", "")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(HkdfSha256Test, Rfc5869Case1) {
  auto okm = HkdfSha256(Repeat('\x0b', 22), Range(0x00, 0x0d), Range(0xf0, 0xfa), 42);
  ASSERT_TRUE(okm.has_value());
  EXPECT_EQ(HexEncode(*okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST(HkdfSha256Test, Rfc5869Case2LongInputs) {
  auto okm = HkdfSha256(Range(0x00, 0x50), Range(0x60, 0xb0), Range(0xb0, 0x100), 82);
  ASSERT_TRUE(okm.has_value());
  EXPECT_EQ(HexEncode(*okm),
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271"
            "cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
}

TEST(HkdfSha256Test, Rfc5869Case3EmptySaltAndInfo) {
  auto okm = HkdfSha256(Repeat('\x0b', 22), "", "", 42);
  ASSERT_TRUE(okm.has_value());
  EXPECT_EQ(HexEncode(*okm),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

TEST(HkdfSha256Test, RejectsOutOfRangeLength) {
  for (std::size_t length : {std::size_t{0}, std::size_t{255 * 32 + 1}}) {
    auto r = HkdfSha256("ikm", "salt", "info", length);
    ASSERT_FALSE(r.has_value()) << length;
    EXPECT_EQ(r.error().code, "INVALID_KEY_LENGTH");
  }
  EXPECT_EQ(HkdfSha256("ikm", "salt", "info", 255 * 32).value().size(), 255u * 32);
}

TEST(TokenHashTest, IsLowercaseHexSha256) {
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HashToken("feK8zfKAwgHWlFllsY4Ovw3f5jlbHGri").size(), 64u);
  EXPECT_NE(HashToken("a"), HashToken("b"));
}

TEST(ConstantTimeEqualsTest, ComparesContentsAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "Secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_TRUE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace latchkey::crypto

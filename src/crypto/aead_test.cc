// AES-256-GCM Seal/Open: round trip, format, and refusal of every tamper.
#include "crypto/aead.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/encoding.h"

namespace latchkey::crypto {
namespace {

AeadKey TestKey(std::string_view info = "test:v1") {
  return DeriveKey("server-secret-0123456789abcdef", info).value();
}

TEST(AeadTest, RoundTripWithAssociatedData) {
  AeadKey key = TestKey();
  auto sealed = Seal(key, "totp-seed-bytes", "two_factor:user-1:key-1");
  ASSERT_TRUE(sealed.has_value());
  EXPECT_EQ(sealed->size(), std::string("totp-seed-bytes").size() + kAeadOverheadBytes);
  auto opened = Open(key, *sealed, "two_factor:user-1:key-1");
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(*opened, "totp-seed-bytes");
}

TEST(AeadTest, RoundTripEmptyPlaintext) {
  AeadKey key = TestKey();
  auto sealed = Seal(key, "");
  ASSERT_TRUE(sealed.has_value());
  EXPECT_EQ(sealed->size(), kAeadOverheadBytes);
  auto opened = Open(key, *sealed);
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(*opened, "");
}

// A fresh random nonce per call: sealing twice never repeats.
TEST(AeadTest, NonceIsFreshPerSeal) {
  AeadKey key = TestKey();
  std::string a = Seal(key, "same").value();
  std::string b = Seal(key, "same").value();
  EXPECT_NE(a.substr(0, kAeadNonceBytes), b.substr(0, kAeadNonceBytes));
  EXPECT_NE(a, b);
}

// Flipping any single bit (nonce, ciphertext or tag) must fail.
TEST(AeadTest, RejectsEveryBitFlip) {
  AeadKey key = TestKey();
  std::string sealed = Seal(key, "private-key-der", "aad").value();
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string tampered = sealed;
      tampered[i] = static_cast<char>(tampered[i] ^ (1 << bit));
      auto opened = Open(key, tampered, "aad");
      ASSERT_FALSE(opened.has_value()) << "byte " << i << " bit " << bit;
      EXPECT_EQ(opened.error().code, "DECRYPTION_FAILED");
    }
  }
}

TEST(AeadTest, RejectsWrongAssociatedData) {
  AeadKey key = TestKey();
  std::string sealed = Seal(key, "secret", "row-1").value();
  auto opened = Open(key, sealed, "row-2");
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, "DECRYPTION_FAILED");
}

// Keys derived for another purpose (HKDF info) or another secret differ.
TEST(AeadTest, RejectsWrongKey) {
  std::string sealed = Seal(TestKey("purpose-a"), "secret").value();
  EXPECT_FALSE(Open(TestKey("purpose-b"), sealed).has_value());
  AeadKey other = DeriveKey("another-server-secret", "purpose-a").value();
  EXPECT_FALSE(Open(other, sealed).has_value());
}

TEST(AeadTest, RejectsTruncatedAndExtended) {
  AeadKey key = TestKey();
  std::string sealed = Seal(key, "secret").value();
  EXPECT_FALSE(Open(key, sealed.substr(0, sealed.size() - 1)).has_value());
  EXPECT_FALSE(Open(key, sealed + "x").has_value());
  EXPECT_FALSE(Open(key, sealed.substr(0, kAeadOverheadBytes - 1)).has_value());
  EXPECT_FALSE(Open(key, "").has_value());
}

TEST(AeadTest, DeriveKeyIsDeterministicAndPurposeBound) {
  AeadKey a = TestKey("x");
  AeadKey b = TestKey("x");
  AeadKey c = TestKey("y");
  EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(a.data()), kAeadKeyBytes),
            std::string_view(reinterpret_cast<const char*>(b.data()), kAeadKeyBytes));
  EXPECT_NE(std::string_view(reinterpret_cast<const char*>(a.data()), kAeadKeyBytes),
            std::string_view(reinterpret_cast<const char*>(c.data()), kAeadKeyBytes));
  EXPECT_FALSE(DeriveKey("", "x").has_value());
}

TEST(AeadTest, FromBytesRequires32Bytes) {
  EXPECT_TRUE(AeadKey::FromBytes(std::string(32, 'k')).has_value());
  auto short_key = AeadKey::FromBytes(std::string(31, 'k'));
  ASSERT_FALSE(short_key.has_value());
  EXPECT_EQ(short_key.error().code, "INVALID_KEY_LENGTH");
}

// NIST GCM test vector (gcmEncryptExtIV256.rsp, Count 0 with 128-bit PT):
// pins the layout nonce || ciphertext || tag against a known answer.
TEST(AeadTest, OpensKnownAnswer) {
  AeadKey key =
      AeadKey::FromBytes(
          HexDecode("31bdadd96698c204aa9ce1448ea94ae1fb4a9a0b3c9d773b51bb1822666b8f22").value())
          .value();
  std::string sealed = HexDecode(
                           "0d18e06c7c725ac9e362e1ce"           // nonce
                           "fa4362189661d163fcd6a56d8bf0405a"   // ciphertext
                           "d636ac1bbedd5cc3ee727dc2ab4a9489")  // tag
                           .value();
  auto opened = Open(key, sealed);
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(HexEncode(*opened), "2db5168e932556f8089a0622981d017d");
}

}  // namespace
}  // namespace latchkey::crypto

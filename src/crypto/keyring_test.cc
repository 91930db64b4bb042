// Keyring: one key per purpose (ASVS 11.1.1 key separation), previous
// secrets accepted for verification and opening, never for signing.
#include "crypto/keyring.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/hash.h"
#include "crypto/signed_value.h"

namespace latchkey::crypto {
namespace {

const std::string kA(40, 'a');
const std::string kB(40, 'b');
const std::string kC(40, 'c');

TEST(KeyringTest, CurrentFirstThenPreviousWithoutRepeats) {
  Keyring ring(kB, {kA, "", kB, kA, kC});
  ASSERT_EQ(ring.secrets().size(), 3u);
  EXPECT_EQ(ring.current(), kB);
  EXPECT_EQ(ring.secrets()[1], kA);
  EXPECT_EQ(ring.secrets()[2], kC);
}

TEST(KeyringTest, LabelNamesThePurposeAndVersion) {
  EXPECT_EQ(Keyring::Label("known-devices"), "latchkey/known-devices/v1");
}

// ASVS 11.1.1: each purpose gets its own key, none of them the raw secret.
TEST(KeyringTest, EachPurposeHasItsOwnKey) {
  Keyring ring(kA, {});
  auto devices = ring.Key(purpose::kKnownDevices);
  auto outbox = ring.Key(purpose::kMailOutbox);
  ASSERT_TRUE(devices.has_value());
  ASSERT_TRUE(outbox.has_value());
  EXPECT_EQ(devices->size(), 32u);
  EXPECT_NE(*devices, *outbox);
  EXPECT_NE(*devices, kA);
  // RFC 5869 HKDF over the secret with the documented salt and label.
  EXPECT_EQ(*devices, HkdfSha256(kA, "latchkey:aead:v1", "latchkey/known-devices/v1", 32).value());
  EXPECT_EQ(ring.Key(purpose::kKnownDevices).value(), *devices);  // deterministic
}

TEST(KeyringTest, KeyFollowsTheCurrentSecret) {
  EXPECT_NE(Keyring(kA, {}).Key("p").value(), Keyring(kB, {kA}).Key("p").value());
  EXPECT_EQ(Keyring(kB, {kA}).Key("p").value(), Keyring(kB, {}).Key("p").value());
}

TEST(KeyringTest, CandidatesAreCurrentThenPrevious) {
  Keyring ring(kB, {kA});
  auto candidates = ring.Candidates("p");
  ASSERT_TRUE(candidates.has_value());
  ASSERT_EQ(candidates->size(), 2u);
  EXPECT_EQ((*candidates)[0], Keyring(kB, {}).Key("p").value());
  EXPECT_EQ((*candidates)[1], Keyring(kA, {}).Key("p").value());
}

TEST(KeyringTest, NoSecretIsAnError) {
  EXPECT_FALSE(Keyring("", {}).Key("p").has_value());
  EXPECT_FALSE(Keyring("", {kA}).Candidates("p").has_value());
}

// The JWT keys sealed before the keyring (DeriveKey with the full label)
// must still open: the derivation is the same.
TEST(KeyringTest, SealingKeyMatchesTheOlderDeriveKey) {
  auto legacy = DeriveKey(kA, "latchkey/jwks/private-key/v1").value();
  auto sealed = Seal(legacy, "private key bytes", "kid-1").value();
  auto opened = Keyring(kA, {}).Open(purpose::kJwksPrivateKey, sealed, "kid-1");
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(opened->plaintext, "private key bytes");
  EXPECT_EQ(opened->secret_index, 0u);
}

TEST(KeyringTest, OpensWhatAPreviousSecretSealedAndSaysWhich) {
  auto sealed = Seal(Keyring(kA, {}).SealingKey("p").value(), "data", "ad").value();
  auto opened = Keyring(kB, {kC, kA}).Open("p", sealed, "ad");
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(opened->plaintext, "data");
  EXPECT_EQ(opened->secret_index, 2u);
}

TEST(KeyringTest, RefusesWhatAnUnknownSecretOrPurposeSealed) {
  auto sealed = Seal(Keyring(kA, {}).SealingKey("p").value(), "data").value();
  EXPECT_FALSE(Keyring(kB, {kC}).Open("p", sealed).has_value());
  EXPECT_FALSE(Keyring(kA, {}).Open("other", sealed).has_value());
}

TEST(KeyringTest, SignedValueUnderAPreviousSecretIsAccepted) {
  const std::string cookie = SignValue("token123", kA);
  Keyring ring(kB, {kA});
  EXPECT_EQ(VerifySignedValue(cookie, ring.secrets()), "token123");
}

TEST(KeyringTest, SignedValueUnderAnUnknownSecretIsRefused) {
  const std::string cookie = SignValue("token123", kC);
  Keyring ring(kB, {kA});
  EXPECT_EQ(VerifySignedValue(cookie, ring.secrets()), std::nullopt);
  // Once the old secret is dropped, what it signed stops verifying.
  EXPECT_EQ(VerifySignedValue(SignValue("token123", kA), Keyring(kB, {}).secrets()), std::nullopt);
}

}  // namespace
}  // namespace latchkey::crypto

// KeyManager against a real SQLite file and a fake clock: creation on first
// use, sealing, rotation by interval, publication until the old key's tokens
// have expired, and recovery from a rotated secret or a changed algorithm.
#include "features/jwt/key_manager.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <optional>
#include <span>

#include "crypto/aead.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/jose/jws.h"
#include "features/jwt/jwt_feature.h"
#include "features/jwt/jwt_issuer.h"

namespace latchkey::audit {
std::span<const store::Migration> EmbeddedMigrations();
}  // namespace latchkey::audit

namespace latchkey::jwt {
namespace {

constexpr TimeMs kStart = 1'800'000'000'000;
constexpr TimeMs kDayMs = TimeMs{86400} * 1000;

class KeyManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/lk_jwks_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto s = store::Store::Open({.url = "sqlite:" + dir_ + "/auth.db"});
    ASSERT_TRUE(s) << s.error().detail;
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate(EmbeddedMigrations()));
    ASSERT_TRUE(store_->Migrate(audit::EmbeddedMigrations()));  // rotations are audited
    config_.secret = std::string(40, 's');
    config_.base_url = "https://auth.example.com";
    config_.Mutable<JwtSettings>().jwt_rotation_interval_s = 30 * 86400;
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string Kid(KeyManager& keys) {
    auto snapshot = keys.Current();
    EXPECT_TRUE(snapshot) << snapshot.error().detail;
    return snapshot ? (*snapshot)->signing.kid() : "";
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  Config config_;
  FakeClock clock_{kStart};
};

TEST_F(KeyManagerTest, FirstUseCreatesOneSealedKey) {
  KeyManager keys(config_, clock_, *store_);
  std::string kid = Kid(keys);
  EXPECT_FALSE(kid.empty());
  EXPECT_EQ(Kid(keys), kid) << "the same key until rotation";
  auto listed = keys.List();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*listed)[0].usable);
  // A second node (another KeyManager on the same table) uses the same key.
  KeyManager other(config_, clock_, *store_);
  EXPECT_EQ(Kid(other), kid);
}

TEST_F(KeyManagerTest, RotatesAfterTheIntervalAndKeepsPublishingTheOldKey) {
  KeyManager keys(config_, clock_, *store_);
  JwtIssuer issuer(config_, clock_, keys);
  users::User user{.id = "u1", .name = "Ada", .email = "ada@example.com"};
  auto old_token = issuer.Issue(user, 900);
  ASSERT_TRUE(old_token);
  std::string old_kid = Kid(keys);
  clock_.Advance(31 * kDayMs);
  std::string new_kid = Kid(keys);
  EXPECT_NE(new_kid, old_kid);
  // Each new key is one audit event (issue 13: key rotations in the audit log).
  auto rotations = store_->QueryOnce(
      "SELECT details, user_agent, client_address FROM audit_events WHERE event_type = "
      "'jwt.key_rotated' ORDER BY created_at");
  ASSERT_TRUE(rotations);
  ASSERT_EQ(rotations->size(), 2u);
  EXPECT_NE((*rotations)[1].GetString("details").value_or("").find(new_kid), std::string::npos);
  EXPECT_EQ((*rotations)[1].GetString("user_agent").value_or(""), "latchkey");
  auto address = (*rotations)[1].GetNullableString("client_address");
  ASSERT_TRUE(address);
  EXPECT_EQ(*address, std::nullopt);
  auto snapshot = keys.Current();
  ASSERT_TRUE(snapshot);
  EXPECT_NE((*snapshot)->published.Find(old_kid), nullptr);
  // The old key's token (expired by now) fails on time, not on an unknown kid.
  auto verified = issuer.Verify(*old_token);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, "JWT_EXPIRED");
  // Once every token it signed has expired (15 min + 10 min slack), it is withdrawn.
  clock_.Advance(KeyManager::kReloadInterval + 26 * 60 * 1000);
  snapshot = keys.Current();
  ASSERT_TRUE(snapshot);
  EXPECT_EQ((*snapshot)->published.Find(old_kid), nullptr);
  EXPECT_NE((*snapshot)->published.Find(new_kid), nullptr);
}

TEST_F(KeyManagerTest, TokensOfARotatedKeyVerifyUntilTheyExpire) {
  KeyManager keys(config_, clock_, *store_);
  JwtIssuer issuer(config_, clock_, keys);
  users::User user{.id = "u1", .name = "Ada", .email = "ada@example.com"};
  auto token = issuer.Issue(user, 900);
  ASSERT_TRUE(token);
  ASSERT_TRUE(keys.Rotate());
  clock_.Advance(60 * 1000);
  auto verified = issuer.Verify(*token);
  ASSERT_TRUE(verified) << verified.error().code;
  EXPECT_EQ(verified->claims.at("sub").as_string(), "u1");
  EXPECT_EQ(verified->claims.at("iss").as_string(), "https://auth.example.com");
}

// docs/architecture.md: the private key is sealed under the server secret; a new
// secret cannot open it, so a new key is made rather than failing.
TEST_F(KeyManagerTest, ANewSecretMakesANewKey) {
  std::string first;
  {
    KeyManager keys(config_, clock_, *store_);
    first = Kid(keys);
  }
  config_.secret = std::string(40, 't');
  clock_.Advance(1000);
  KeyManager keys(config_, clock_, *store_);
  std::string second = Kid(keys);
  EXPECT_NE(second, first);
  auto listed = keys.List();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_TRUE((*listed)[0].usable);
  EXPECT_FALSE((*listed)[1].usable);
}

TEST_F(KeyManagerTest, AChangedAlgorithmRotates) {
  std::string first;
  {
    KeyManager keys(config_, clock_, *store_);
    first = Kid(keys);
  }
  config_.Mutable<JwtSettings>().jwt_alg = "ES256";
  KeyManager keys(config_, clock_, *store_);
  auto snapshot = keys.Current();
  ASSERT_TRUE(snapshot);
  EXPECT_EQ((*snapshot)->signing.alg(), crypto::jose::Algorithm::kES256);
  EXPECT_NE((*snapshot)->published.Find(first), nullptr) << "old tokens still verify";
}

// Issue 9 (secret rotation): a key sealed under a secret that is now in
// previous_secrets keeps signing (no new key, so no JWKS churn), and the
// next start reseals it under the current secret, so the old secret can go.
TEST_F(KeyManagerTest, AKeyUnderAPreviousSecretKeepsSigningAndIsResealed) {
  const std::string old_secret = config_.secret;
  std::string first;
  {
    KeyManager keys(config_, clock_, *store_);
    first = Kid(keys);
  }
  config_.secret = std::string(40, 't');
  config_.previous_secrets = {old_secret};
  {
    KeyManager keys(config_, clock_, *store_);
    EXPECT_EQ(Kid(keys), first);
    auto listed = keys.List();
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_TRUE((*listed)[0].usable);
    EXPECT_TRUE((*listed)[0].under_previous_secret);
    ASSERT_TRUE(keys.EnsureKey());  // what `serve` runs at start
    listed = keys.List();
    ASSERT_TRUE(listed);
    EXPECT_FALSE((*listed)[0].under_previous_secret);
    auto again = keys.ResealUnderCurrentSecret();
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, 0u) << "resealed once";
  }
  config_.previous_secrets.clear();  // the old secret dropped
  KeyManager keys(config_, clock_, *store_);
  EXPECT_EQ(Kid(keys), first);
  auto listed = keys.List();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*listed)[0].usable);
}

// Rows written before the keyring existed: sealed with DeriveKey(secret,
// "latchkey/jwks/private-key/v1") and named by the same key id. They must
// open unchanged after the upgrade (the derivation did not change).
TEST_F(KeyManagerTest, ARowSealedBeforeTheKeyringStillOpens) {
  auto key = crypto::jose::SigningKey::Generate(crypto::jose::Algorithm::kEdDSA);
  ASSERT_TRUE(key);
  auto bytes = key->PrivateBytes();
  ASSERT_TRUE(bytes);
  auto seal_key = crypto::DeriveKey(config_.secret, "latchkey/jwks/private-key/v1");
  ASSERT_TRUE(seal_key);
  auto sealed = crypto::Seal(*seal_key, *bytes, key->kid());
  ASSERT_TRUE(sealed);
  const std::string enc_key_id =
      crypto::HexEncode(crypto::Sha256("latchkey/jwks/key-id/v1:" + config_.secret)).substr(0, 16);
  auto inserted = store::InTransaction(*store_, [&](store::Transaction& tx) -> Result<void> {
    LK_TRY(tx.Exec(
        "INSERT INTO jwks (id, alg, public_key, private_key, enc_key_id, created_at, retired_at) "
        "VALUES (?, 'EdDSA', ?, ?, ?, ?, NULL)",
        {key->kid(), key->PublicJwk(), crypto::Base64Encode(*sealed), enc_key_id, kStart}));
    return {};
  });
  ASSERT_TRUE(inserted) << inserted.error().detail;
  KeyManager keys(config_, clock_, *store_);
  EXPECT_EQ(Kid(keys), key->kid());
}

// The OpenID provider's RS256 key (OpenID Connect Core §15.1) beside the
// EdDSA one: both sign, both are published, and each rotates on its own
// family without retiring the other.
TEST_F(KeyManagerTest, AlsoSignKeepsAnRs256KeyBesideTheConfiguredOne) {
  KeyManager keys(config_, clock_, *store_);
  keys.AlsoSign(crypto::jose::Algorithm::kRS256);
  auto snapshot = keys.Current();
  ASSERT_TRUE(snapshot) << snapshot.error().detail;
  EXPECT_EQ((*snapshot)->signing.alg(), crypto::jose::Algorithm::kEdDSA);
  const auto* rs = (*snapshot)->SigningFor(crypto::jose::Algorithm::kRS256);
  ASSERT_NE(rs, nullptr);
  EXPECT_EQ((*snapshot)->published.size(), 2U);
  const std::string ed_kid = (*snapshot)->signing.kid();
  const std::string rs_kid = rs->kid();
  // A restart reuses both.
  KeyManager again(config_, clock_, *store_);
  again.AlsoSign(crypto::jose::Algorithm::kRS256);
  auto reloaded = again.Current();
  ASSERT_TRUE(reloaded);
  EXPECT_EQ((*reloaded)->signing.kid(), ed_kid);
  EXPECT_EQ((*reloaded)->SigningFor(crypto::jose::Algorithm::kRS256)->kid(), rs_kid);
  // After the interval both rotate; the old ones stay published.
  clock_.Advance(31 * kDayMs);
  KeyManager later(config_, clock_, *store_);
  later.AlsoSign(crypto::jose::Algorithm::kRS256);
  auto rotated = later.Current();
  ASSERT_TRUE(rotated);
  EXPECT_NE((*rotated)->signing.kid(), ed_kid);
  EXPECT_NE((*rotated)->SigningFor(crypto::jose::Algorithm::kRS256)->kid(), rs_kid);
  EXPECT_EQ((*rotated)->published.size(), 4U);
  // A manager that was not asked for RS256 leaves the RS256 key signing.
  KeyManager plain(config_, clock_, *store_);
  ASSERT_TRUE(plain.Current());
  auto listed = plain.List();
  ASSERT_TRUE(listed);
  int unretired = 0;
  for (const KeyInfo& info : *listed) unretired += info.retired_at ? 0 : 1;
  EXPECT_EQ(unretired, 2);
}

}  // namespace
}  // namespace latchkey::jwt

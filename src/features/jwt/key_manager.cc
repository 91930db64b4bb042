#include "features/jwt/key_manager.h"

#include <algorithm>

#include "core/json_writer.h"
#include "crypto/aead.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/keyring.h"
#include "features/audit/audit.h"
#include "observability/log.h"

namespace latchkey::jwt {
namespace {

namespace jose = crypto::jose;

constexpr TimeMs kPublishSlackMs = TimeMs{10} * 60 * 1000;  // skew + JWKS caches

// Names the secret that sealed a row without revealing anything about it.
std::string EncKeyId(std::string_view secret) {
  return crypto::HexEncode(crypto::Sha256("latchkey/jwks/key-id/v1:" + std::string(secret)))
      .substr(0, 16);
}

crypto::Keyring KeyringOf(const Config& config) {
  return crypto::Keyring(config.secret, config.previous_secrets);
}

jose::Algorithm ConfiguredAlg(const JwtSettings& settings) {
  return jose::ParseAlgorithm(settings.jwt_alg).value_or(jose::Algorithm::kEdDSA);
}

struct Row {
  KeyInfo info;
  std::string public_key;
  std::string private_key;
  std::string enc_key_id;
};

Result<std::vector<Row>> ReadRows(store::Store& store) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      store.QueryOnce("SELECT id, alg, public_key, private_key, enc_key_id, "
                                      "created_at, retired_at FROM jwks "
                                      "ORDER BY created_at DESC, retired_at IS NULL DESC"));
  std::vector<Row> out;
  for (const store::Row& r : rows) {
    Row row;
    LK_ASSIGN_OR_RETURN(row.info.kid, r.GetString("id"));
    LK_ASSIGN_OR_RETURN(row.info.alg, r.GetString("alg"));
    LK_ASSIGN_OR_RETURN(row.public_key, r.GetString("public_key"));
    LK_ASSIGN_OR_RETURN(row.private_key, r.GetString("private_key"));
    LK_ASSIGN_OR_RETURN(row.enc_key_id, r.GetString("enc_key_id"));
    LK_ASSIGN_OR_RETURN(row.info.created_at, r.GetInt("created_at"));
    LK_ASSIGN_OR_RETURN(row.info.retired_at, r.GetNullableInt("retired_at"));
    out.push_back(std::move(row));
  }
  return out;
}

struct OpenedKey {
  jose::SigningKey key;
  std::string private_bytes;
  std::size_t secret_index = 0;  // 0: the current secret; more: a previous one
};

// The signing key of `row`, or an error if it opens under none of the
// configured secrets (the secret was rotated and the old one dropped) or is
// damaged. The derivation is the one used before the keyring existed
// (Keyring's "jwks/private-key" = DeriveKey(secret, "latchkey/jwks/private-
// key/v1")), so rows sealed by earlier versions open unchanged.
Result<OpenedKey> OpenKey(const Config& config, const Row& row) {
  auto alg = jose::ParseAlgorithm(row.info.alg);
  if (!alg) return Fail(InternalError("jwks row " + row.info.kid + ": unknown alg"));
  const crypto::Keyring keyring = KeyringOf(config);
  const auto& secrets = keyring.secrets();
  if (std::none_of(secrets.begin(), secrets.end(),
                   [&](const std::string& secret) { return row.enc_key_id == EncKeyId(secret); })) {
    return Fail(InternalError("jwks row " + row.info.kid + " is sealed under another secret"));
  }
  LK_ASSIGN_OR_RETURN(auto sealed, crypto::Base64Decode(row.private_key));
  LK_ASSIGN_OR_RETURN(auto opened, keyring.Open(crypto::purpose::kJwksPrivateKey, sealed,
                                                /*associated_data=*/row.info.kid));
  LK_ASSIGN_OR_RETURN(auto key,
                      jose::SigningKey::FromPrivateBytes(*alg, opened.plaintext, row.info.kid));
  return OpenedKey{std::move(key), std::move(opened.plaintext), opened.secret_index};
}

Result<std::string> SealUnderCurrent(const Config& config, std::string_view private_bytes,
                                     const std::string& kid) {
  LK_ASSIGN_OR_RETURN(auto seal_key,
                      KeyringOf(config).SealingKey(crypto::purpose::kJwksPrivateKey));
  LK_ASSIGN_OR_RETURN(auto sealed, crypto::Seal(seal_key, private_bytes, /*associated_data=*/kid));
  return crypto::Base64Encode(sealed);
}

}  // namespace

KeyManager::KeyManager(const Config& config, const Clock& clock, store::Store& store)
    : config_(config), settings_(config.Get<JwtSettings>()), clock_(clock), store_(store) {}

const jose::SigningKey* KeySnapshot::SigningFor(jose::Algorithm alg) const {
  if (signing.alg() == alg) return &signing;
  for (const jose::SigningKey& key : also) {
    if (key.alg() == alg) return &key;
  }
  return nullptr;
}

void KeyManager::AlsoSign(jose::Algorithm alg) {
  if (alg == ConfiguredAlg(settings_)) return;
  if (std::find(also_.begin(), also_.end(), alg) == also_.end()) also_.push_back(alg);
}

TimeMs KeyManager::PublishFor() const {
  const std::int64_t longest_s = std::max(settings_.jwt_expires_in_s, settings_.access_token_ttl_s);
  return longest_s * 1000 + kPublishSlackMs;
}

Result<std::shared_ptr<const KeySnapshot>> KeyManager::Current() {
  const TimeMs now = clock_.NowMs();
  {
    std::lock_guard lock(snapshot_mu_);
    if (snapshot_ && now - snapshot_->loaded_at < kReloadInterval) return snapshot_;
  }
  std::lock_guard reload(reload_mu_);
  {
    std::lock_guard lock(snapshot_mu_);  // another thread may have reloaded meanwhile
    if (snapshot_ && now - snapshot_->loaded_at < kReloadInterval) return snapshot_;
  }
  auto fresh = Reload(now);
  if (!fresh) {
    // Keep signing with the last good keys while the database is away.
    std::lock_guard lock(snapshot_mu_);
    if (snapshot_) {
      log::Warn("jwks reload failed; using the loaded keys", {{"detail", fresh.error().detail}});
      return snapshot_;
    }
    return fresh;
  }
  std::lock_guard lock(snapshot_mu_);
  snapshot_ = *fresh;
  return snapshot_;
}

Result<std::shared_ptr<const KeySnapshot>> KeyManager::Reload(TimeMs now) {
  LK_ASSIGN_OR_RETURN(std::vector<Row> rows, ReadRows(store_));
  // The signing key of `alg`: the newest unretired row of it, unless it is
  // due for rotation or unusable (then none: a new one is made). A change
  // of jwt_alg finds none of the new algorithm and rotates.
  auto pick = [&](jose::Algorithm alg) -> std::optional<jose::SigningKey> {
    for (const Row& row : rows) {
      if (row.info.retired_at || row.info.alg != jose::AlgorithmName(alg)) continue;
      const bool due = settings_.jwt_rotation_interval_s > 0 &&
                       now - row.info.created_at >= settings_.jwt_rotation_interval_s * 1000;
      auto opened = OpenKey(config_, row);
      if (!opened) log::Warn("jwks key unusable; rotating", {{"detail", opened.error().detail}});
      if (opened && !due) return std::move(opened->key);
      return std::nullopt;
    }
    return std::nullopt;
  };
  std::optional<jose::SigningKey> signing = pick(ConfiguredAlg(settings_));
  bool rotated = false;
  if (!signing) {
    LK_TRY(RotateOne(ConfiguredAlg(settings_), true));
    rotated = true;
  }
  std::vector<jose::SigningKey> also;
  for (jose::Algorithm alg : also_) {
    if (auto key = pick(alg)) {
      also.push_back(std::move(*key));
      continue;
    }
    LK_TRY(RotateOne(alg, false));
    rotated = true;
  }
  if (rotated) {
    LK_ASSIGN_OR_RETURN(rows, ReadRows(store_));
    signing = pick(ConfiguredAlg(settings_));
    also.clear();
    for (jose::Algorithm alg : also_) {
      if (auto key = pick(alg)) also.push_back(std::move(*key));
    }
    if (!signing || also.size() != also_.size()) {
      return Fail(InternalError("no signing key after rotation"));
    }
  }
  auto snapshot =
      std::make_shared<KeySnapshot>(KeySnapshot{*signing, {}, {}, now, std::move(also)});
  for (const Row& row : rows) {
    if (row.info.retired_at && now > *row.info.retired_at + PublishFor()) continue;
    auto key = jose::VerifyKey::FromJwk(row.public_key);
    if (!key) {
      log::Warn("jwks public key unreadable", {{"kid", row.info.kid}});
      continue;
    }
    LK_TRY(snapshot->published.Add(std::move(*key)));
  }
  snapshot->jwks_json = snapshot->published.ToJwksJson();
  return std::shared_ptr<const KeySnapshot>(std::move(snapshot));
}

Result<KeyInfo> KeyManager::Insert(store::Transaction& tx, TimeMs now, jose::Algorithm alg) {
  LK_ASSIGN_OR_RETURN(auto key, jose::SigningKey::Generate(alg));
  LK_ASSIGN_OR_RETURN(auto bytes, key.PrivateBytes());
  LK_ASSIGN_OR_RETURN(auto sealed, SealUnderCurrent(config_, bytes, key.kid()));
  KeyInfo info{key.kid(), std::string(jose::AlgorithmName(alg)), now, std::nullopt, true, true};
  LK_TRY(tx.Exec(
      "INSERT INTO jwks (id, alg, public_key, private_key, enc_key_id, created_at, retired_at) "
      "VALUES (?, ?, ?, ?, ?, ?, NULL)",
      {info.kid, info.alg, key.PublicJwk(), sealed, EncKeyId(config_.secret), now}));
  return info;
}

Result<std::size_t> KeyManager::ResealUnderCurrentSecret() {
  if (config_.previous_secrets.empty()) return 0;  // nothing can be under another secret
  LK_ASSIGN_OR_RETURN(std::vector<Row> rows, ReadRows(store_));
  std::size_t resealed = 0;
  for (const Row& row : rows) {
    auto opened = OpenKey(config_, row);
    if (!opened || opened->secret_index == 0) continue;
    LK_ASSIGN_OR_RETURN(auto sealed,
                        SealUnderCurrent(config_, opened->private_bytes, row.info.kid));
    // Guarded by the old key id: another node resealing at the same time
    // makes this a no-op rather than a second write.
    LK_ASSIGN_OR_RETURN(
        auto changed,
        store::InTransaction(store_, [&](store::Transaction& tx) -> Result<std::int64_t> {
          return tx.Exec(
              "UPDATE jwks SET private_key = ?, enc_key_id = ? "
              "WHERE id = ? AND enc_key_id = ?",
              {sealed, EncKeyId(config_.secret), row.info.kid, row.enc_key_id});
        }));
    if (changed > 0) {
      ++resealed;
      log::Info("jwks key resealed under the current secret", {{"kid", row.info.kid}});
    }
  }
  return resealed;
}

Result<void> KeyManager::EnsureKey() {
  LK_TRY(ResealUnderCurrentSecret());
  LK_ASSIGN_OR_RETURN(auto rows, store_.QueryOnce("SELECT id FROM jwks LIMIT 1"));
  if (!rows.empty()) return {};
  LK_TRY(Current());
  return {};
}

Result<KeyInfo> KeyManager::Rotate() {
  LK_ASSIGN_OR_RETURN(KeyInfo created, RotateOne(ConfiguredAlg(settings_), true));
  for (jose::Algorithm alg : also_) LK_TRY(RotateOne(alg, false));
  return created;
}

Result<KeyInfo> KeyManager::RotateOne(jose::Algorithm alg, bool primary) {
  const TimeMs now = clock_.NowMs();
  LK_ASSIGN_OR_RETURN(
      KeyInfo created, store::InTransaction(store_, [&](store::Transaction& tx) -> Result<KeyInfo> {
        LK_ASSIGN_OR_RETURN(KeyInfo info, Insert(tx, now, alg));
        // Retire the family's other keys: jwt_alg's family is every key not
        // of an AlsoSign() algorithm.
        std::string sql = "UPDATE jwks SET retired_at = ? WHERE retired_at IS NULL AND id <> ?";
        std::vector<store::Value> params = {now, info.kid};
        if (primary) {
          for (jose::Algorithm other : also_) {
            sql += " AND alg <> ?";
            params.emplace_back(std::string(jose::AlgorithmName(other)));
          }
        } else {
          sql += " AND alg = ?";
          params.emplace_back(info.alg);
        }
        LK_TRY(tx.Exec(sql, params));
        std::string details;
        json::ObjectWriter(details).String("kid", info.kid).String("alg", info.alg).Close();
        LK_TRY(audit::RecordWithoutRequest(
            tx, clock_, "latchkey",
            {.type = "jwt.key_rotated", .outcome = audit::kSuccess, .details_json = details}));
        return info;
      }));
  log::Info("jwks key created", {{"kid", created.kid}, {"alg", created.alg}});
  std::lock_guard lock(snapshot_mu_);
  snapshot_.reset();  // the next Current() reloads
  return created;
}

Result<std::vector<KeyInfo>> KeyManager::List() {
  const TimeMs now = clock_.NowMs();
  LK_ASSIGN_OR_RETURN(std::vector<Row> rows, ReadRows(store_));
  std::vector<KeyInfo> out;
  for (Row& row : rows) {
    row.info.published = !row.info.retired_at || now <= *row.info.retired_at + PublishFor();
    auto opened = OpenKey(config_, row);
    row.info.usable = opened.has_value();
    row.info.under_previous_secret = opened && opened->secret_index > 0;
    out.push_back(row.info);
  }
  return out;
}

}  // namespace latchkey::jwt

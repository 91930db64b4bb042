#include "features/jwt/key_manager.h"

#include <algorithm>

#include "crypto/aead.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "observability/log.h"

namespace latchkey::jwt {
namespace {

namespace jose = crypto::jose;

constexpr std::string_view kSealInfo = "latchkey/jwks/private-key/v1";
constexpr TimeMs kPublishSlackMs = TimeMs{10} * 60 * 1000;  // skew + JWKS caches

// Names the secret-derived sealing key without revealing anything about it.
std::string EncKeyId(const Config& config) {
  return crypto::HexEncode(crypto::Sha256("latchkey/jwks/key-id/v1:" + config.secret))
      .substr(0, 16);
}

jose::Algorithm ConfiguredAlg(const Config& config) {
  return jose::ParseAlgorithm(config.jwt_alg).value_or(jose::Algorithm::kEdDSA);
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

// The signing key of `row`, or an error if it does not open under this
// server's secret (the secret was rotated) or is damaged.
Result<jose::SigningKey> OpenKey(const Config& config, const Row& row) {
  auto alg = jose::ParseAlgorithm(row.info.alg);
  if (!alg) return Fail(InternalError("jwks row " + row.info.kid + ": unknown alg"));
  if (row.enc_key_id != EncKeyId(config)) {
    return Fail(InternalError("jwks row " + row.info.kid + " is sealed under another secret"));
  }
  LK_ASSIGN_OR_RETURN(auto key, crypto::DeriveKey(config.secret, kSealInfo));
  LK_ASSIGN_OR_RETURN(auto sealed, crypto::Base64Decode(row.private_key));
  LK_ASSIGN_OR_RETURN(auto bytes, crypto::Open(key, sealed, /*associated_data=*/row.info.kid));
  return jose::SigningKey::FromPrivateBytes(*alg, bytes, row.info.kid);
}

}  // namespace

KeyManager::KeyManager(const Config& config, const Clock& clock, store::Store& store)
    : config_(config), clock_(clock), store_(store) {}

TimeMs KeyManager::PublishFor() const {
  const std::int64_t longest_s = std::max(config_.jwt_expires_in_s, config_.access_token_ttl_s);
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
  std::optional<jose::SigningKey> signing;
  const Row* current = nullptr;
  for (const Row& row : rows) {
    if (!row.info.retired_at) {
      current = &row;
      break;
    }
  }
  if (current) {
    const bool due = config_.jwt_rotation_interval_s > 0 &&
                     now - current->info.created_at >= config_.jwt_rotation_interval_s * 1000;
    const bool wrong_alg = current->info.alg != jose::AlgorithmName(ConfiguredAlg(config_));
    auto opened = OpenKey(config_, *current);
    if (!opened) log::Warn("jwks key unusable; rotating", {{"detail", opened.error().detail}});
    if (opened && !due && !wrong_alg) signing = std::move(*opened);
  }
  if (!signing) {
    LK_TRY(Rotate());
    LK_ASSIGN_OR_RETURN(rows, ReadRows(store_));
    auto fresh =
        std::find_if(rows.begin(), rows.end(), [](const Row& row) { return !row.info.retired_at; });
    if (fresh == rows.end()) return Fail(InternalError("no signing key after rotation"));
    LK_ASSIGN_OR_RETURN(signing, OpenKey(config_, *fresh));
  }
  auto snapshot = std::make_shared<KeySnapshot>(KeySnapshot{*signing, {}, {}, now});
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

Result<KeyInfo> KeyManager::Insert(store::Transaction& tx, TimeMs now) {
  const jose::Algorithm alg = ConfiguredAlg(config_);
  LK_ASSIGN_OR_RETURN(auto key, jose::SigningKey::Generate(alg));
  LK_ASSIGN_OR_RETURN(auto bytes, key.PrivateBytes());
  LK_ASSIGN_OR_RETURN(auto seal_key, crypto::DeriveKey(config_.secret, kSealInfo));
  LK_ASSIGN_OR_RETURN(auto sealed, crypto::Seal(seal_key, bytes, /*associated_data=*/key.kid()));
  KeyInfo info{key.kid(), std::string(jose::AlgorithmName(alg)), now, std::nullopt, true, true};
  LK_TRY(tx.Exec(
      "INSERT INTO jwks (id, alg, public_key, private_key, enc_key_id, created_at, retired_at) "
      "VALUES (?, ?, ?, ?, ?, ?, NULL)",
      {info.kid, info.alg, key.PublicJwk(), crypto::Base64Encode(sealed), EncKeyId(config_), now}));
  return info;
}

Result<void> KeyManager::EnsureKey() {
  LK_ASSIGN_OR_RETURN(auto rows, store_.QueryOnce("SELECT id FROM jwks LIMIT 1"));
  if (!rows.empty()) return {};
  LK_TRY(Current());
  return {};
}

Result<KeyInfo> KeyManager::Rotate() {
  const TimeMs now = clock_.NowMs();
  LK_ASSIGN_OR_RETURN(
      KeyInfo created, store::InTransaction(store_, [&](store::Transaction& tx) -> Result<KeyInfo> {
        LK_ASSIGN_OR_RETURN(KeyInfo info, Insert(tx, now));
        LK_TRY(tx.Exec("UPDATE jwks SET retired_at = ? WHERE retired_at IS NULL AND id <> ?",
                       {now, info.kid}));
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
    row.info.usable = OpenKey(config_, row).has_value();
    out.push_back(row.info);
  }
  return out;
}

}  // namespace latchkey::jwt

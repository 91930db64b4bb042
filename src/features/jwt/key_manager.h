// The JWT signing keys: generated on first use, sealed at rest, rotated on
// an interval, and published in /jwks until every token they signed has
// expired (issue 4). Several nodes share the jwks table: each reloads it at
// most every kReloadInterval, so a rotation on one node reaches the others
// within that time, and a retired key stays published long after that.
// Thread-safety: all methods are safe to call concurrently; readers get an
// immutable snapshot and never wait for the database on the hot path.
#ifndef LK_FEATURES_JWT_KEY_MANAGER_H_
#define LK_FEATURES_JWT_KEY_MANAGER_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/config.h"
#include "core/result.h"
#include "crypto/jose/key.h"
#include "crypto/jose/key_set.h"
#include "features/jwt/jwt_settings.h"
#include "store/store.h"

namespace latchkey::jwt {

struct KeyInfo {
  std::string kid;
  std::string alg;
  TimeMs created_at = 0;
  std::optional<TimeMs> retired_at;
  bool published = false;              // in /jwks now
  bool usable = false;                 // its private key opens under one of the configured secrets
  bool under_previous_secret = false;  // ... under a previous one (resealed at the next start)
};

// What signing and verifying need, built once per reload.
struct KeySnapshot {
  crypto::jose::SigningKey signing;  // the newest unretired key of jwt_alg
  crypto::jose::KeySet published;    // every key a live token may name
  std::string jwks_json;             // published.ToJwksJson(), cached
  TimeMs loaded_at = 0;
  // The newest unretired key of each algorithm AlsoSign() asked for.
  std::vector<crypto::jose::SigningKey> also;

  // The signing key of `alg`: `signing` when it is of that algorithm, else
  // one of `also`; nullptr when neither.
  const crypto::jose::SigningKey* SigningFor(crypto::jose::Algorithm alg) const;
};

class KeyManager {
 public:
  KeyManager(const Config& config, const Clock& clock, store::Store& store);

  // Keeps a signing key of `alg` too, beside jwt_alg's, created, rotated
  // and published like it (the OpenID provider's RS256, which OpenID Connect
  // requires). REQUIRES: called at startup, before the first Current().
  void AlsoSign(crypto::jose::Algorithm alg);

  // The current snapshot, reloading (and creating or rotating a key) when it
  // is older than kReloadInterval. Errors: as the store; kInternal when no
  // key can be created.
  Result<std::shared_ptr<const KeySnapshot>> Current();

  // Reseals keys sealed under a previous secret, then creates the first key
  // when the table is empty (`serve` calls it at start); otherwise leaves loading to the first
  // Current(), so a restart touches no key material until a JWT is needed.
  Result<void> EnsureKey();

  // Reseals, under the current secret, every private key that opens only
  // under one of previous_secrets (after `latchkey secret rotate`), so the
  // old secret can later be dropped. EnsureKey() calls it. Returns how many.
  Result<std::size_t> ResealUnderCurrentSecret();

  // Makes a new signing key now and retires the current one (it stays
  // published). Returns the new key's info.
  Result<KeyInfo> Rotate();

  // Every key in the table, newest first.
  Result<std::vector<KeyInfo>> List();

  static constexpr TimeMs kReloadInterval = TimeMs{60} * 1000;

 private:
  Result<std::shared_ptr<const KeySnapshot>> Reload(TimeMs now);
  Result<KeyInfo> Insert(store::Transaction& tx, TimeMs now, crypto::jose::Algorithm alg);
  // A new key of `alg` retiring the current one of the same family (jwt_alg's
  // family: every algorithm not in also_).
  Result<KeyInfo> RotateOne(crypto::jose::Algorithm alg, bool primary);
  // Publication ends this long after retirement: the longest token lifetime
  // plus slack for clock skew and JWKS caches.
  TimeMs PublishFor() const;

  const Config& config_;
  const JwtSettings settings_;  // read once, at construction
  const Clock& clock_;
  store::Store& store_;
  std::vector<crypto::jose::Algorithm> also_;  // set at startup (AlsoSign)
  std::mutex reload_mu_;                       // one reload at a time
  mutable std::mutex snapshot_mu_;
  std::shared_ptr<const KeySnapshot> snapshot_;  // GUARDED_BY(snapshot_mu_)
};

}  // namespace latchkey::jwt

#endif  // LK_FEATURES_JWT_KEY_MANAGER_H_

// Password hashing for the credential routes: NFKC normalisation, then
// Argon2id on the bounded KDF pool (docs/architecture.md). When the pool's queue is
// full the call fails at once with 503 + Retry-After instead of waiting.
// Thread-safety: safe for concurrent use.
#ifndef LK_FEATURES_EMAIL_PASSWORD_PASSWORD_HASHER_H_
#define LK_FEATURES_EMAIL_PASSWORD_PASSWORD_HASHER_H_

#include <string>
#include <string_view>

#include "core/bounded_pool.h"
#include "core/config.h"
#include "core/result.h"
#include "crypto/password_hash.h"
#include "features/email_password/email_password_settings.h"

namespace latchkey::email_password {

class PasswordHasher {
 public:
  PasswordHasher(const Config& config, BoundedPool& pool);

  // Errors: SERVICE_UNAVAILABLE (503) when the KDF pool is full;
  // kInternal if hashing fails.
  Result<std::string> Hash(std::string_view password) const;
  // Errors: SERVICE_UNAVAILABLE (503) when the KDF pool is full.
  Result<bool> Verify(std::string_view password, std::string_view phc) const;
  // The same work as a Verify, against a fixed hash: used for unknown
  // accounts so timing does not reveal which e-mails exist (ASVS 2.2.1).
  Result<void> BurnEquivalentWork(std::string_view password) const;
  bool NeedsRehash(std::string_view phc) const;
  // True while a hash would be refused (the KDF queue is full): what the
  // I/O thread's load shedder checks (app/application.cc).
  bool Saturated() const;
  // SERVICE_UNAVAILABLE (503) with Retry-After: 1, the refusal of a full pool.
  static Error BusyError();

 private:
  std::string Normalize(std::string_view password) const;

  crypto::Argon2Params params_;
  BoundedPool& pool_;
};

}  // namespace latchkey::email_password

#endif  // LK_FEATURES_EMAIL_PASSWORD_PASSWORD_HASHER_H_

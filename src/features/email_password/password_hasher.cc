#include "features/email_password/password_hasher.h"

#include "features/common/base_errors.h"
#include "observability/tracing/span.h"

namespace latchkey::email_password {
namespace {

Error Busy() {
  Error error = MakeError(errors::kBusy, "kdf pool queue full");
  error.retry_after_seconds = 1;
  return error;
}

}  // namespace

bool PasswordHasher::Saturated() const { return pool_.Saturated(); }

Error PasswordHasher::BusyError() { return Busy(); }

PasswordHasher::PasswordHasher(const Config& config, BoundedPool& pool)
    : params_{config.Get<EmailPasswordSettings>().argon2_memory_kib,
              config.Get<EmailPasswordSettings>().argon2_iterations},
      pool_(pool) {}

// Better Auth hashes password.normalize("NFKC"); so do we, so that a
// password typed in another Unicode form still matches. Invalid UTF-8 is
// hashed as given: it can never equal a valid password's normal form.
std::string PasswordHasher::Normalize(std::string_view password) const {
  auto normalized = crypto::NormalizePassword(password);
  return normalized ? *normalized : std::string(password);
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  tracing::Span span("password.hash");  // the wait for the KDF pool included
  std::string normalized = Normalize(password);
  auto result = pool_.RunAndWait([&] { return crypto::HashPassword(normalized, params_); });
  if (!result) {
    span.SetError("kdf pool full");
    return Fail(Busy());
  }
  return std::move(*result);
}

Result<bool> PasswordHasher::Verify(std::string_view password, std::string_view phc) const {
  tracing::Span span("password.verify");
  std::string normalized = Normalize(password);
  auto result = pool_.RunAndWait([&] { return crypto::VerifyPassword(normalized, phc); });
  if (!result) {
    span.SetError("kdf pool full");
    return Fail(Busy());
  }
  return *result;
}

Result<void> PasswordHasher::BurnEquivalentWork(std::string_view password) const {
  // Named as a verification: a trace must not tell an unknown account from a
  // wrong password any more than the response's timing does.
  tracing::Span span("password.verify");
  std::string normalized = Normalize(password);
  auto result = pool_.RunAndWait([&] {
    crypto::BurnPasswordWork(normalized, params_);
    return true;
  });
  if (!result) {
    span.SetError("kdf pool full");
    return Fail(Busy());
  }
  return {};
}

bool PasswordHasher::NeedsRehash(std::string_view phc) const {
  return crypto::NeedsRehash(phc, params_);
}

}  // namespace latchkey::email_password

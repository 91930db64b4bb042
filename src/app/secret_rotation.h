// The server secret's keyring on the operator's side: previous_secrets
// checks, the --dev files (var/secret, var/previous_secrets) and `latchkey
// secret rotate`. The workflow is in docs/operations.md, "Rotating the
// server secret"; crypto/keyring.h is what the server does with the keyring.
#ifndef LK_APP_SECRET_ROTATION_H_
#define LK_APP_SECRET_ROTATION_H_

#include <string>
#include <vector>

#include "core/config.h"
#include "core/result.h"

namespace latchkey::app {

// Every previous secret must have been a valid secret (≥ kMinSecretBytes).
// With --dev and no secret configured, reads <var_dir>/previous_secrets (one
// per line, newest first, written by `secret rotate --dev`) when
// previous_secrets is not set. Errors name the entry, never its value.
Result<void> CheckPreviousSecrets(Config& config, const std::string& var_dir);

struct RotatedSecret {
  std::string secret;                 // the new current secret
  std::vector<std::string> previous;  // the old current secret, then the older ones
};

// The new keyring after a rotation of `config`'s: a fresh random secret
// (32 bytes, base64), the old one first among the previous secrets.
RotatedSecret RotatedKeyring(const Config& config);

// --dev: rotates <var_dir>/secret in place, keeping the old secret in
// <var_dir>/previous_secrets; both files mode 0600, replaced atomically.
// Errors: INVALID_CONFIG when there is no <var_dir>/secret or a file cannot
// be written.
Result<RotatedSecret> RotateSecretFiles(const std::string& var_dir);

// `latchkey secret rotate`: with --dev (and no configured secret) rotates
// the var/ files; otherwise prints the new `secret` and `previous_secrets`
// settings, as environment lines (`format` "env") or TOML ("toml").
int RunSecretRotate(Config config, const std::string& format);

}  // namespace latchkey::app

#endif  // LK_APP_SECRET_ROTATION_H_

// Better Auth's signed cookie values (docs/api.md; better-call's
// signCookieValue / getSignedCookie): `value "." base64std(HMAC-SHA256(
// key=secret, msg=value))`. The signature is always 44 characters ending in
// one '='. Percent-encoding for the Cookie header is the HTTP layer's job.
// Thread-safety: pure; safe to call concurrently.
#ifndef LK_CRYPTO_SIGNED_VALUE_H_
#define LK_CRYPTO_SIGNED_VALUE_H_

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace latchkey::crypto {

// Length of the base64 HMAC-SHA256 signature, including its '=' pad.
inline constexpr std::size_t kSignatureChars = 44;

// Returns `value + "." + base64std(HMAC-SHA256(secret, value))`, not
// percent-encoded. `secret` is used as its raw (UTF-8) bytes.
std::string SignValue(std::string_view value, std::string_view secret);

// Checks a value produced by SignValue with the same secret. Splits at the
// last '.', as better-call does; returns the part before it if the part after
// it is exactly 44 characters ending in '=' and equals the expected signature
// (constant-time). Returns nullopt if there is no '.', the value part is empty
// (better-call: lastIndexOf(".") < 1), the signature is malformed or it does
// not match. Stricter than better-call in one way: a non-canonical base64
// signature (nonzero unused bits, which atob() tolerates) is rejected; we
// never issue one.
std::optional<std::string> VerifySignedValue(std::string_view signed_value,
                                             std::string_view secret);

// The same against each of `secrets` in turn (Keyring::secrets(): the
// current secret, then the previous ones), so values signed before a secret
// rotation stay valid while the old secret is kept.
std::optional<std::string> VerifySignedValue(std::string_view signed_value,
                                             std::span<const std::string> secrets);

}  // namespace latchkey::crypto

#endif  // LK_CRYPTO_SIGNED_VALUE_H_

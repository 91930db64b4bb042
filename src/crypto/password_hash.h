// Password hashing: Argon2id through libsodium (PHC strings), Unicode NFKC
// normalisation of the input as Better Auth does (password.normalize("NFKC")),
// and a dummy verification that evens out the cost of unknown accounts.
//
// Hashing is deliberately slow and memory-hungry (64 MiB by default): callers
// run it on the bounded KDF pool (docs/design.md, "Threading"), never on an I/O thread.
// Thread-safety: every function is safe to call concurrently.
#ifndef LK_CRYPTO_PASSWORD_HASH_H_
#define LK_CRYPTO_PASSWORD_HASH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace latchkey::crypto {

// Argon2id cost. The parallelism is always 1 (libsodium's only choice). The
// defaults are RFC 9106 §4's second recommendation (64 MiB, t=3) at p=1,
// above OWASP's m=19 MiB/t=2 minimum (docs/operations.md).
struct Argon2Params {
  std::uint32_t memory_kib = 65536;  // m, in KiB; >= 8
  std::uint32_t iterations = 3;      // t; >= 1
};

// Checks `params` against libsodium's limits (m in [8 KiB, its max], t >= 1).
// For configuration loading. Errors: kInvalidArgument INVALID_ARGON2_PARAMS.
Result<void> ValidateArgon2Params(const Argon2Params& params);

// Hashes `password` (raw bytes, normally NormalizePassword's output) with a
// fresh 16-byte random salt. Returns a PHC string such as
// "$argon2id$v=19$m=65536,t=3,p=1$<salt b64>$<hash b64>" (at most 127 chars).
// Errors: kInternal if memory cannot be allocated or `params` fail
// ValidateArgon2Params (a configuration bug).
Result<std::string> HashPassword(std::string_view password, const Argon2Params& params);

// True iff `phc` is an argon2id (or legacy argon2i) PHC string that matches
// `password`. Takes the cost from `phc` itself, and verifies hashes with any
// parallelism (libargon2's p=2/p=4 hashes too). Never fails: returns false
// for anything malformed, unsupported (argon2d, bcrypt, scrypt), longer than
// 512 characters, or unaffordable (out of memory). The tag comparison inside
// libsodium is constant-time. `phc` is trusted to come from our own store:
// its m/t decide the cost of this call.
bool VerifyPassword(std::string_view password, std::string_view phc);

// True if `phc` should be replaced by a fresh HashPassword(…, params) after a
// successful sign-in: it is not "$argon2id$v=19$", or its m, t or p differ
// from `params` (p != 1), or it is malformed.
bool NeedsRehash(std::string_view phc, const Argon2Params& params);

// Costs what VerifyPassword against a `params` hash costs, and discards the
// result. Call it when the account is unknown or has no password, so that the
// response time does not reveal which accounts exist (ASVS 2.2.1,
// docs/operations.md). The dummy hash is computed lazily, once per
// distinct params, and cached for the process lifetime; the first call for
// new params therefore costs one extra hash unless PrecomputeDummyHash ran.
void BurnPasswordWork(std::string_view password, const Argon2Params& params);

// Computes and caches the dummy hash BurnPasswordWork uses for `params`, so
// that the first unknown-account sign-in is not slower than later ones. Call
// at startup (optional). Returns the dummy hash (a PHC string of `params`'
// cost), or nullopt when it cannot be computed (it is then retried on the
// next BurnPasswordWork).
std::optional<std::string> PrecomputeDummyHash(const Argon2Params& params);

// Unicode NFKC normalisation (ICU), identical to JavaScript's
// String.prototype.normalize("NFKC") that Better Auth applies before hashing.
// Apply it to every password before HashPassword / VerifyPassword.
// Errors: kInvalidArgument INVALID_PASSWORD_ENCODING if `utf8` is not
// well-formed UTF-8 (overlong forms, surrogates, truncated sequences) or is
// longer than 1 MiB; kInternal if ICU fails.
Result<std::string> NormalizePassword(std::string_view utf8);

}  // namespace latchkey::crypto

#endif  // LK_CRYPTO_PASSWORD_HASH_H_

// Argon2id password hashing over libsodium's crypto_pwhash_str_* API, plus
// the PHC parsing NeedsRehash needs and the cached dummy hashes behind
// BurnPasswordWork. NormalizePassword lives in password_normalize.cc.
#include "crypto/password_hash.h"

#include <sodium.h>

#include <charconv>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

#include "crypto/errors.h"
#include "crypto/random.h"

namespace latchkey::crypto {
namespace {

// libsodium reads the PHC string as a C string; anything longer than this is
// not one of ours (libsodium emits at most 127 characters) and is refused
// before any work is done.
constexpr std::size_t kMaxPhcChars = 512;

// libsodium's pwhash functions are declared nonnull, even for length 0.
const char* PasswordPtr(std::string_view password) {
  return password.empty() ? "" : password.data();
}

struct PhcParams {
  std::string_view alg;
  std::uint32_t version = 0;
  std::uint32_t m = 0;
  std::uint32_t t = 0;
  std::uint32_t p = 0;
};

// Parses "<key>=<decimal>" with the expected key; nullopt otherwise.
std::optional<std::uint32_t> ParseField(std::string_view field, std::string_view key) {
  if (field.size() <= key.size() + 1 || field.substr(0, key.size()) != key ||
      field[key.size()] != '=') {
    return std::nullopt;
  }
  const char* first = field.data() + key.size() + 1;
  const char* last = field.data() + field.size();
  std::uint32_t value = 0;
  auto [end, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || end != last) return std::nullopt;
  return value;
}

// Splits `s` at the first `sep`, returning the head and leaving the tail in s.
std::string_view NextToken(std::string_view& s, char sep) {
  const std::size_t at = s.find(sep);
  const std::string_view head = s.substr(0, at);
  s = at == std::string_view::npos ? std::string_view() : s.substr(at + 1);
  return head;
}

// Parses the head of "$<alg>$v=<v>$m=<m>,t=<t>,p=<p>$<salt>$<hash>". Salt
// and hash are only checked for presence; libsodium validates them on use.
std::optional<PhcParams> ParsePhc(std::string_view phc) {
  if (phc.empty() || phc.front() != '$') return std::nullopt;
  phc.remove_prefix(1);
  PhcParams out;
  out.alg = NextToken(phc, '$');
  auto version = ParseField(NextToken(phc, '$'), "v");
  std::string_view costs = NextToken(phc, '$');
  auto m = ParseField(NextToken(costs, ','), "m");
  auto t = ParseField(NextToken(costs, ','), "t");
  auto p = ParseField(NextToken(costs, ','), "p");
  const std::string_view salt = NextToken(phc, '$');
  const std::string_view hash = phc;
  if (!version || !m || !t || !p || !costs.empty() || salt.empty() || hash.empty() ||
      hash.find('$') != std::string_view::npos) {
    return std::nullopt;
  }
  out.version = *version;
  out.m = *m;
  out.t = *t;
  out.p = *p;
  return out;
}

// Dummy hashes for BurnPasswordWork, keyed by (m, t). Leaked on purpose: a
// process-lifetime cache must not be destroyed while a worker still uses it.
struct DummyCache {
  std::mutex mu;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> hashes;  // GUARDED_BY(mu)
};

DummyCache& Dummies() {
  static DummyCache* cache = new DummyCache;
  return *cache;
}

std::optional<std::string> DummyHashFor(const Argon2Params& params) {
  DummyCache& cache = Dummies();
  const auto key = std::make_pair(params.memory_kib, params.iterations);
  {
    std::lock_guard<std::mutex> lock(cache.mu);
    auto it = cache.hashes.find(key);
    if (it != cache.hashes.end()) return it->second;
  }
  // Hash outside the lock so that a first burst of unknown-account sign-ins
  // does not serialise; if two threads race, the first insert wins and both
  // hashes are equally good. The password is random and thrown away.
  Result<std::string> fresh = HashPassword(RandomAlnum(32), params);
  if (!fresh) return std::nullopt;
  std::lock_guard<std::mutex> lock(cache.mu);
  return cache.hashes.emplace(key, std::move(*fresh)).first->second;
}

}  // namespace

Result<void> ValidateArgon2Params(const Argon2Params& params) {
  const std::uint64_t memory_bytes = std::uint64_t{params.memory_kib} * 1024;
  if (memory_bytes < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      memory_bytes > crypto_pwhash_argon2id_MEMLIMIT_MAX ||
      params.iterations < crypto_pwhash_argon2id_OPSLIMIT_MIN) {
    return Fail(MakeError(kInvalidArgon2Params, "argon2 m or t out of range"));
  }
  return {};
}

Result<std::string> HashPassword(std::string_view password, const Argon2Params& params) {
  if (!ValidateArgon2Params(params)) {
    return Fail(InternalError("HashPassword: argon2 params out of range"));
  }
  InitCrypto();
  char out[crypto_pwhash_STRBYTES] = {};
  if (crypto_pwhash_str_alg(out, PasswordPtr(password), password.size(), params.iterations,
                            std::size_t{params.memory_kib} * 1024,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(InternalError("HashPassword: argon2id failed (out of memory?)"));
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, std::string_view phc) {
  if (phc.size() > kMaxPhcChars || phc.find('\0') != std::string_view::npos) return false;
  InitCrypto();
  const std::string stored(phc);  // NUL-terminated for libsodium
  // Returns 0 on a match, -1 on a mismatch, a malformed string, an algorithm
  // other than argon2i/argon2id, or an allocation failure.
  return crypto_pwhash_str_verify(stored.c_str(), PasswordPtr(password), password.size()) == 0;
}

bool NeedsRehash(std::string_view phc, const Argon2Params& params) {
  const std::optional<PhcParams> parsed = ParsePhc(phc);
  return !parsed || parsed->alg != "argon2id" || parsed->version != 19 ||
         parsed->m != params.memory_kib || parsed->t != params.iterations || parsed->p != 1;
}

void BurnPasswordWork(std::string_view password, const Argon2Params& params) {
  if (const std::optional<std::string> dummy = DummyHashFor(params)) {
    (void)VerifyPassword(password, *dummy);
  } else {
    // No dummy (out of memory or bad params): hashing costs the same as
    // verifying, so spend that instead.
    (void)HashPassword(password, params);
  }
}

std::optional<std::string> PrecomputeDummyHash(const Argon2Params& params) {
  return DummyHashFor(params);
}

}  // namespace latchkey::crypto

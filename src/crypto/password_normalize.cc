// NormalizePassword: NFKC through ICU, the same library (and so the same
// normalisation tables, up to the Unicode version) that V8 uses for
// String.prototype.normalize.
#include <sodium.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

#include <string>

#include "crypto/errors.h"
#include "crypto/password_hash.h"

namespace latchkey::crypto {
namespace {

// Passwords are capped at 128 characters by the features; this bound only
// keeps ICU's int32_t lengths far away.
constexpr std::size_t kMaxNormalizeBytes = 1 << 20;

}  // namespace

Result<std::string> NormalizePassword(std::string_view utf8) {
  if (utf8.size() > kMaxNormalizeBytes) {
    return Fail(MakeError(kInvalidPasswordEncoding, "password longer than 1 MiB"));
  }
  if (utf8.empty()) return std::string();

  // u_strFromUTF8 (unlike UnicodeString::fromUTF8, which substitutes U+FFFD)
  // fails on ill-formed UTF-8. UTF-16 never needs more code units than UTF-8
  // needs bytes, so the buffer is large enough.
  std::u16string utf16(utf8.size(), u'\0');
  int32_t utf16_len = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8(utf16.data(), static_cast<int32_t>(utf16.size()), &utf16_len, utf8.data(),
                static_cast<int32_t>(utf8.size()), &status);
  if (U_FAILURE(status)) {
    sodium_memzero(utf16.data(), utf16.size() * sizeof(char16_t));
    return Fail(MakeError(kInvalidPasswordEncoding, "password is not well-formed UTF-8"));
  }

  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) {
    sodium_memzero(utf16.data(), utf16.size() * sizeof(char16_t));
    return Fail(InternalError(std::string("ICU NFKC instance: ") + u_errorName(status)));
  }
  // Read-only alias of our buffer: no copy of the password inside ICU.
  const icu::UnicodeString source(false, utf16.data(), utf16_len);
  icu::UnicodeString normalized = nfkc->normalize(source, status);
  sodium_memzero(utf16.data(), utf16.size() * sizeof(char16_t));
  if (U_FAILURE(status)) {
    return Fail(InternalError(std::string("ICU NFKC normalize: ") + u_errorName(status)));
  }
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

}  // namespace latchkey::crypto

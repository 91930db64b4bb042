// Helpers shared by the fuzz targets: a reader that takes structured values
// off the front of the fuzzer's bytes, and a check that aborts (so libFuzzer
// and the replay driver report it) when a property of the code under test
// does not hold. Not FuzzedDataProvider: the targets also build with GCC
// (LATCHKEY_SANITIZE), whose headers lack it.
#ifndef LK_FUZZ_FUZZ_INPUT_H_
#define LK_FUZZ_FUZZ_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace latchkey::fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  // The next byte, or 0 once the input is used up.
  std::uint8_t Byte() {
    if (rest_.empty()) return 0;
    auto b = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  // Bytes up to the next `separator` (which is consumed), or all that is left.
  std::string_view Until(char separator) {
    std::size_t at = rest_.find(separator);
    std::string_view part = rest_.substr(0, at);
    rest_ = at == std::string_view::npos ? std::string_view() : rest_.substr(at + 1);
    return part;
  }
  // At most `n` bytes.
  std::string_view Take(std::size_t n) {
    std::string_view part = rest_.substr(0, n);
    rest_.remove_prefix(part.size());
    return part;
  }
  std::string_view Rest() {
    std::string_view part = rest_;
    rest_ = {};
    return part;
  }
  bool empty() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

// Well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code points
// above U+10FFFF). Written out here rather than taken from the code under
// test, so a property that uses it is an independent check.
inline bool IsUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

}  // namespace latchkey::fuzz

// Aborts with a message when a property fails. Used instead of assert() so it
// holds in NDEBUG builds too.
#define LK_FUZZ_CHECK(cond)                                                                 \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      std::fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                         \
    }                                                                                       \
  } while (0)

#endif  // LK_FUZZ_FUZZ_INPUT_H_

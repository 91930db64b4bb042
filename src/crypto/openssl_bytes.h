// Byte pointers for OpenSSL calls made by crypto/ (an internal header).
#pragma once

#include <string_view>

namespace latchkey::crypto {

// A non-null pointer for empty inputs: some OpenSSL entry points treat a null
// pointer as "absent" rather than "empty".
inline const unsigned char* OpenSslBytes(std::string_view s) {
  static const unsigned char kEmpty[1] = {0};
  return s.empty() ? kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace latchkey::crypto

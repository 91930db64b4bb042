// Request id generation with a per-thread PRNG (no locking, no syscalls).
#include "http/request_id.h"

#include <cstdint>
#include <random>

namespace latchkey::http {
namespace {

std::uint64_t NextRandom() {
  thread_local std::mt19937_64 engine = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return engine();
}

}  // namespace

bool IsAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

void AssignRequestId(std::string_view incoming, std::string& out) {
  if (IsAcceptableRequestId(incoming)) {
    out.assign(incoming);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t bits = NextRandom();
  out.resize(16);
  for (int i = 0; i < 16; ++i) {
    out[i] = kHex[bits & 0xF];
    bits >>= 4;
  }
}

}  // namespace latchkey::http

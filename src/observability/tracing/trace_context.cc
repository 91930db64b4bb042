// traceparent parsing and formatting (W3C Trace Context, level 1), ids.
#include "observability/tracing/trace_context.h"

#include <random>

namespace latchkey::tracing {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // upper case is invalid in traceparent
}

template <std::size_t N>
bool ParseHex(std::string_view text, std::array<std::uint8_t, N>& out) {
  if (text.size() != N * 2) return false;
  bool nonzero = false;
  for (std::size_t i = 0; i < N; ++i) {
    int high = HexValue(text[2 * i]);
    int low = HexValue(text[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<std::uint8_t>((high << 4) | low);
    nonzero = nonzero || out[i] != 0;
  }
  return nonzero;
}

std::uint64_t NextRandom() {
  thread_local std::mt19937_64 engine = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return engine();
}

void Fill(std::uint8_t* out, std::size_t size) {
  for (std::size_t i = 0; i < size; i += 8) {
    std::uint64_t bits = NextRandom();
    for (std::size_t j = 0; j < 8 && i + j < size; ++j) out[i + j] = (bits >> (8 * j)) & 0xFF;
  }
}

}  // namespace

std::optional<TraceContext> ParseTraceparent(std::string_view header) {
  // version "-" trace-id "-" parent-id "-" flags: 2+1+32+1+16+1+2 = 55.
  if (header.size() < 55) return std::nullopt;
  std::array<std::uint8_t, 1> version{};
  std::array<std::uint8_t, 1> flags{};
  if (HexValue(header[0]) < 0 || HexValue(header[1]) < 0) return std::nullopt;
  version[0] = static_cast<std::uint8_t>(HexValue(header[0]) * 16 + HexValue(header[1]));
  if (version[0] == 0xFF) return std::nullopt;
  if (version[0] == 0 && header.size() != 55) return std::nullopt;
  if (header.size() > 55 && header[55] != '-') return std::nullopt;
  if (header[2] != '-' || header[35] != '-' || header[52] != '-') return std::nullopt;
  TraceContext context;
  if (!ParseHex(header.substr(3, 32), context.trace_id)) return std::nullopt;
  if (!ParseHex(header.substr(36, 16), context.span_id)) return std::nullopt;
  int high = HexValue(header[53]);
  int low = HexValue(header[54]);
  if (high < 0 || low < 0) return std::nullopt;
  flags[0] = static_cast<std::uint8_t>(high * 16 + low);
  context.sampled = (flags[0] & 1) != 0;
  context.valid = true;
  return context;
}

std::string FormatTraceparent(const TraceContext& context) {
  return "00-" + ToHex(context.trace_id) + "-" + ToHex(context.span_id) +
         (context.sampled ? "-01" : "-00");
}

TraceId NewTraceId() {
  TraceId id{};
  do {
    Fill(id.data(), id.size());
  } while (id == TraceId{});
  return id;
}

SpanId NewSpanId() {
  SpanId id{};
  do {
    Fill(id.data(), id.size());
  } while (id == SpanId{});
  return id;
}

}  // namespace latchkey::tracing

// Structured logs: one line per event, JSON (default) or key=value text,
// written through spdlog. Callers pass fields, never a preformatted message
// holding a secret: passwords, tokens, cookies and the server secret are
// never logged.
// Thread-safety: every function is safe to call concurrently after
// InitLogging().
#ifndef LK_OBSERVABILITY_LOG_H_
#define LK_OBSERVABILITY_LOG_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace latchkey::log {

enum class Format { kJson, kText };
enum class Level { kDebug, kInfo, kWarn, kError };

struct Field {
  std::string_view key;
  std::variant<std::string_view, std::int64_t, double, bool> value;
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, std::int64_t v) : key(k), value(v) {}
  Field(std::string_view k, int v) : key(k), value(static_cast<std::int64_t>(v)) {}
  Field(std::string_view k, double v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v) {}
};

// Logs go to stderr. Call once at startup; before it, lines go to stderr as JSON.
void InitLogging(Format format, Level min_level);

void Write(Level level, std::string_view message, std::initializer_list<Field> fields);

inline void Debug(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kDebug, m, f);
}
inline void Info(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kInfo, m, f);
}
inline void Warn(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kWarn, m, f);
}
inline void Error(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kError, m, f);
}

// Formats one line without writing it (for tests).
std::string FormatLine(Format format, Level level, std::string_view message,
                       std::initializer_list<Field> fields, std::string_view time);

}  // namespace latchkey::log

#endif  // LK_OBSERVABILITY_LOG_H_

#include "observability/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>

#include "core/clock.h"
#include "core/json_writer.h"
#include "observability/tracing/trace_context.h"

namespace latchkey::log {
namespace {

std::atomic<Format> g_format{Format::kJson};
std::atomic<Level> g_min_level{Level::kInfo};
std::shared_ptr<spdlog::logger> g_logger;

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

// Control characters become \u00XX (json::AppendString), so a hostile value
// (a user name with "\n") can never start a fake log line.
void AppendJsonString(std::string& out, std::string_view s) { json::AppendString(out, s); }

void AppendValue(std::string& out, const Field& field, bool json) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          if (json) {
            AppendJsonString(out, v);
          } else {
            bool quote = v.empty() || v.find_first_of(" \"=\n\r\t") != std::string_view::npos;
            if (quote)
              AppendJsonString(out, v);
            else
              out.append(v);
          }
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          char buf[32];
          std::snprintf(buf, sizeof(buf), "%.3f", v);
          out += buf;
        } else {
          out += std::to_string(v);
        }
      },
      field.value);
}

}  // namespace

std::string FormatLine(Format format, Level level, std::string_view message,
                       std::initializer_list<Field> fields, std::string_view time) {
  std::string out;
  out.reserve(128);
  if (format == Format::kJson) {
    out += "{\"time\":";
    AppendJsonString(out, time);
    out += ",\"level\":\"";
    out += LevelName(level);
    out += "\",\"msg\":";
    AppendJsonString(out, message);
    for (const Field& f : fields) {
      out.push_back(',');
      AppendJsonString(out, f.key);
      out.push_back(':');
      AppendValue(out, f, true);
    }
    out.push_back('}');
  } else {
    out.append(time);
    out.push_back(' ');
    out += LevelName(level);
    out.push_back(' ');
    AppendJsonString(out, message);
    for (const Field& f : fields) {
      out.push_back(' ');
      out.append(f.key);
      out.push_back('=');
      AppendValue(out, f, false);
    }
  }
  return out;
}

void InitLogging(Format format, Level min_level) {
  g_format = format;
  g_min_level = min_level;
  if (!g_logger) {
    g_logger = spdlog::stderr_logger_mt("latchkey");
    g_logger->set_pattern("%v");
    g_logger->set_level(spdlog::level::trace);
    g_logger->flush_on(spdlog::level::trace);
  }
}

void Write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (level < g_min_level.load()) return;
  const Format format = g_format.load();
  std::string line =
      FormatLine(format, level, message, fields, FormatIsoTime(SystemClock().NowMs()));
  // Every line written while a request's trace is current names its trace
  // (docs/operations.md, "Tracing"); the context is per thread, so this is one read.
  if (const tracing::TraceContext& trace = tracing::Current(); trace.valid) {
    const std::string id = tracing::ToHex(trace.trace_id);
    if (format == Format::kJson) {
      line.insert(line.size() - 1, ",\"trace_id\":\"" + id + "\"");
    } else {
      line += " trace_id=" + id;
    }
  }
  if (g_logger) {
    g_logger->info("{}", line);
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

}  // namespace latchkey::log

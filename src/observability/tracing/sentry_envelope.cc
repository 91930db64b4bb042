// Sentry's DSN and envelope formats (develop.sentry.dev, "Envelopes").
#include <cstdio>

#include "core/json_writer.h"
#include "observability/tracing/error_reports.h"

namespace latchkey::reports {
namespace {

void Field(std::string& out, std::string_view key, std::string_view value) {
  json::AppendString(out, key);
  out.push_back(':');
  json::AppendString(out, value);
}

std::string IsoTime(double seconds) {
  const auto whole = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&whole, &tm);
  char buf[32];
  (void)std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

std::optional<Dsn> ParseDsn(std::string_view dsn) {
  const std::size_t scheme_end = dsn.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const std::string_view scheme = dsn.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = dsn.substr(scheme_end + 3);
  const std::size_t at = rest.find('@');
  const std::size_t first_slash = rest.find('/');
  if (at == std::string_view::npos || at > first_slash) return std::nullopt;
  std::string_view user = rest.substr(0, at);
  rest.remove_prefix(at + 1);
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  const std::string_view host = rest.substr(0, slash);
  std::string_view path = rest.substr(slash + 1);
  while (path.ends_with('/')) path.remove_suffix(1);
  const std::size_t last = path.rfind('/');
  const std::string_view project = last == std::string_view::npos ? path : path.substr(last + 1);
  const std::string_view prefix =
      last == std::string_view::npos ? std::string_view() : path.substr(0, last + 1);
  Dsn out;
  const std::size_t colon = user.find(':');
  out.public_key.assign(user.substr(0, colon));
  if (colon != std::string_view::npos) out.secret_key.assign(user.substr(colon + 1));
  if (out.public_key.empty() || project.empty()) return std::nullopt;
  for (char c : project) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
          c == '_'))
      return std::nullopt;
  }
  out.project.assign(project);
  const std::string base =
      std::string(scheme) + "://" + std::string(host) + "/" + std::string(prefix);
  out.envelope_url = base + "api/" + out.project + "/envelope/";
  out.without_secret = std::string(scheme) + "://" + out.public_key + "@" + std::string(host) +
                       "/" + std::string(prefix) + out.project;
  return out;
}

std::string EncodeEnvelope(const Dsn& dsn, const ReporterOptions& options,
                           const ErrorReport& report, std::string_view event_id,
                           std::string_view trace_id, std::string_view span_id, double timestamp) {
  std::string event = "{";
  Field(event, "event_id", event_id);
  char stamp[32];
  (void)std::snprintf(stamp, sizeof(stamp), "%.3f", timestamp);
  event += ",\"timestamp\":";
  event += stamp;
  event += ",\"platform\":\"native\",\"level\":\"error\",\"logger\":\"latchkey\",";
  Field(event, "release", options.release);
  event.push_back(',');
  Field(event, "environment", options.environment);
  if (!options.server_name.empty()) {
    event.push_back(',');
    Field(event, "server_name", options.server_name);
  }
  if (!report.route.empty()) {
    event.push_back(',');
    Field(event, "transaction", std::string(report.method) + " " + std::string(report.route));
  }
  event += ",\"exception\":{\"values\":[{";
  Field(event, "type", report.code.empty() ? std::string_view("ERROR") : report.code);
  event.push_back(',');
  Field(event, "value", report.message.substr(0, 1000));
  event += ",\"mechanism\":{\"type\":\"latchkey\",\"handled\":true}}]}";
  event += ",\"tags\":{";
  Field(event, "source", report.source);
  if (!report.method.empty()) {
    event.push_back(',');
    Field(event, "http.method", report.method);
  }
  if (!report.route.empty()) {
    event.push_back(',');
    Field(event, "http.route", report.route);
  }
  if (report.status != 0) {
    event.push_back(',');
    Field(event, "http.status_code", std::to_string(report.status));
  }
  if (!report.request_id.empty()) {
    event.push_back(',');
    Field(event, "request_id", report.request_id);
  }
  if (!trace_id.empty()) {
    event.push_back(',');
    Field(event, "trace_id", trace_id);
  }
  event.push_back('}');
  if (!trace_id.empty()) {
    event += ",\"contexts\":{\"trace\":{";
    Field(event, "trace_id", trace_id);
    event.push_back(',');
    Field(event, "span_id", span_id);
    event += "}}";
  }
  if (!report.method.empty()) {
    // Method only: no URL (it may carry a token), headers, cookies or body.
    event += ",\"request\":{";
    Field(event, "method", report.method);
    event.push_back('}');
  }
  event.push_back('}');

  std::string out = "{";
  Field(out, "event_id", event_id);
  out.push_back(',');
  Field(out, "sent_at", IsoTime(timestamp));
  out.push_back(',');
  Field(out, "dsn", dsn.without_secret);
  out += "}\n{\"type\":\"event\",\"length\":" + std::to_string(event.size()) + "}\n";
  out += event;
  out.push_back('\n');
  return out;
}

}  // namespace latchkey::reports

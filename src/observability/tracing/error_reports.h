// Error reports to a Sentry-compatible DSN (docs/operations.md, "Error
// reports"): unexpected errors (a handler's internal error or exception, a
// failed background job) as Sentry envelopes, POSTed by a background thread
// from a bounded queue, at most `per_minute` a minute. A report carries the
// request's method, route template, request id and trace id, the error code
// and the logged detail; never cookies, headers, bodies, e-mail addresses or
// raw paths. Installed once by `serve` when `sentry_dsn` is set; otherwise
// Report() returns at once.
// Thread-safety: InstallReporter/ShutdownReporter at startup and shutdown
// only; Report() from any thread.
#ifndef LK_OBSERVABILITY_TRACING_ERROR_REPORTS_H_
#define LK_OBSERVABILITY_TRACING_ERROR_REPORTS_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace latchkey::reports {

// scheme://public_key[:secret]@host[:port][/path]/project_id
struct Dsn {
  std::string envelope_url;  // scheme://host[:port][/path]/api/<project>/envelope/
  std::string public_key;
  std::string secret_key;  // legacy DSNs only
  std::string project;
  std::string without_secret;  // the DSN as the envelope header names it
};
std::optional<Dsn> ParseDsn(std::string_view dsn);

struct ReporterOptions {
  std::string dsn;  // must parse (the config check refuses one that does not)
  std::string release;
  std::string environment = "production";
  std::string server_name;
  std::size_t queue_limit = 256;
  int per_minute = 30;  // reports beyond it are dropped (and counted)
  std::chrono::milliseconds timeout{5000};
};

void InstallReporter(const ReporterOptions& options);
void ShutdownReporter();
bool ReporterEnabled();

struct ErrorReport {
  std::string_view source;   // "http" or the job: "mail", "webhooks"
  std::string_view code;     // the error code, e.g. "INTERNAL_ERROR"
  std::string_view message;  // the logged detail (never a secret, docs/operations.md)
  std::string_view method;   // http only
  std::string_view route;    // http only: the route template
  int status = 0;            // http only
  std::string_view request_id;
};

// Queues `report` (with the thread's trace context) unless the reporter is
// off, the rate limit is reached or the queue is full.
void Report(const ErrorReport& report);

struct ReporterStats {
  std::uint64_t sent = 0;
  std::uint64_t dropped = 0;  // rate limit or full queue
  std::uint64_t failed = 0;
};
ReporterStats ReportStats();

// The envelope for one event (exposed for tests): header line, item header,
// event JSON. `timestamp` is Unix seconds.
std::string EncodeEnvelope(const Dsn& dsn, const ReporterOptions& options,
                           const ErrorReport& report, std::string_view event_id,
                           std::string_view trace_id, std::string_view span_id, double timestamp);

}  // namespace latchkey::reports

#endif  // LK_OBSERVABILITY_TRACING_ERROR_REPORTS_H_

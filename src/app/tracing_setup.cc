// The tracer and the error reporter from the server's keys.
#include "app/tracing_setup.h"

#include <unistd.h>

#include <array>
#include <string>

#include "observability/log.h"
#include "observability/tracing/error_reports.h"
#include "observability/tracing/tracer.h"

namespace latchkey::app {

TracingGuard::TracingGuard(const Config& config) {
  if (!config.otlp_endpoint.empty()) {
    tracing::TracerOptions options;
    options.endpoint = config.otlp_endpoint;
    (void)tracing::ParseHeaderList(config.otlp_headers, options.headers);  // validated
    options.sample_ratio = config.otlp_sample;
    options.service_version = LATCHKEY_VERSION;
    tracing::Install(options);
    // The endpoint may hold credentials in its user info: named by its presence only.
    log::Info("tracing on", {{"sample_ratio", config.otlp_sample},
                             {"headers", static_cast<int>(options.headers.size())}});
  }
  if (!config.sentry_dsn.empty()) {
    reports::ReporterOptions options;
    options.dsn = config.sentry_dsn;
    options.release = std::string("latchkey@") + LATCHKEY_VERSION;
    options.environment = config.sentry_environment;
    std::array<char, 256> host{};
    if (::gethostname(host.data(), host.size() - 1) == 0) options.server_name = host.data();
    reports::InstallReporter(options);
    log::Info("error reports on");
  }
}

TracingGuard::~TracingGuard() {
  tracing::Shutdown();
  reports::ShutdownReporter();
}

}  // namespace latchkey::app

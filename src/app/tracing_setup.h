// Turns tracing and error reports on for `serve` when configured
// (docs/operations.md, "Tracing", "Error reports"), and off again when the
// guard goes: declare it before anything whose threads make spans or
// reports (the application), so that those stop first.
#ifndef LK_APP_TRACING_SETUP_H_
#define LK_APP_TRACING_SETUP_H_

#include "core/config.h"

namespace latchkey::app {

class TracingGuard {
 public:
  explicit TracingGuard(const Config& config);
  ~TracingGuard();
  TracingGuard(const TracingGuard&) = delete;
  TracingGuard& operator=(const TracingGuard&) = delete;
};

}  // namespace latchkey::app

#endif  // LK_APP_TRACING_SETUP_H_

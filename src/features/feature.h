// The contract every module under features/ implements, and the shared
// services app/ hands them (docs/design.md "The feature contract").
// app/application.cc lists the features in a fixed order; startup applies
// their migrations, lets each Register() its hooks and credentials, then
// registers their routes, then Start()s them; shutdown Stop()s them in
// reverse order.
#ifndef LK_FEATURES_FEATURE_H_
#define LK_FEATURES_FEATURE_H_

#include <span>
#include <string_view>

#include "core/result.h"
#include "features/platform/platform.h"
#include "features/services.h"
#include "store/migration.h"
#include "store/store.h"

namespace latchkey {

class Feature {
 public:
  virtual ~Feature() = default;
  virtual std::string_view id() const = 0;
  virtual std::span<const std::string_view> DependsOn() const { return {}; }
  virtual std::span<const store::Migration> Migrations() const { return {}; }
  virtual std::span<const ErrorInfo> Errors() const { return {}; }
  // Called once at startup, in feature order, before any route is
  // registered: hooks, credential resolvers, access policies.
  virtual Result<void> Register(platform::Platform& /*platform*/) { return {}; }
  // Called once, before the listener opens. Fails on a route conflict.
  virtual Result<void> RegisterRoutes(platform::RouteTable& routes) = 0;
  // Threads a feature runs start here, after every route is registered;
  // Stop() ends them (in reverse feature order) before the store closes.
  virtual Result<void> Start() { return {}; }
  virtual void Stop() {}
};

}  // namespace latchkey

#endif  // LK_FEATURES_FEATURE_H_

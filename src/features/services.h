// The shared services app/ hands every feature (docs/design.md "The feature
// contract"). A feature takes them in its constructor (or its deps struct)
// and uses them directly, never through another feature's service.
#ifndef LK_FEATURES_SERVICES_H_
#define LK_FEATURES_SERVICES_H_

#include "core/bounded_pool.h"
#include "core/clock.h"
#include "core/config.h"
#include "features/platform/activity.h"
#include "store/store.h"

namespace latchkey {

// Owned by app/; they outlive every feature.
struct Services {
  const Config& config;
  store::Store& store;
  const Clock& clock;
  BoundedPool& kdf_pool;  // password hashing only (docs/architecture.md)
  // What people do, counted for the metrics (sign-ins, sign-ups, …).
  const platform::Activity& activity;
};

}  // namespace latchkey

#endif  // LK_FEATURES_SERVICES_H_

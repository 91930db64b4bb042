// What the feature platform gives every feature at startup
// (docs/design.md "The feature contract"): the credential chain, the hook
// points, the access policies and what the hosted pages are told. app/ owns
// one; features fill it in their Register() and the route table reads it for
// every request.
#ifndef LK_FEATURES_PLATFORM_PLATFORM_H_
#define LK_FEATURES_PLATFORM_PLATFORM_H_

#include "features/platform/credentials.h"
#include "features/platform/hooks.h"
#include "features/platform/page_settings.h"
#include "features/platform/route_table.h"

namespace latchkey::platform {

struct Platform {
  CredentialChain credentials;
  Hooks hooks;
  AccessPolicy policy;
  PageSettings pages;
};

}  // namespace latchkey::platform

#endif  // LK_FEATURES_PLATFORM_PLATFORM_H_

// The CAPTCHA widget of the hosted pages (docs/web.md "CAPTCHA"): what the
// pages are told (provider, site key, script, the routes that always want
// one) and the provider's origins their Content-Security-Policy must allow.
#ifndef LK_FEATURES_ABUSE_CAPTCHA_WIDGET_H_
#define LK_FEATURES_ABUSE_CAPTCHA_WIDGET_H_

#include <string>
#include <vector>

#include "features/abuse/abuse_settings.h"
#include "features/platform/page_settings.h"

namespace latchkey::abuse {

// The provider's widget script when captcha_script_url is empty.
std::string DefaultCaptchaScriptUrl(std::string_view provider);

// Nothing without a provider or a site key (an API-only deployment sends the
// token itself). `always`: AbuseGuard::CaptchaAlwaysRoutes().
void ContributeCaptchaWidget(const AbuseSettings& settings, const std::vector<std::string>& always,
                             platform::PageSettings& pages);

}  // namespace latchkey::abuse

#endif  // LK_FEATURES_ABUSE_CAPTCHA_WIDGET_H_

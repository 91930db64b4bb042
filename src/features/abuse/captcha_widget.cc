#include "features/abuse/captcha_widget.h"

#include "core/json_writer.h"

namespace latchkey::abuse {
namespace {

struct ProviderSources {
  std::string_view provider;
  std::string_view script;
  // What the provider's own CSP guidance lists, per directive.
  std::vector<std::pair<std::string_view, std::string_view>> sources;
};

const std::vector<ProviderSources>& Providers() {
  static const std::vector<ProviderSources> kProviders = {
      {"turnstile",
       "https://challenges.cloudflare.com/turnstile/v0/api.js",
       {{"script-src", "https://challenges.cloudflare.com"},
        {"frame-src", "https://challenges.cloudflare.com"}}},
      {"hcaptcha",
       "https://js.hcaptcha.com/1/api.js",
       {{"script-src", "https://hcaptcha.com"},
        {"script-src", "https://*.hcaptcha.com"},
        {"frame-src", "https://hcaptcha.com"},
        {"frame-src", "https://*.hcaptcha.com"},
        {"style-src", "https://hcaptcha.com"},
        {"style-src", "https://*.hcaptcha.com"},
        {"connect-src", "https://hcaptcha.com"},
        {"connect-src", "https://*.hcaptcha.com"}}},
      {"recaptcha",
       "https://www.google.com/recaptcha/api.js",
       {{"script-src", "https://www.google.com/recaptcha/"},
        {"script-src", "https://www.gstatic.com/recaptcha/"},
        {"frame-src", "https://www.google.com/recaptcha/"},
        {"frame-src", "https://recaptcha.google.com/recaptcha/"}}},
  };
  return kProviders;
}

// scheme://host[:port] of an absolute URL, or empty.
std::string OriginOf(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  return std::string(url.substr(0, url.find('/', scheme + 3)));
}

}  // namespace

std::string DefaultCaptchaScriptUrl(std::string_view provider) {
  for (const ProviderSources& p : Providers()) {
    if (p.provider == provider) return std::string(p.script);
  }
  return {};
}

void ContributeCaptchaWidget(const AbuseSettings& settings, const std::vector<std::string>& always,
                             platform::PageSettings& pages) {
  if (settings.captcha_provider.empty() || settings.captcha_site_key.empty()) return;
  std::string script = settings.captcha_script_url;
  if (script.empty()) {
    script = DefaultCaptchaScriptUrl(settings.captcha_provider);
    for (const ProviderSources& p : Providers()) {
      if (p.provider != settings.captcha_provider) continue;
      for (const auto& [directive, source] : p.sources) {
        pages.AllowSource(std::string(directive), std::string(source));
      }
    }
  } else if (std::string origin = OriginOf(script); !origin.empty()) {
    // A proxy or a test server: its origin serves the script, the widget's
    // frame and whatever the script fetches.
    for (std::string_view directive : {"script-src", "frame-src", "connect-src"}) {
      pages.AllowSource(std::string(directive), origin);
    }
  }
  std::string json;
  json::ObjectWriter(json)
      .String("provider", settings.captcha_provider)
      .String("siteKey", settings.captcha_site_key)
      .String("scriptUrl", script)
      .Raw("always", json::StringArray(always))
      .Close();
  pages.Set("captcha", std::move(json));
}

}  // namespace latchkey::abuse

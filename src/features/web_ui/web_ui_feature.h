// The hosted web pages (docs/web.md): a Preact app in web/, built by Vite
// and embedded in the binary at build time, served on the API's origin at
// the page paths (sign-in, sign-up, account, …) with a strict
// Content-Security-Policy. The pages reach the server only through Better
// Auth's client SDK, like any app built on Better Auth. `web_ui = false`
// registers nothing; `web_dir` serves a folder instead (development).
#ifndef LK_FEATURES_WEB_UI_WEB_UI_FEATURE_H_
#define LK_FEATURES_WEB_UI_WEB_UI_FEATURE_H_

#include <string>

#include "features/feature.h"
#include "features/web_ui/web_ui_settings.h"

namespace latchkey::web_ui {

// The paths the app routes itself; each answers index.html.
std::span<const http::RouteSpec> PageRoutes();

// The files of a build (web/README.md "Build contract").
enum class Asset { kIndex, kScript, kStyle, kCharts };

// Where the pages come from.
class WebAssets {
 public:
  virtual ~WebAssets() = default;
  // Errors: INTERNAL when a file of web_dir cannot be read.
  virtual Result<std::string> Read(Asset asset) const = 0;
  // The asset gzip-compressed, when stored so (embedded); empty otherwise.
  virtual std::string_view Gzip(Asset /*asset*/) const { return {}; }
  // Whether index.html's asset URLs carry the build's hash, so that the
  // script and stylesheet may be cached for good.
  virtual bool versioned() const = 0;
  // A strong validator of the asset (ETag, quoted), or empty: for the chart
  // chunk, which the script imports by a plain URL and so is revalidated.
  virtual std::string ETag(Asset /*asset*/) const { return {}; }
};

class WebUiFeature final : public Feature {
 public:
  explicit WebUiFeature(const Config& config);
  ~WebUiFeature() override;
  std::string_view id() const override { return "web_ui"; }
  // Keeps the platform's page settings, which other features fill in their
  // own Register() and this one reads when its routes are registered.
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;

 private:
  WebUiSettings settings_;
  const platform::PageSettings* pages_ = nullptr;
  std::unique_ptr<WebAssets> assets_;
};

}  // namespace latchkey::web_ui

#endif  // LK_FEATURES_WEB_UI_WEB_UI_FEATURE_H_

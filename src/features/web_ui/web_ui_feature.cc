#include "features/web_ui/web_ui_feature.h"

#include <fstream>
#include <memory>
#include <sstream>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "features/web_ui/web_ui_docs.h"
#include "http/content_coding.h"

namespace latchkey::web_ui {

// Built by Vite from web/ and embedded (CMakeLists.txt).
std::string_view EmbeddedIndexHtml();
std::string_view EmbeddedAppJs();
std::string_view EmbeddedAppCss();
std::string_view EmbeddedChartsJs();
std::string_view EmbeddedAppJsGzip();
std::string_view EmbeddedAppCssGzip();
std::string_view EmbeddedChartsJsGzip();

namespace {

// Only this origin, and no inline code (docs/web.md "Security"): the pages
// call the API on this origin (connect-src) and draw nothing from elsewhere.
// A configured CAPTCHA widget adds its provider (platform::PageSettings).
constexpr std::string_view kPageCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

// The assets besides index.html: their routes and files. The chart chunk
// (the admin dashboard's, loaded on demand) is imported by the script as
// ./charts.js, a URL without the build's hash.
struct AssetFile {
  Asset asset;
  http::RouteSpec route;
  std::string_view file;  // relative to the build's folder
  std::string_view content_type;
};
constexpr AssetFile kAssetFiles[] = {
    {Asset::kScript,
     {.method = http::Method::kGet,
      .path = "/assets/app.js",
      .summary = "The web pages' script",
      .doc = &kScriptDoc},
     "assets/app.js",
     "text/javascript; charset=utf-8"},
    {Asset::kStyle,
     {.method = http::Method::kGet,
      .path = "/assets/app.css",
      .summary = "The web pages' stylesheet",
      .doc = &kStyleDoc},
     "assets/app.css",
     "text/css; charset=utf-8"},
    {Asset::kCharts,
     {.method = http::Method::kGet,
      .path = "/assets/charts.js",
      .summary = "The admin dashboard's charts (loaded by the script on demand)",
      .doc = &kChartsDoc},
     "assets/charts.js",
     "text/javascript; charset=utf-8"},
};

// The build inside the binary. index.html's asset URLs gain the build's
// hash, so a browser caches the assets for good and still never runs a
// script from another build.
class EmbeddedAssets final : public WebAssets {
 public:
  EmbeddedAssets() : index_(EmbeddedIndexHtml()) {
    const std::string version =
        crypto::HexEncode(crypto::Sha256(std::string(EmbeddedAppJs()) + "\n" +
                                         std::string(EmbeddedAppCss()) + "\n" +
                                         std::string(EmbeddedChartsJs())))
            .substr(0, 16);
    for (const AssetFile& file : kAssetFiles) {
      const std::string quoted = std::string(file.route.path) + "\"";
      const auto at = index_.find(quoted);
      if (at != std::string::npos) index_.insert(at + file.route.path.size(), "?v=" + version);
    }
    charts_etag_ =
        "\"" + crypto::HexEncode(crypto::Sha256(EmbeddedChartsJs())).substr(0, 16) + "\"";
  }
  Result<std::string> Read(Asset asset) const override {
    switch (asset) {
      case Asset::kIndex:
        return index_;
      case Asset::kScript:
        return std::string(EmbeddedAppJs());
      case Asset::kStyle:
        return std::string(EmbeddedAppCss());
      case Asset::kCharts:
        return std::string(EmbeddedChartsJs());
    }
    return Fail(InternalError("unknown asset"));
  }
  std::string_view Gzip(Asset asset) const override {
    switch (asset) {
      case Asset::kScript:
        return EmbeddedAppJsGzip();
      case Asset::kStyle:
        return EmbeddedAppCssGzip();
      case Asset::kCharts:
        return EmbeddedChartsJsGzip();
      case Asset::kIndex:
        break;
    }
    return {};
  }
  bool versioned() const override { return true; }
  std::string ETag(Asset asset) const override {
    return asset == Asset::kCharts ? charts_etag_ : std::string();
  }

 private:
  std::string index_;
  std::string charts_etag_;
};

// A folder (web_dir), read at every request so that a rebuild shows at once.
// Only the build's own names are ever read: no path comes from the request.
class FolderAssets final : public WebAssets {
 public:
  explicit FolderAssets(std::string dir) : dir_(std::move(dir)) {}
  Result<std::string> Read(Asset asset) const override {
    if (asset == Asset::kIndex) return ReadFile("index.html");
    for (const AssetFile& file : kAssetFiles) {
      if (file.asset == asset) return ReadFile(file.file);
    }
    return Fail(InternalError("unknown asset"));
  }
  bool versioned() const override { return false; }

 private:
  Result<std::string> ReadFile(std::string_view name) const {
    std::ifstream in(dir_ + "/" + std::string(name), std::ios::binary);
    if (!in) return Fail(InternalError("web_dir: cannot read " + std::string(name)));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string dir_;
};

// index.html with the features' page settings as a <meta> the app reads
// (web/src/settings.ts): data, not script, so the CSP needs no exception.
std::string WithSettings(std::string html, std::string_view settings_json) {
  const auto head = html.find("</head>");
  if (head == std::string::npos || settings_json == "{}") return html;
  std::string escaped;
  for (char c : settings_json) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      default:
        escaped += c;
    }
  }
  html.insert(head, "<meta name=\"latchkey-settings\" content=\"" + escaped + "\">");
  return html;
}

struct PagePolicy {
  std::string csp;
  std::string settings_json;
};

// A page (index.html) or an asset, gzip-compressed to a client that takes
// it when stored so (Vary: Accept-Encoding either way).
platform::Handler Serve(const WebAssets& assets, Asset asset, std::string content_type,
                        std::shared_ptr<const PagePolicy> policy) {
  return [&assets, asset, content_type = std::move(content_type), policy = std::move(policy)](
             const http::Request& request, platform::Call&) -> Result<http::Response> {
    const std::string etag = assets.ETag(asset);
    if (!etag.empty() && request.Header("If-None-Match") == etag) {
      http::Response unchanged = http::Response::Text("", content_type);
      unchanged.status = 304;
      unchanged.AddHeader("ETag", etag);
      unchanged.AddHeader("Cache-Control", "no-cache");
      return unchanged;
    }
    const std::string_view gzip = assets.Gzip(asset);
    http::Response response;
    if (asset == Asset::kIndex) {
      LK_ASSIGN_OR_RETURN(std::string html, assets.Read(asset));
      response =
          http::Response::Text(WithSettings(std::move(html), policy->settings_json), content_type);
    } else if (gzip.empty()) {
      LK_ASSIGN_OR_RETURN(std::string body, assets.Read(asset));
      response = http::Response::Text(std::move(body), content_type);
    } else {
      LK_ASSIGN_OR_RETURN(response, http::StoredText(request, gzip, content_type,
                                                     [&] { return assets.Read(asset); }));
    }
    // Hashed URLs are cached for good; the pages and the chart chunk are
    // revalidated (the latter cheaply, by its ETag).
    const bool forever = asset != Asset::kIndex && etag.empty() && assets.versioned();
    response.AddHeader("Cache-Control",
                       forever ? "public, max-age=31536000, immutable" : "no-cache");
    if (!etag.empty()) response.AddHeader("ETag", etag);
    response.AddHeader("Content-Security-Policy", policy->csp);
    response.AddHeader("Referrer-Policy", "same-origin");
    return response;
  };
}

}  // namespace

std::span<const http::RouteSpec> PageRoutes() {
  static constexpr http::RouteSpec kPages[] = {
      {.method = http::Method::kGet,
       .path = "/",
       .summary = "Sign-in, or the account when signed in",
       .doc = &kPageDoc},
      {.method = http::Method::kGet, .path = "/sign-in", .summary = "Sign in", .doc = &kPageDoc},
      {.method = http::Method::kGet,
       .path = "/sign-up",
       .summary = "Create an account",
       .doc = &kPageDoc},
      {.method = http::Method::kGet,
       .path = "/forgot-password",
       .summary = "Ask for a password reset link",
       .doc = &kPageDoc},
      {.method = http::Method::kGet,
       .path = "/reset-password",
       .summary = "Choose a new password (from the mailed link)",
       .doc = &kPageDoc},
      {.method = http::Method::kGet,
       .path = "/verify-email",
       .summary = "Where an e-mail verification link lands",
       .doc = &kPageDoc},
      {.method = http::Method::kGet,
       .path = "/two-factor",
       .summary = "The second factor of a sign-in",
       .doc = &kPageDoc},
      {.method = http::Method::kGet,
       .path = "/error",
       .summary = "What went wrong with a link",
       .doc = &kPageDoc},
      {.method = http::Method::kGet,
       .path = "/account",
       .summary = "The signed-in user's account",
       .doc = &kPageDoc},
      {.method = http::Method::kGet,
       .path = "/account/:section",
       .summary = "A section of the account",
       .doc = &kPageDoc},
      {.method = http::Method::kGet,
       .path = "/accept-invitation/:id",
       .summary = "Accept an organization invitation",
       .doc = &kPageDoc},
      {.method = http::Method::kGet,
       .path = "/admin",
       .summary = "The admin console",
       .doc = &kPageDoc},
      {.method = http::Method::kGet,
       .path = "/admin/:section",
       .summary = "A section of the admin console",
       .doc = &kPageDoc},
      {.method = http::Method::kGet,
       .path = "/oauth2-consent",
       .summary = "The OpenID provider's consent page (oidc_consent_page)",
       .doc = &kPageDoc},
  };
  return kPages;
}

WebUiFeature::WebUiFeature(const Config& config) : settings_(config.Get<WebUiSettings>()) {
  if (settings_.web_dir.empty()) {
    assets_ = std::make_unique<EmbeddedAssets>();
  } else {
    assets_ = std::make_unique<FolderAssets>(settings_.web_dir);
  }
}

WebUiFeature::~WebUiFeature() = default;

Result<void> WebUiFeature::Register(platform::Platform& platform) {
  pages_ = &platform.pages;
  return {};
}

Result<void> WebUiFeature::RegisterRoutes(platform::RouteTable& routes) {
  if (!settings_.web_ui) return {};
  auto policy = std::make_shared<PagePolicy>();
  policy->csp = pages_ ? pages_->Csp(kPageCsp) : std::string(kPageCsp);
  policy->settings_json = pages_ ? pages_->Json() : "{}";
  for (const http::RouteSpec& page : PageRoutes()) {
    LK_TRY(routes.Add(page, Serve(*assets_, Asset::kIndex, "text/html; charset=utf-8", policy)));
  }
  for (const AssetFile& file : kAssetFiles) {
    LK_TRY(routes.Add(file.route,
                      Serve(*assets_, file.asset, std::string(file.content_type), policy)));
  }
  return {};
}

}  // namespace latchkey::web_ui

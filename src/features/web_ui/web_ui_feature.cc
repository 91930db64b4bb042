#include "features/web_ui/web_ui_feature.h"

#include <fstream>
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
std::string_view EmbeddedAppJsGzip();
std::string_view EmbeddedAppCssGzip();

namespace {

// Only this origin, and no inline code (docs/web.md "Security"): the pages
// call the API on this origin (connect-src) and draw nothing from elsewhere.
constexpr std::string_view kPageCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

constexpr std::string_view kScriptPath = "/assets/app.js";
constexpr std::string_view kStylePath = "/assets/app.css";

constexpr http::RouteSpec kScriptRoute{.method = http::Method::kGet,
                                       .path = "/assets/app.js",
                                       .summary = "The web pages' script",
                                       .doc = &kScriptDoc};
constexpr http::RouteSpec kStyleRoute{.method = http::Method::kGet,
                                      .path = "/assets/app.css",
                                      .summary = "The web pages' stylesheet",
                                      .doc = &kStyleDoc};

// The build inside the binary. index.html's asset URLs gain the build's
// hash, so a browser caches the assets for good and still never runs a
// script from another build.
class EmbeddedAssets final : public WebAssets {
 public:
  EmbeddedAssets() : index_(EmbeddedIndexHtml()) {
    const std::string version =
        crypto::HexEncode(
            crypto::Sha256(std::string(EmbeddedAppJs()) + "\n" + std::string(EmbeddedAppCss())))
            .substr(0, 16);
    for (std::string_view path : {kScriptPath, kStylePath}) {
      const std::string quoted = std::string(path) + "\"";
      const auto at = index_.find(quoted);
      if (at != std::string::npos) index_.insert(at + path.size(), "?v=" + version);
    }
  }
  Result<std::string> Index() const override { return index_; }
  Result<std::string> Script() const override { return std::string(EmbeddedAppJs()); }
  Result<std::string> Style() const override { return std::string(EmbeddedAppCss()); }
  std::string_view ScriptGzip() const override { return EmbeddedAppJsGzip(); }
  std::string_view StyleGzip() const override { return EmbeddedAppCssGzip(); }
  bool versioned() const override { return true; }

 private:
  std::string index_;
};

// A folder (web_dir), read at every request so that a rebuild shows at once.
// Only these three names are ever read: no path comes from the request.
class FolderAssets final : public WebAssets {
 public:
  explicit FolderAssets(std::string dir) : dir_(std::move(dir)) {}
  Result<std::string> Index() const override { return Read("index.html"); }
  Result<std::string> Script() const override { return Read("assets/app.js"); }
  Result<std::string> Style() const override { return Read("assets/app.css"); }
  bool versioned() const override { return false; }

 private:
  Result<std::string> Read(std::string_view name) const {
    std::ifstream in(dir_ + "/" + std::string(name), std::ios::binary);
    if (!in) return Fail(InternalError("web_dir: cannot read " + std::string(name)));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string dir_;
};

using File = Result<std::string> (WebAssets::*)() const;
using Compressed = std::string_view (WebAssets::*)() const;

// A page (index.html) or an asset; `compressed` names the gzip form of an
// asset, sent to a client that takes it (Vary: Accept-Encoding either way).
platform::Handler Serve(const WebAssets& assets, File file, Compressed compressed,
                        std::string content_type) {
  const bool page = compressed == nullptr;
  return [&assets, file, compressed, content_type = std::move(content_type), page](
             const http::Request& request, platform::Call&) -> Result<http::Response> {
    const std::string_view gzip = page ? std::string_view() : (assets.*compressed)();
    http::Response response;
    if (gzip.empty()) {
      LK_ASSIGN_OR_RETURN(std::string body, (assets.*file)());
      response = http::Response::Text(std::move(body), content_type);
    } else {
      LK_ASSIGN_OR_RETURN(response, http::StoredText(request, gzip, content_type,
                                                     [&] { return (assets.*file)(); }));
    }
    const bool forever = !page && assets.versioned();
    response.AddHeader("Cache-Control",
                       forever ? "public, max-age=31536000, immutable" : "no-cache");
    response.AddHeader("Content-Security-Policy", std::string(kPageCsp));
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

Result<void> WebUiFeature::RegisterRoutes(platform::RouteTable& routes) {
  if (!settings_.web_ui) return {};
  for (const http::RouteSpec& page : PageRoutes()) {
    LK_TRY(
        routes.Add(page, Serve(*assets_, &WebAssets::Index, nullptr, "text/html; charset=utf-8")));
  }
  LK_TRY(routes.Add(kScriptRoute, Serve(*assets_, &WebAssets::Script, &WebAssets::ScriptGzip,
                                        "text/javascript; charset=utf-8")));
  return routes.Add(kStyleRoute, Serve(*assets_, &WebAssets::Style, &WebAssets::StyleGzip,
                                       "text/css; charset=utf-8"));
}

}  // namespace latchkey::web_ui

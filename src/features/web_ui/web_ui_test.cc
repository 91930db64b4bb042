// The hosted pages as the server serves them (docs/web.md): every page path
// answers the app's index.html with a CSP that allows this origin only and no
// inline script; the embedded assets are cached for good under their build's
// hash; web_ui = false serves nothing; web_dir serves a folder instead.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "features/abuse/abuse_settings.h"
#include "features/web_ui/web_ui_feature.h"
#include "features/web_ui/web_ui_settings.h"
#include "testing/test_app.h"

namespace latchkey::web_ui {
namespace {

using ::latchkey::testing::TestApp;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string HeaderOf(const http::Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return value;
    }
  }
  return "";
}

// Where the page loads its script from (the src of the module script).
std::string ScriptUrl(const std::string& html) {
  const auto at = html.find("/assets/app.js");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find('"', at) - at);
}

TEST(WebUiTest, EveryPagePathServesTheAppUnderAStrictCsp) {
  auto app = TestApp::Start();
  auto client = app->NewClient();
  http::Response home = client.Get("/");
  ASSERT_EQ(home.status, 200) << home.body;
  EXPECT_THAT(HeaderOf(home, "Content-Type"), StartsWith("text/html"));
  EXPECT_EQ(HeaderOf(home, "Cache-Control"), "no-cache");
  const std::string csp = HeaderOf(home, "Content-Security-Policy");
  EXPECT_THAT(csp, HasSubstr("default-src 'none'"));
  EXPECT_THAT(csp, HasSubstr("script-src 'self';"));
  EXPECT_THAT(csp, HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  // No inline script and nothing from another origin.
  EXPECT_EQ(home.body.find("<script>"), std::string::npos);
  EXPECT_EQ(home.body.find("http://"), std::string::npos);
  EXPECT_EQ(home.body.find("https://"), std::string::npos);
  for (const http::RouteSpec& page : PageRoutes()) {
    std::string path(page.path);
    const auto colon = path.find(':');
    if (colon != std::string::npos) path = path.substr(0, colon) + "x1";
    http::Response r = client.Get(path + "?error=INVALID_TOKEN");
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, home.body) << path;
  }
  EXPECT_EQ(client.Get("/no-such-page").status, 404);
}

// The dashboard's chart chunk is imported by a URL without the build's hash,
// so it is never cached for good: revalidated by its ETag instead.
TEST(WebUiTest, TheChartChunkIsRevalidatedByItsETag) {
  auto app = TestApp::Start();
  auto client = app->NewClient();
  http::Response charts = client.Get("/assets/charts.js");
  ASSERT_EQ(charts.status, 200);
  EXPECT_THAT(HeaderOf(charts, "Content-Type"), StartsWith("text/javascript"));
  EXPECT_EQ(HeaderOf(charts, "Cache-Control"), "no-cache");
  const std::string etag = HeaderOf(charts, "ETag");
  ASSERT_THAT(etag, StartsWith("\""));
  EXPECT_EQ(etag.size(), 18U);
  http::Response same = client.Get("/assets/charts.js", {{"If-None-Match", etag}});
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.body.empty());
  EXPECT_EQ(client.Get("/assets/charts.js", {{"If-None-Match", "\"other\""}}).status, 200);
  // The app never imports the chunk's code before it: the page loads app.js only.
  const std::string index = client.Get("/").body;
  EXPECT_EQ(index.find("charts.js"), std::string::npos);
}

TEST(WebUiTest, EmbeddedAssetsCarryTheirBuildsHashAndAreCachedForGood) {
  auto app = TestApp::Start();
  auto client = app->NewClient();
  const std::string script_url = ScriptUrl(client.Get("/").body);
  ASSERT_THAT(script_url, StartsWith("/assets/app.js?v="));
  EXPECT_EQ(script_url.size(), std::string("/assets/app.js?v=").size() + 16);
  http::Response script = client.Get(script_url);
  ASSERT_EQ(script.status, 200);
  EXPECT_THAT(HeaderOf(script, "Content-Type"), StartsWith("text/javascript"));
  EXPECT_EQ(HeaderOf(script, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_GT(script.body.size(), 1000u);
  http::Response style = client.Get("/assets/app.css");
  ASSERT_EQ(style.status, 200);
  EXPECT_THAT(HeaderOf(style, "Content-Type"), StartsWith("text/css"));
  EXPECT_EQ(HeaderOf(style, "Content-Encoding"), "");
}

// What a browser loads is the stored gzip form (docs/web.md "Budget"); a
// client that does not take gzip gets the plain bytes.
TEST(WebUiTest, AssetsGoCompressedToClientsThatTakeGzip) {
  auto app = TestApp::Start();
  auto client = app->NewClient();
  http::Response plain = client.Get("/assets/app.js");
  http::Response packed =
      client.Get("/assets/app.js", {{"Accept-Encoding", "gzip, deflate, br, zstd"}});
  ASSERT_EQ(packed.status, 200);
  EXPECT_EQ(HeaderOf(packed, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(packed, "Vary"), "Accept-Encoding");
  EXPECT_EQ(HeaderOf(plain, "Vary"), "Accept-Encoding");
  ASSERT_GT(packed.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(packed.body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(packed.body[1]), 0x8b);
  EXPECT_LT(packed.body.size() * 2, plain.body.size());
  // The sign-in page's script stays inside its budget (60 kB compressed).
  EXPECT_LT(packed.body.size(), 60u * 1024);
  EXPECT_EQ(
      HeaderOf(client.Get("/assets/app.js", {{"Accept-Encoding", "gzip;q=0"}}), "Content-Encoding"),
      "");
  EXPECT_EQ(HeaderOf(client.Get("/", {{"Accept-Encoding", "gzip"}}), "Content-Encoding"), "")
      << "pages are small and go plain";
}

// A configured CAPTCHA widget: the pages learn its provider and site key
// from a <meta> (data, no inline script), and the CSP opens for the
// provider's script and frame only then.
TEST(WebUiTest, ACaptchaWidgetReachesThePagesAndWidensTheCspForItsProviderOnly) {
  auto app = TestApp::Start({.configure = [](Config& c) {
    auto& abuse = c.Mutable<abuse::AbuseSettings>();
    abuse.captcha_provider = "turnstile";
    abuse.captcha_secret = "0x-secret";
    abuse.captcha_site_key = "0x4AAA<site>&key";
  }});
  auto client = app->NewClient();
  http::Response home = client.Get("/sign-up");
  ASSERT_EQ(home.status, 200);
  EXPECT_THAT(home.body,
              HasSubstr(R"(<meta name="latchkey-settings" content="{&quot;captcha&quot;:{)"
                        R"(&quot;provider&quot;:&quot;turnstile&quot;,&quot;siteKey&quot;:)"
                        R"(&quot;0x4AAA&lt;site&gt;&amp;key&quot;,)"));
  EXPECT_THAT(home.body, HasSubstr("&quot;always&quot;:[&quot;sign-up&quot;]"));
  EXPECT_EQ(home.body.find("0x-secret"), std::string::npos) << "the secret never reaches a page";
  const std::string csp = HeaderOf(home, "Content-Security-Policy");
  EXPECT_THAT(csp, HasSubstr("script-src 'self' https://challenges.cloudflare.com;"));
  EXPECT_THAT(csp, HasSubstr("frame-src https://challenges.cloudflare.com"));
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  // Without a site key the pages show no widget (an API-only deployment).
  auto plain = TestApp::Start({.configure = [](Config& c) {
    auto& abuse = c.Mutable<abuse::AbuseSettings>();
    abuse.captcha_provider = "turnstile";
    abuse.captcha_secret = "0x-secret";
  }});
  auto plain_client = plain->NewClient();
  http::Response bare = plain_client.Get("/sign-up");
  EXPECT_EQ(bare.body.find("&quot;captcha&quot;"), std::string::npos);
  EXPECT_EQ(HeaderOf(bare, "Content-Security-Policy").find("cloudflare"), std::string::npos);
}

TEST(WebUiTest, OffServesNoPageAndLeavesTheApiAlone) {
  auto app =
      TestApp::Start({.configure = [](Config& c) { c.Mutable<WebUiSettings>().web_ui = false; }});
  auto client = app->NewClient();
  EXPECT_EQ(client.Get("/").status, 404);
  EXPECT_EQ(client.Get("/sign-in").status, 404);
  EXPECT_EQ(client.Get("/assets/app.js").status, 404);
  EXPECT_EQ(client.Get("/api/auth/ok").status, 200);
}

TEST(WebUiTest, AWebDirIsReadAtEveryRequestAndNeverCachedForGood) {
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("latchkey-web-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir / "assets");
  auto write = [&dir](const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary | std::ios::trunc) << text;
  };
  write("index.html", R"(<!doctype html><script type="module" src="/assets/app.js"></script>)");
  write("assets/app.js", "console.log(1)");
  write("assets/app.css", "body{}");
  auto app = TestApp::Start(
      {.configure = [&dir](Config& c) { c.Mutable<WebUiSettings>().web_dir = dir.string(); }});
  auto client = app->NewClient();
  http::Response home = client.Get("/account");
  EXPECT_EQ(ScriptUrl(home.body), "/assets/app.js") << "a folder's URLs are left alone";
  http::Response script = client.Get("/assets/app.js");
  EXPECT_EQ(script.body, "console.log(1)");
  EXPECT_EQ(HeaderOf(script, "Cache-Control"), "no-cache");
  write("assets/app.js", "console.log(2)");
  EXPECT_EQ(client.Get("/assets/app.js").body, "console.log(2)") << "a rebuild shows at once";
  std::filesystem::remove(dir / "assets/app.js");
  EXPECT_EQ(client.Get("/assets/app.js").status, 500);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace latchkey::web_ui

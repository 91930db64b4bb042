#include "features/session_binding/ua_family.h"

#include <array>
#include <utility>

#include "core/ascii.h"

namespace latchkey::session_binding {
namespace {

// Checked in order: a browser built on another names both (Edge says
// "Chrome/… Safari/…", Chrome says "Safari/…"), so the most specific token
// comes first. Tokens are matched in the lower-cased header.
constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kBrowsers{{
    {"edg/", "edge"},
    {"edga/", "edge"},
    {"edgios/", "edge"},
    {"edge/", "edge"},
    {"opr/", "opera"},
    {"opera", "opera"},
    {"samsungbrowser/", "samsung"},
    {"yabrowser/", "yandex"},
    {"vivaldi/", "vivaldi"},
    {"firefox/", "firefox"},
    {"fxios/", "firefox"},
    {"crios/", "chrome"},
    {"chromium/", "chrome"},
    {"chrome/", "chrome"},
    {"trident/", "ie"},
    {"msie ", "ie"},
    {"safari/", "safari"},
}};

// Android says "Linux; Android", iOS "like Mac OS X", ChromeOS "X11; CrOS":
// the specific ones first.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kSystems{{
    {"android", "android"},
    {"iphone", "ios"},
    {"ipad", "ios"},
    {"ipod", "ios"},
    {"cros", "chromeos"},
    {"windows", "windows"},
    {"mac os x", "macos"},
    {"macintosh", "macos"},
    {"freebsd", "freebsd"},
    {"openbsd", "openbsd"},
    {"linux", "linux"},
}};

constexpr std::size_t kMaxProductName = 32;

bool IsProductChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

// A browser is anything that says "Mozilla/": the engines' tokens decide.
std::string_view BrowserFamily(std::string_view lower) {
  for (const auto& [token, family] : kBrowsers) {
    if (lower.find(token) != std::string_view::npos) return family;
  }
  return {};
}

// Not a browser: the first product token's name ("curl/8.1" → "curl").
std::string ProductName(std::string_view lower) {
  std::size_t start = 0;
  while (start < lower.size() && lower[start] == ' ') ++start;
  std::string name;
  for (std::size_t i = start; i < lower.size() && IsProductChar(lower[i]); ++i) {
    if (name.size() == kMaxProductName) break;
    name.push_back(lower[i]);
  }
  return name.empty() ? std::string("unknown") : name;
}

std::string_view SystemFamily(std::string_view lower) {
  for (const auto& [token, family] : kSystems) {
    if (lower.find(token) != std::string_view::npos) return family;
  }
  return "other";
}

}  // namespace

std::string UserAgentFamily(std::string_view user_agent) {
  const std::string lower = ascii::Lowered(user_agent);
  const std::string_view browser = BrowserFamily(lower);
  // Only a "Mozilla/" header is a browser's (Presto Opera: "Opera/9.80 (…)"
  // too); "curl/8.1 Safari/x" is curl.
  const bool is_browser =
      !browser.empty() && (lower.starts_with("mozilla/") || lower.starts_with("opera/"));
  std::string family = is_browser ? std::string(browser) : ProductName(lower);
  family += '/';
  family += SystemFamily(lower);
  return family;
}

}  // namespace latchkey::session_binding

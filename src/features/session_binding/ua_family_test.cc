// The user-agent families of docs/session-binding.md: real headers of each
// browser and system, and that versions never change a family.
#include "features/session_binding/ua_family.h"

#include <gtest/gtest.h>

namespace latchkey::session_binding {
namespace {

struct Case {
  const char* user_agent;
  const char* family;
};

TEST(UserAgentFamilyTest, NamesBrowserAndSystem) {
  const Case cases[] = {
      {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/120.0.0.0 Safari/537.36",
       "chrome/windows"},
      {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
       "edge/windows"},
      {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
       "Gecko) Version/17.2 Safari/605.1.15",
       "safari/macos"},
      {"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", "firefox/linux"},
      {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
       "like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
       "safari/ios"},
      {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
       "like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
       "chrome/ios"},
      {"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/120.0.6099.144 Mobile Safari/537.36",
       "chrome/android"},
      {"Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
       "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
       "samsung/android"},
      {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0",
       "opera/windows"},
      {"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/120.0.0.0 Safari/537.36",
       "chrome/chromeos"},
      {"Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko", "ie/windows"},
      {"Opera/9.80 (Windows NT 6.1; U; en) Presto/2.10.289 Version/12.02", "opera/windows"},
      {"curl/8.4.0", "curl/other"},
      {"okhttp/4.12.0", "okhttp/other"},
      {"Dalvik/2.1.0 (Linux; U; Android 11; Pixel 5 Build/RQ3A.210805.001.A1)", "dalvik/android"},
      {"node", "node/other"},
      {"curl/8.4.0 Safari/537.36", "curl/other"},
      {"", "unknown/other"},
      {"  ", "unknown/other"},
      {"(Windows)", "unknown/windows"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(UserAgentFamily(c.user_agent), c.family) << c.user_agent;
  }
}

TEST(UserAgentFamilyTest, VersionsDoNotChangeTheFamily) {
  EXPECT_EQ(UserAgentFamily("Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 "
                            "Firefox/115.0"),
            UserAgentFamily("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 "
                            "Firefox/121.0"));
  EXPECT_EQ(UserAgentFamily("curl/7.88.1"), UserAgentFamily("curl/8.4.0"));
}

TEST(UserAgentFamilyTest, ProductNamesAreBoundedAndPlain) {
  const std::string long_name(100, 'a');
  EXPECT_EQ(UserAgentFamily(long_name + "/1.0"), std::string(32, 'a') + "/other");
  // Only [a-z0-9._-] of the first token: no separator or control byte gets through.
  EXPECT_EQ(UserAgentFamily("Evil\n/1.0"), "evil/other");
  EXPECT_EQ(UserAgentFamily("My-App_2.0/3 (iPad; iOS 17)"), "my-app_2.0/ios");
}

}  // namespace
}  // namespace latchkey::session_binding

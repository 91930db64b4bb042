#include "core/trusted_origins.h"

#include <gtest/gtest.h>

namespace latchkey {
namespace {

TEST(OriginOfTest, NormalisesLikeWhatwgUrl) {
  EXPECT_EQ(OriginOf("HTTPS://Example.COM:443/a?b"), "https://example.com");
  EXPECT_EQ(OriginOf("http://localhost:3000"), "http://localhost:3000");
  EXPECT_EQ(OriginOf("http://a.com:80/"), "http://a.com");
  EXPECT_FALSE(OriginOf("javascript:alert(1)"));
  EXPECT_FALSE(OriginOf("https://good.com@evil.com/"));
  EXPECT_FALSE(OriginOf("//evil.com"));
}

// CVE-2024-52289-style open-redirect corpus: none of these may be trusted.
TEST(TrustedOriginsTest, RejectsRedirectBypassCorpus) {
  TrustedOrigins trusted("http://localhost:3000", {"https://app.example.com"});
  for (const char* bad :
       {"//evil.com", "/\\evil.com", "\\\\evil.com", "https://evil.com", "https:evil.com",
        "https://app.example.com@evil.com", "https://app.example.com.evil.com", "/%2F%2Fevil.com",
        "/%5Cevil.com", "javascript:alert(1)", "data:text/html,x", "http://app.example.com",
        "https://app.example.com:8443", "/a\nb", ""}) {
    EXPECT_FALSE(trusted.IsTrustedRedirect(bad)) << bad;
  }
  for (const char* good : {"/", "/dashboard?x=1", "http://localhost:3000/x",
                           "https://app.example.com/cb", "https://APP.example.com"}) {
    EXPECT_TRUE(trusted.IsTrustedRedirect(good)) << good;
  }
}

TEST(TrustedOriginsTest, WildcardPatterns) {
  TrustedOrigins trusted("http://localhost:3000", {"https://*.example.com", "*.corp.test"});
  EXPECT_TRUE(trusted.IsTrustedOrigin("https://a.example.com"));
  EXPECT_FALSE(trusted.IsTrustedOrigin("http://a.example.com"));
  EXPECT_FALSE(trusted.IsTrustedOrigin("https://example.com.evil.io"));
  EXPECT_TRUE(trusted.IsTrustedOrigin("http://x.corp.test"));
  EXPECT_FALSE(trusted.IsTrustedOrigin("null"));
}

}  // namespace
}  // namespace latchkey

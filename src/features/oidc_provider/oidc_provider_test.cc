// The OpenID provider's pure parts: redirect URI matching against the
// bypass corpus of issue 17 (RFC 9700 §4.1.3, OAuth 2.1 §2.3.1,
// RFC 8252 §7.3), registration rules, and PKCE (RFC 7636). The flows themselves are
// tested end to end (tests/e2e/test/oidc-*.test.js).
#include <gtest/gtest.h>

#include "features/oidc_provider/client_store.h"
#include "features/oidc_provider/oidc_internal.h"
#include "features/oidc_provider/pkce.h"
#include "features/oidc_provider/redirect_uri.h"

namespace latchkey::oidc_provider {
namespace {

const std::vector<std::string> kRegistered = {
    "https://app.example.com/callback", "http://127.0.0.1/native/cb", "com.example.app:/oauth"};

TEST(RedirectUri, ExactMatchOnly) {
  EXPECT_TRUE(MatchesRegisteredRedirect(kRegistered, "https://app.example.com/callback"));
  EXPECT_TRUE(MatchesRegisteredRedirect(kRegistered, "com.example.app:/oauth"));
}

// Issue 17's bypass corpus: none of these may receive a code.
TEST(RedirectUri, BypassCorpusIsRefusedRfc9700) {
  for (const char* uri : {
           "https://app.example.com/callback/extra",         // extra path
           "https://app.example.com/callbackx",              // path suffix
           "https://app.example.com/callback?x=1",           // extra query
           "https://app.example.com/callback#frag",          // fragment
           "https://app.example.com:8443/callback",          // other port
           "https://APP.example.com/callback",               // case (host)
           "https://app.example.com/Callback",               // case (path)
           "https://app.example.com@attacker.com/callback",  // registered as userinfo
           "https://attacker.com@app.example.com/callback",  // attacker as userinfo
           "https://app.example.com/callback/",              // trailing slash
           "http://app.example.com/callback",                // scheme swap
           "https://app.example.com.attacker.com/callback",  // host suffix
           "https://evil.app.example.com/callback",          // subdomain
           "https://app.example.com/x/../callback",          // dot segments
           "https://app.example.com/%63allback",             // percent-encoding
           "https://app.example.com/callback%2F..",          // encoded slash
           "",                                               // missing
           "http://127.0.0.2/native/cb",                     // another loopback address
           "http://127.0.0.1:80@attacker.com/native/cb",     // port then userinfo
           "http://127.0.0.1:/native/cb",                    // empty port
           "http://127.0.0.1:8080/native/cbx",               // loopback path suffix
           "http://127.0.0.1.attacker.com/native/cb",        // loopback host suffix
           "https://127.0.0.1:8080/native/cb",               // loopback scheme swap
           "http://localhost:8080/native/cb",                // loopback name, not IP
       }) {
    EXPECT_FALSE(MatchesRegisteredRedirect(kRegistered, uri)) << uri;
  }
}

TEST(RedirectUri, LoopbackIpAnyPortRfc8252) {
  EXPECT_TRUE(MatchesRegisteredRedirect(kRegistered, "http://127.0.0.1/native/cb"));
  EXPECT_TRUE(MatchesRegisteredRedirect(kRegistered, "http://127.0.0.1:53123/native/cb"));
  const std::vector<std::string> v6 = {"http://[::1]:8080/cb"};
  EXPECT_TRUE(MatchesRegisteredRedirect(v6, "http://[::1]:9999/cb"));
  EXPECT_FALSE(MatchesRegisteredRedirect(v6, "http://[::1]:9999/cb2"));
}

TEST(RedirectUri, RegistrationRules) {
  for (const char* ok : {"https://app.example.com/cb", "http://127.0.0.1:3000/cb",
                         "http://localhost:3000/cb", "http://[::1]/cb", "com.example.app:/cb"}) {
    EXPECT_TRUE(CheckRedirectUriForRegistration(ok)) << ok;
  }
  for (const char* bad :
       {"", "/relative", "https://app.example.com/cb#x", "https://*.example.com/cb",
        "http://app.example.com/cb", "https://user@app.example.com/cb", "javascript:alert(1)",
        "https://app.example.com/c b", "HTTPS://app.example.com/cb", "https:///cb"}) {
    EXPECT_FALSE(CheckRedirectUriForRegistration(bad)) << bad;
  }
}

// RFC 7636 §4.6; the vector computed independently (Python's hashlib).
TEST(Pkce, S256Rfc7636) {
  const std::string verifier = "dBjftJeZ4CVP-mJ92IvV2E2gPb2WYTVD4U8YqEgBsG8";
  const std::string challenge = "jKaRSuMnvU9571hoAZtbfA9N9RgP3R_tLxqibZq-OvU";
  EXPECT_TRUE(VerifyS256(verifier, challenge));
  EXPECT_FALSE(VerifyS256(verifier + "x", challenge));
  // plain (the verifier as its own challenge) never passes.
  EXPECT_FALSE(VerifyS256(verifier, verifier));
  EXPECT_FALSE(VerifyS256("", challenge));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(42, 'a')));
  EXPECT_TRUE(IsValidCodeVerifier(std::string(128, 'a')));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(129, 'a')));
  EXPECT_FALSE(IsValidCodeVerifier(std::string(43, '+')));
  EXPECT_FALSE(IsValidS256Challenge(challenge + "="));
}

TEST(ClientSpec, DefaultsAndRefusals) {
  ClientSpec spec{.name = "App", .redirect_uris = {"https://app.example.com/cb"}};
  ASSERT_TRUE(NormalizeClientSpec(spec));
  EXPECT_EQ(JoinScope(spec.scopes), "openid profile email offline_access");
  EXPECT_EQ(spec.grant_types.size(), 2U);
  ClientSpec public_cc{.name = "P",
                       .redirect_uris = {"https://app.example.com/cb"},
                       .grant_types = {"client_credentials"},
                       .is_public = true};
  EXPECT_FALSE(NormalizeClientSpec(public_cc));
  ClientSpec no_redirect{.name = "N"};
  EXPECT_FALSE(NormalizeClientSpec(no_redirect));
  ClientSpec short_secret{
      .name = "S", .redirect_uris = {"https://app.example.com/cb"}, .client_secret = "short"};
  EXPECT_FALSE(NormalizeClientSpec(short_secret));
  EXPECT_EQ(SplitScope("  openid  openid email "), (std::vector<std::string>{"openid", "email"}));
}

// docs/oidc.md acr values: a passkey outranks a second factor, which
// outranks one factor (OpenID Connect Core §2, acr).
TEST(IdToken, AcrReflectsHowTheSessionWasProven) {
  EXPECT_EQ(internal::AcrFor({"pwd"}), "1fa");
  EXPECT_EQ(internal::AcrFor({}), "1fa");
  EXPECT_EQ(internal::AcrFor({"pwd", "otp", "mfa"}), "mfa");
  EXPECT_EQ(internal::AcrFor({"swk", "user", "mfa"}), "phr");
  EXPECT_EQ(internal::AcrFor({"hwk", "user"}), "phr");
}

// Dynamic registration and the admin routes share the rules: an access token format is one
// of two values.
TEST(ClientSpec, AccessTokenFormatIsOpaqueOrJwt) {
  ClientSpec spec{.name = "x", .redirect_uris = {"https://app.example.com/cb"}};
  spec.access_token_format = "jwt";
  EXPECT_TRUE(NormalizeClientSpec(spec));
  spec.access_token_format = "JWT";
  EXPECT_FALSE(NormalizeClientSpec(spec));
}

}  // namespace
}  // namespace latchkey::oidc_provider

// Unit tests of the social feature's pure parts: the provider list the
// hosted pages read, the settings' rules, the profile an ID token's claims
// describe, and the error redirect. The flow itself is tested end to end
// against a local provider (tests/e2e/test/social-*.test.js).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "features/social/provider.h"
#include "features/social/social_feature.h"
#include "features/social/social_service.h"
#include "features/social/social_settings.h"

namespace latchkey::social {
namespace {

Result<void> Validate(SocialSettings settings) {
  Config config;
  config.Mutable<SocialSettings>() = std::move(settings);
  return SocialSettingsTable().validate(config);
}

ProviderSettings Generic() {
  ProviderSettings p;
  p.issuer = "https://idp.example";
  p.client_id = "app";
  return p;
}

TEST(ConfiguredProvidersTest, ListsProvidersInOrderWithTheirNames) {
  Config config;
  SocialSettings& s = config.Mutable<SocialSettings>();
  s.oidc_providers = {"keycloak", "github", "corp"};
  s.providers["keycloak"] = Generic();
  s.providers["github"].preset = "github";
  s.providers["corp"] = Generic();
  s.providers["corp"].display_name = "Corp SSO";
  auto listed = ConfiguredProviders(config);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].id, "keycloak");
  EXPECT_EQ(listed[0].display_name, "keycloak");
  EXPECT_EQ(listed[1].display_name, "GitHub");
  EXPECT_EQ(listed[2].display_name, "Corp SSO");
}

TEST(SocialSettingsTest, RulesNameTheKey) {
  SocialSettings ok;
  ok.oidc_providers = {"idp", "github"};
  ok.providers["idp"] = Generic();
  ok.providers["github"].client_id = "gh";
  EXPECT_TRUE(Validate(ok));

  SocialSettings no_client = ok;
  no_client.providers["idp"].client_id.clear();
  auto refused = Validate(no_client);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().detail.find("oidc_idp_client_id"), std::string::npos);

  SocialSettings no_issuer = ok;
  no_issuer.providers["idp"].issuer.clear();
  EXPECT_FALSE(Validate(no_issuer));

  SocialSettings bad_auth = ok;
  bad_auth.providers["idp"].token_auth = "private_key_jwt";
  EXPECT_FALSE(Validate(bad_auth));

  SocialSettings stray = ok;
  stray.providers["other"] = Generic();  // keys for an id not in oidc_providers
  EXPECT_FALSE(Validate(stray));

  SocialSettings microsoft = ok;
  microsoft.oidc_providers.push_back("microsoft");
  microsoft.providers["microsoft"].client_id = "ms";  // its issuer names the tenant: required
  EXPECT_FALSE(Validate(microsoft));

  SocialSettings apple = ok;
  apple.oidc_providers.push_back("apple");
  apple.providers["apple"].client_id = "com.example.web";  // no secret, no key
  EXPECT_FALSE(Validate(apple));
}

TEST(ProfileFromClaimsTest, LowerCasesTheEmailAndReadsAppleStyleBooleans) {
  auto claims =
      boost::json::parse(
          R"({"sub":"001","email":"Ada@Example.COM","email_verified":"true","name":"Ada"})")
          .as_object();
  auto profile = ProfileFromClaims(claims);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->account_id, "001");
  EXPECT_EQ(profile->email, "ada@example.com");
  EXPECT_TRUE(profile->email_verified);
  EXPECT_EQ(profile->name, "Ada");

  claims["email_verified"] = "false";
  EXPECT_FALSE(ProfileFromClaims(claims)->email_verified);
  claims.erase("sub");
  EXPECT_FALSE(ProfileFromClaims(claims));
}

TEST(ErrorUrlTest, AppendsTheCodeToAnyQuery) {
  EXPECT_EQ(ErrorUrl("/oops", "state_mismatch"), "/oops?error=state_mismatch");
  EXPECT_EQ(ErrorUrl("https://app.example/x?a=1", "invalid_code"),
            "https://app.example/x?a=1&error=invalid_code");
}

TEST(ProviderTest, PresetScopesAndOpenId) {
  const SystemClock clock;
  ProviderSettings gh;
  gh.preset = "github";
  Provider github("github", gh, clock);
  EXPECT_FALSE(github.IsOpenId());
  EXPECT_EQ(github.Scopes(), (std::vector<std::string>{"read:user", "user:email"}));
  Provider generic("idp", Generic(), clock);
  EXPECT_TRUE(generic.IsOpenId());
  EXPECT_EQ(generic.Scopes(), (std::vector<std::string>{"openid", "email", "profile"}));
}

}  // namespace
}  // namespace latchkey::social

// The user-info mapping of plain OAuth 2.0 providers (docs/social.md
// "Plain OAuth 2.0 providers"): dotted paths into the user API's answer,
// the common spellings when unmapped, and the settings' checks at start.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "features/social/provider.h"
#include "features/social/provider_json.h"
#include "features/social/social_settings.h"

namespace latchkey::social {
namespace {

ProviderSettings Plain() {
  ProviderSettings p;
  p.client_id = "app";
  p.scopes = {"read_user"};
  p.authorization_endpoint = "https://api.example/authorize";
  p.token_endpoint = "https://api.example/token";
  p.userinfo_endpoint = "https://api.example/me";
  return p;
}

Result<void> Validate(const ProviderSettings& p) {
  Config config;
  SocialSettings& s = config.Mutable<SocialSettings>();
  s.oidc_providers = {"corp"};
  s.providers["corp"] = p;
  return SocialSettingsTable().validate(config);
}

TEST(JsonPathTest, WalksObjectsAndArrayIndexes) {
  auto doc =
      boost::json::parse(R"({"data":{"uid":77,"mails":[{"v":"a@x"},{"v":"b@x"}]}})").as_object();
  ASSERT_NE(AtPath(doc, "data.uid"), nullptr);
  EXPECT_EQ(AtPath(doc, "data.uid")->as_int64(), 77);
  EXPECT_EQ(AtPath(doc, "data.mails.1.v")->as_string(), "b@x");
  EXPECT_EQ(AtPath(doc, "data.mails.2.v"), nullptr);
  EXPECT_EQ(AtPath(doc, "data.uid.x"), nullptr);
  EXPECT_EQ(AtPath(doc, "nope"), nullptr);
  EXPECT_TRUE(IsJsonPath("data.attributes.mail"));
  EXPECT_FALSE(IsJsonPath(""));
  EXPECT_FALSE(IsJsonPath("data..mail"));
  EXPECT_FALSE(IsJsonPath("data.mail."));
  EXPECT_FALSE(IsJsonPath("$.data"));
  EXPECT_FALSE(IsJsonPath("a.b.c.d.e.f.g.h.i"));
}

TEST(MapUserInfoTest, MappedClaimsComeFromTheirPathsOnly) {
  ProviderSettings p = Plain();
  p.user_id_field = "data.uid";
  p.email_field = "data.attributes.mail";
  p.email_verified_field = "data.attributes.mail_confirmed";
  p.name_field = "data.attributes.display";
  p.image_field = "data.attributes.photo.url";
  auto info = boost::json::parse(R"({"id":"not-this","email":"decoy@evil.example",
      "email_verified":true,"data":{"uid":9001,"attributes":{"mail":"Grace@Example.com",
      "mail_confirmed":"true","display":"Grace","photo":{"url":"https://img/g.png"}}}})")
                  .as_object();
  auto profile = ProfileFromClaims(MapUserInfo(info, p, /*plain=*/true));
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->account_id, "9001");
  EXPECT_EQ(profile->email, "grace@example.com");
  EXPECT_TRUE(profile->email_verified);
  EXPECT_EQ(profile->name, "Grace");
  EXPECT_EQ(profile->image, "https://img/g.png");

  // A mapped e-mail_verified that is absent means unverified, not the
  // answer's own `email_verified` (the pre-account-takeover class).
  info["data"].as_object()["attributes"].as_object().erase("mail_confirmed");
  EXPECT_FALSE(ProfileFromClaims(MapUserInfo(info, p, true))->email_verified);
  info["data"].as_object().erase("uid");
  EXPECT_FALSE(ProfileFromClaims(MapUserInfo(info, p, true))) << "no id at the mapped path";
}

TEST(MapUserInfoTest, UnmappedPlainApisUseTheCommonSpellings) {
  auto info = boost::json::parse(
                  R"({"id":4242,"login":"plainuser","email":"p@x.example","avatar_url":"u"})")
                  .as_object();
  auto plain = ProfileFromClaims(MapUserInfo(info, Plain(), /*plain=*/true));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->account_id, "4242");
  EXPECT_EQ(plain->name, "plainuser");
  EXPECT_FALSE(plain->email_verified);
  EXPECT_FALSE(ProfileFromClaims(MapUserInfo(info, Plain(), /*plain=*/false)))
      << "an OpenID userinfo answer has a sub";
}

TEST(MapUserInfoSettingsTest, PathsAreCheckedAtStartAndNameTheKey) {
  ProviderSettings ok = Plain();
  ok.user_id_field = "data.id";
  ok.email_field = "data.mail";
  EXPECT_TRUE(Validate(ok));

  ProviderSettings bad = ok;
  bad.email_field = "data[0].mail";
  auto refused = Validate(bad);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().detail.find("oidc_corp_email_field"), std::string::npos);

  ProviderSettings no_userinfo = Plain();
  no_userinfo.userinfo_endpoint.clear();
  refused = Validate(no_userinfo);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().detail.find("oidc_corp_userinfo_endpoint"), std::string::npos);

  ProviderSettings openid;
  openid.issuer = "https://idp.example";
  openid.client_id = "app";
  openid.user_id_field = "uid";  // an OpenID provider's user is the ID token's sub
  EXPECT_FALSE(Validate(openid));
  openid.user_id_field.clear();
  openid.name_field = "profile.display";
  EXPECT_TRUE(Validate(openid));

  ProviderSettings github = Plain();
  github.preset = "github";
  github.email_field = "mail";
  EXPECT_FALSE(Validate(github));
}

}  // namespace
}  // namespace latchkey::social

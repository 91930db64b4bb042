// The ID token's issuer (OIDC Core §3.1.3.7 step 2), including Microsoft's
// multi-tenant issuers, whose `iss` is the template with the token's `tid`
// (docs/social.md "Microsoft Entra ID").
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "features/social/issuer.h"

namespace latchkey::social {
namespace {

constexpr char kTenant[] = "72f988bf-86f1-41af-91ab-2d7cd011db47";

boost::json::object Claims(std::string_view iss, std::string_view tid) {
  boost::json::object claims{{"iss", iss}, {"sub", "s"}};
  if (!tid.empty()) claims["tid"] = tid;
  return claims;
}

std::string MsIssuer(std::string_view tenant) {
  return "https://login.microsoftonline.com/" + std::string(tenant) + "/v2.0";
}

TEST(IssuerTest, ASingleTenantIssuerIsExact) {
  const std::string issuer = MsIssuer(kTenant);
  EXPECT_EQ(MicrosoftAudience(issuer), "");
  EXPECT_TRUE(DiscoveryIssuerMatches(issuer, issuer));
  EXPECT_FALSE(DiscoveryIssuerMatches(issuer, kMicrosoftIssuerTemplate));
  EXPECT_TRUE(CheckIssuer(issuer, Claims(issuer, kTenant)));
  EXPECT_FALSE(CheckIssuer(issuer, Claims(MsIssuer("00000000-0000-0000-0000-000000000000"), "")));
  EXPECT_FALSE(CheckIssuer("https://idp.example", Claims("https://idp.example/", "")));
  EXPECT_TRUE(IssuerParameterMatches("https://idp.example", "https://idp.example"));
  EXPECT_FALSE(IssuerParameterMatches("https://idp.example", "https://evil.example"));
}

// OIDC Core §3.1.3.7 step 2 with Microsoft's documented multi-tenant rule:
// iss = https://login.microsoftonline.com/{tid}/v2.0 for the token's tid.
TEST(IssuerTest, MultiTenantIssuerIsTheTemplateWithTheTokensTid) {
  const std::string common = MsIssuer("common");
  EXPECT_EQ(MicrosoftAudience(common), "common");
  EXPECT_TRUE(DiscoveryIssuerMatches(common, kMicrosoftIssuerTemplate));
  EXPECT_FALSE(DiscoveryIssuerMatches(common, "https://evil.example/{tenantid}/v2.0"));
  EXPECT_TRUE(CheckIssuer(common, Claims(MsIssuer(kTenant), kTenant)));
  // Another tenant's iss than the token's own tid: refused.
  EXPECT_FALSE(
      CheckIssuer(common, Claims(MsIssuer(kTenant), "11111111-2222-3333-4444-555555555555")));
  EXPECT_FALSE(CheckIssuer(common, Claims(MsIssuer(kTenant), ""))) << "no tid";
  EXPECT_FALSE(CheckIssuer(common, Claims(MsIssuer("../evil"), "../evil"))) << "tid not a GUID";
  EXPECT_FALSE(CheckIssuer(common, Claims(common, ""))) << "the template's own name is no tenant";
  EXPECT_FALSE(CheckIssuer(
      common, Claims("https://evil.example/" + std::string(kTenant) + "/v2.0", kTenant)));
}

TEST(IssuerTest, OrganizationsAndConsumersNarrowTheTenants) {
  const std::string orgs = MsIssuer("organizations");
  const std::string consumers = MsIssuer("consumers");
  EXPECT_TRUE(CheckIssuer(orgs, Claims(MsIssuer(kTenant), kTenant)));
  EXPECT_FALSE(
      CheckIssuer(orgs, Claims(MsIssuer(kMicrosoftConsumersTenant), kMicrosoftConsumersTenant)));
  EXPECT_TRUE(CheckIssuer(consumers,
                          Claims(MsIssuer(kMicrosoftConsumersTenant), kMicrosoftConsumersTenant)));
  EXPECT_FALSE(CheckIssuer(consumers, Claims(MsIssuer(kTenant), kTenant)));
  // Discovery for consumers names the personal accounts' tenant itself.
  EXPECT_TRUE(DiscoveryIssuerMatches(consumers, MsIssuer(kMicrosoftConsumersTenant)));
  EXPECT_FALSE(DiscoveryIssuerMatches(consumers, MsIssuer(kTenant)));
  EXPECT_TRUE(DiscoveryIssuerMatches(orgs, kMicrosoftIssuerTemplate));
  // RFC 9207's `iss` parameter: any allowed tenant of the audience.
  EXPECT_TRUE(IssuerParameterMatches(orgs, MsIssuer(kTenant)));
  EXPECT_FALSE(IssuerParameterMatches(orgs, MsIssuer(kMicrosoftConsumersTenant)));
  EXPECT_FALSE(IssuerParameterMatches(orgs, "https://login.microsoftonline.com/v2.0"));
}

}  // namespace
}  // namespace latchkey::social

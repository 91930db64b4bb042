// Members through the in-process app (docs/organizations.md "Adding a
// member", "Listing members"): add-member and its refusals, its IDOR walk,
// list-members' filters, and the active organization in the access token a
// refresh-token rotation mints.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "crypto/encoding.h"
#include "features/organizations/organizations_settings.h"
#include "features/organizations/routes/org_routes.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::organizations {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::HasError;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::Json;
using ::latchkey::testing::JsonAt;
using ::latchkey::testing::JsonString;
using ::latchkey::testing::TestApp;

constexpr std::string_view kPassword = "analytical engine 1843";
constexpr std::string_view kAdd = "/api/auth/organization/add-member";

class MembersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = TestApp::Start({.configure = [](Config& c) {
      auto& s = c.Mutable<OrganizationSettings>();
      s.organization_add_member = true;
      s.organization_teams = true;
      s.organization_member_limit = 4;
    }});
  }

  std::string Create(Client& client, std::string_view slug) {
    http::Response r = client.Post(
        "/api/auth/organization/create",
        R"({"name":"Org )" + std::string(slug) + R"(","slug":")" + std::string(slug) + R"("})");
    EXPECT_THAT(r, IsOkJson());
    return JsonString(r, "/id");
  }

  static std::string AddBody(const std::string& user_id, std::string_view role,
                             std::string_view extra = "") {
    return R"({"userId":")" + user_id + R"(","role":")" + std::string(role) + "\"" +
           std::string(extra) + "}";
  }

  // The claims of a JWT (unverified: the signature is the jwt feature's test).
  static boost::json::value Claims(const std::string& token) {
    const auto first = token.find('.');
    const auto payload =
        crypto::Base64UrlDecode(token.substr(first + 1, token.find('.', first + 1) - first - 1));
    EXPECT_TRUE(payload.has_value());
    return boost::json::parse(payload.value_or("{}"));
  }

  std::unique_ptr<TestApp> app_;
};

TEST(MembersOffTest, AddMemberIsServedOnlyWithItsSetting) {
  auto app = TestApp::Start();
  Client ada = app->SignUp("ada@example.com", kPassword, "Ada");
  EXPECT_EQ(ada.Post(std::string(kAdd), R"({"userId":"x","role":"member"})").status, 404);
}

TEST_F(MembersTest, AddMemberAddsAnExistingUserWithItsRulesAndAnAuditEvent) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client bob = app_->SignUp("bob@example.com", kPassword, "Bob");
  Client cat = app_->SignUp("cat@example.com", kPassword, "Cat");
  Client dan = app_->SignUp("dan@example.com", kPassword, "Dan");
  Client eve = app_->SignUp("eve@example.com", kPassword, "Eve");
  const std::string org = Create(ada, "engines");
  const std::string team =
      JsonString(ada.Get("/api/auth/organization/list-teams"), "/0/id");  // the default team
  const std::string add(kAdd);

  http::Response added =
      ada.Post(add, AddBody(bob.user_id(), "admin", R"(,"teamId":")" + team + "\""));
  ASSERT_THAT(added, IsOkJson());
  EXPECT_EQ(JsonString(added, "/userId"), bob.user_id());
  EXPECT_EQ(JsonString(added, "/organizationId"), org);
  EXPECT_EQ(JsonString(added, "/role"), "admin");
  EXPECT_EQ(app_->Count("organization_team_members", "team_id = ? AND user_id = ?",
                        {team, bob.user_id()}),
            1);
  EXPECT_EQ(
      app_->Count("audit_events", "event_type = 'organization.member_add' AND target_user_id = ?",
                  {bob.user_id()}),
      1);
  // Refusals, each with Better Auth's answer.
  EXPECT_THAT(ada.Post(add, AddBody(bob.user_id(), "member")),
              HasError(400, "USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION"));
  EXPECT_THAT(ada.Post(add, AddBody("no-such-user", "member")), HasError(400, "USER_NOT_FOUND"));
  EXPECT_THAT(ada.Post(add, AddBody(cat.user_id(), "emperor")), HasError(400, "ROLE_NOT_FOUND"));
  EXPECT_THAT(ada.Post(add, R"({"role":"member"})"), HasError(400, "VALIDATION_ERROR"));
  EXPECT_THAT(ada.Post(add, R"({"userId":")" + cat.user_id() + "\"}"),
              HasError(400, "VALIDATION_ERROR"));
  EXPECT_THAT(ada.Post(add, AddBody(cat.user_id(), "member", R"(,"teamId":"nope")")),
              HasError(400, "TEAM_NOT_FOUND"));
  // Only an owner hands out the owner role; a member may not add at all.
  // Neither bob nor cat has an active organization: they name it.
  const std::string in_org = R"(,"organizationId":")" + org + R"(")";
  EXPECT_THAT(bob.Post(add, AddBody(cat.user_id(), "member")),
              HasError(400, "NO_ACTIVE_ORGANIZATION"));
  EXPECT_THAT(bob.Post(add, AddBody(cat.user_id(), "owner", in_org)),
              HasError(403, "YOU_ARE_NOT_ALLOWED_TO_INVITE_USER_WITH_THIS_ROLE"));
  EXPECT_THAT(bob.Post(add, AddBody(cat.user_id(), "member", in_org)), IsOkJson());
  EXPECT_THAT(cat.Post(add, AddBody(dan.user_id(), "member", in_org)),
              HasError(403, "YOU_ARE_NOT_ALLOWED_TO_INVITE_USERS_TO_THIS_ORGANIZATION"));
  // The member limit (4) holds.
  EXPECT_THAT(ada.Post(add, AddBody(dan.user_id(), "member")), IsOkJson());
  EXPECT_THAT(ada.Post(add, AddBody(eve.user_id(), "member")),
              HasError(403, "ORGANIZATION_MEMBERSHIP_LIMIT_REACHED"));
  EXPECT_EQ(app_->Count("organization_members", "organization_id = ?", {org}), 4);
}

// ASVS 4.2.1 (IDOR): with add-member and teams on, a caller in another
// organization gets a 4xx from every organization-scoped route given this
// one's id, and add-member adds no one to it; a team of another organization
// is refused like an unknown one.
TEST_F(MembersTest, Asvs421AddMemberAndEveryRouteRefuseAnotherOrganization) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client mal = app_->SignUp("mal@example.com", kPassword, "Mal");
  Client pal = app_->SignUp("pal@example.com", kPassword, "Pal");
  const std::string victim = Create(ada, "victim");
  const std::string victim_team = JsonString(ada.Get("/api/auth/organization/list-teams"), "/0/id");
  Create(mal, "mine");
  const std::string body = R"({"organizationId":")" + victim + R"(","userId":")" + pal.user_id() +
                           R"(","role":"member","memberIdOrEmail":")" + ada.user_id() +
                           R"(","teamId":")" + victim_team + R"("})";
  std::vector<const OrgRoute*> routes;
  for (std::span<const OrgRoute> table : {OrgRoutes(), AddMemberRoutes(), TeamOrgRoutes()}) {
    for (const OrgRoute& route : table) routes.push_back(&route);
  }
  for (const OrgRoute* route : routes) {
    const std::string path(route->spec.path);
    http::Response r = route->spec.method == http::Method::kGet
                           ? mal.Get(path + "?organizationId=" + victim)
                           : mal.Post(path, body);
    EXPECT_GE(r.status, 400) << path;
    EXPECT_LT(r.status, 500) << path;
    EXPECT_EQ(r.body.find(victim), std::string::npos) << path << ": " << r.body;
  }
  EXPECT_EQ(app_->Count("organization_members", "organization_id = ?", {victim}), 1);
  // Into mal's own organization, with the victim's team: refused, nothing added.
  EXPECT_THAT(mal.Post(std::string(kAdd),
                       AddBody(pal.user_id(), "member", R"(,"teamId":")" + victim_team + "\"")),
              HasError(400, "TEAM_NOT_FOUND"));
  EXPECT_EQ(app_->Count("organization_members", "user_id = ?", {pal.user_id()}), 0);
}

TEST_F(MembersTest, ListMembersFiltersAsTheContractHasThem) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client bob = app_->SignUp("bob@example.com", kPassword, "Bob");
  Client cat = app_->SignUp("cat@example.com", kPassword, "Cat");
  Create(ada, "engines");
  ASSERT_THAT(ada.Post(std::string(kAdd), AddBody(bob.user_id(), "admin")), IsOkJson());
  ASSERT_THAT(ada.Post(std::string(kAdd), AddBody(cat.user_id(), "member")), IsOkJson());
  const auto total = [&](const std::string& query) {
    http::Response r = ada.Get("/api/auth/organization/list-members?" + query);
    EXPECT_THAT(r, IsOkJson()) << query;
    const boost::json::value json = Json(r);
    EXPECT_EQ(JsonAt(json, "/members")->as_array().size(), JsonAt(json, "/total")->as_int64())
        << query;
    return JsonAt(json, "/total")->as_int64();
  };
  EXPECT_EQ(total(""), 3);
  EXPECT_EQ(total("filterField=role&filterValue=admin"), 1);
  EXPECT_EQ(total("filterField=role&filterOperator=ne&filterValue=admin"), 2);
  EXPECT_EQ(total("filterField=role&filterOperator=in&filterValue=owner,member"), 2);
  EXPECT_EQ(total("filterField=role&filterOperator=not_in&filterValue=owner,member"), 1);
  EXPECT_EQ(total("filterField=role&filterOperator=contains&filterValue=dmi"), 1);
  EXPECT_EQ(total("filterField=role&filterOperator=contains&filterValue=DMI"), 0);  // case counts
  EXPECT_EQ(total("filterField=role&filterOperator=starts_with&filterValue=mem"), 1);
  EXPECT_EQ(total("filterField=role&filterOperator=ends_with&filterValue=er"), 2);
  EXPECT_EQ(total("filterField=role&filterOperator=ends_with&filterValue=longer-than-role"), 0);
  EXPECT_EQ(total("filterField=userId&filterValue=" + bob.user_id()), 1);
  EXPECT_EQ(total("filterField=createdAt&filterOperator=gt&filterValue=0"), 3);
  EXPECT_EQ(total("filterField=createdAt&filterOperator=lt&filterValue=0"), 0);
  EXPECT_EQ(total("filterField=role&filterValue=member&limit=1"), 1);
  // Malformed → 400 VALIDATION_ERROR, as Better Auth's query schema answers.
  for (const std::string query :
       {"filterField=email&filterValue=x", "filterField=role&filterOperator=like&filterValue=x",
        "filterField=role", "filterField=createdAt&filterValue=yesterday",
        "filterField=createdAt&filterOperator=contains&filterValue=1"}) {
    EXPECT_THAT(ada.Get("/api/auth/organization/list-members?" + query),
                HasError(400, "VALIDATION_ERROR"))
        << query;
  }
}

// An access token minted by refresh-token rotation carries the session's
// claims as GET /token's does (platform::Hooks::AddTokenClaims).
TEST_F(MembersTest, ARotatedAccessTokenCarriesTheActiveOrganization) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  const std::string org = Create(ada, "engines");
  ASSERT_EQ(ada.Post("/api/auth/organization/set-active", R"({"organizationId":null})").status,
            200);
  http::Response pair = ada.Post("/api/auth/refresh-token/issue", "{}");
  ASSERT_THAT(pair, IsOkJson());
  EXPECT_TRUE(Claims(JsonString(pair, "/access_token")).at("activeOrganizationId").is_null());
  ASSERT_THAT(ada.Post("/api/auth/organization/set-active", R"({"organizationId":")" + org + "\"}"),
              IsOkJson());
  http::Response rotated = app_->NewClient().PostJson(
      "/api/auth/refresh", {{"refresh_token", JsonString(pair, "/refresh_token")}});
  ASSERT_THAT(rotated, IsOkJson());
  const boost::json::value claims = Claims(JsonString(rotated, "/access_token"));
  EXPECT_EQ(claims.at("activeOrganizationId").as_string(), org);
  EXPECT_TRUE(claims.as_object().contains("activeTeamId"));
}

}  // namespace
}  // namespace latchkey::organizations

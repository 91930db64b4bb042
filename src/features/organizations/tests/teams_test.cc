// Teams (docs/organizations.md "Teams") through the in-process app: the
// default team and the active team, teams going with their organization, the
// IDOR walk of every team route, the verified-address setting on
// invitations, and the active organization in the session's JWT.
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

class TeamsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = TestApp::Start({.configure = [](Config& c) {
      auto& s = c.Mutable<OrganizationSettings>();
      s.organization_teams = true;
      s.organization_require_email_verification_on_invitation = true;
    }});
  }

  std::string Create(Client& client, std::string_view slug) {
    http::Response r = client.Post(
        "/api/auth/organization/create",
        R"({"name":"Org )" + std::string(slug) + R"(","slug":")" + std::string(slug) + R"("})");
    EXPECT_THAT(r, IsOkJson());
    return JsonString(r, "/id");
  }

  void Verify(const Client& client) {
    auto done = store::InTransaction(app_->store(), [&](store::Transaction& tx) -> Result<void> {
      LK_TRY(tx.Exec("UPDATE users SET email_verified = 1 WHERE id = ?", {client.user_id()}));
      return {};
    });
    ASSERT_TRUE(done.has_value());
  }

  std::unique_ptr<TestApp> app_;
};

TEST_F(TeamsTest, DefaultTeamActiveTeamAndTeamsGoWithTheirOrganization) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  const std::string org = Create(ada, "engines");
  http::Response teams = ada.Get("/api/auth/organization/list-teams");
  ASSERT_THAT(teams, IsOkJson());
  const std::string team = JsonString(teams, "/0/id");
  EXPECT_EQ(JsonString(teams, "/0/name"), "Org engines");
  http::Response session = ada.Get("/api/auth/get-session");
  EXPECT_EQ(JsonString(session, "/session/activeTeamId"), team);
  EXPECT_THAT(ada.Post("/api/auth/organization/create-team", R"({"name":"Red"})"), IsOkJson());
  EXPECT_EQ(app_->Count("organization_teams", "organization_id = ?", {org}), 2);
  EXPECT_EQ(app_->Count("organization_team_members", "user_id = ?", {ada.user_id()}), 1);
  EXPECT_THAT(ada.Post("/api/auth/organization/delete", R"({"organizationId":")" + org + "\"}"),
              IsOkJson());
  EXPECT_EQ(app_->Count("organization_teams"), 0);
  EXPECT_EQ(app_->Count("organization_team_members"), 0);
  EXPECT_TRUE(JsonAt(Json(ada.Get("/api/auth/get-session")), "/session/activeTeamId")->is_null());
}

// The active organization and team are JWT claims (docs/organizations.md).
TEST_F(TeamsTest, TheSessionJwtCarriesTheActiveOrganizationAndTeam) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  const std::string org = Create(ada, "engines");
  const std::string token = JsonString(ada.Get("/api/auth/token"), "/token");
  const auto first = token.find('.');
  const auto payload =
      crypto::Base64UrlDecode(token.substr(first + 1, token.find('.', first + 1) - first - 1));
  ASSERT_TRUE(payload.has_value());
  const boost::json::value claims = boost::json::parse(*payload);
  EXPECT_EQ(claims.at("activeOrganizationId").as_string(), org);
  EXPECT_TRUE(claims.at("activeTeamId").is_string());
}

TEST_F(TeamsTest, AcceptingWantsAVerifiedAddressWhenTheSettingSaysSo) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client bob = app_->SignUp("bob@example.com", kPassword, "Bob");
  Create(ada, "engines");
  const std::string id = JsonString(ada.Post("/api/auth/organization/invite-member",
                                             R"({"email":"bob@example.com","role":"member"})"),
                                    "/id");
  const std::string body = R"({"invitationId":")" + id + "\"}";
  EXPECT_THAT(
      bob.Post("/api/auth/organization/accept-invitation", body),
      HasError(403, "EMAIL_VERIFICATION_REQUIRED_BEFORE_ACCEPTING_OR_REJECTING_INVITATION"));
  EXPECT_THAT(
      bob.Post("/api/auth/organization/reject-invitation", body),
      HasError(403, "EMAIL_VERIFICATION_REQUIRED_BEFORE_ACCEPTING_OR_REJECTING_INVITATION"));
  EXPECT_THAT(bob.Get("/api/auth/organization/get-invitation?id=" + id),
              HasError(403, "EMAIL_VERIFICATION_REQUIRED_FOR_INVITATION"));
  Verify(bob);
  Client verified = app_->SignIn("bob@example.com", kPassword);  // a session that sees it
  EXPECT_THAT(verified.Post("/api/auth/organization/accept-invitation", body), IsOkJson());
}

// ASVS 4.2.1 (IDOR): every team route, given the ids of an organization and
// a team the caller is not in, answers a 4xx without their data.
TEST_F(TeamsTest, Asvs421NoTeamRouteServesATeamOfAnotherOrganization) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client mal = app_->SignUp("mal@example.com", kPassword, "Mal");
  const std::string victim = Create(ada, "victim");
  const std::string team =
      JsonString(ada.Post("/api/auth/organization/create-team", R"({"name":"Spare"})"), "/id");
  Create(mal, "mine");
  const std::string ids = "organizationId=" + victim + "&teamId=" + team;
  const std::string body = R"({"organizationId":")" + victim + R"(","teamId":")" + team +
                           R"(","userId":")" + ada.user_id() + R"(","name":"pwned",)" +
                           R"("data":{"organizationId":")" + victim + R"(","name":"pwned"}})";
  std::vector<http::RouteSpec> specs;
  for (const OrgRoute& route : TeamOrgRoutes()) specs.push_back(route.spec);
  for (const SessionRoute& route : TeamSessionRoutes()) specs.push_back(route.spec);
  for (const http::RouteSpec& spec : specs) {
    const std::string path(spec.path);
    http::Response r = spec.method == http::Method::kGet
                           ? mal.Get(path + "?" + ids + "&userId=" + ada.user_id())
                           : mal.Post(path, body);
    EXPECT_GE(r.status, 400) << path;
    EXPECT_LT(r.status, 500) << path;
    EXPECT_EQ(r.body.find(victim), std::string::npos) << path << ": " << r.body;
    EXPECT_EQ(r.body.find(team), std::string::npos) << path << ": " << r.body;
  }
  EXPECT_EQ(app_->Count("organization_teams", "organization_id = ?", {victim}), 2);
  EXPECT_EQ(app_->Count("organization_teams", "name = 'pwned'"), 0);
  EXPECT_EQ(app_->Count("organization_team_members", "team_id = ?", {team}), 0);
}

}  // namespace
}  // namespace latchkey::organizations

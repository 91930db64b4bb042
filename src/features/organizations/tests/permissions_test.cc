// The permission matrix of the organization routes (docs/organizations.md
// "Authorization"): every route that declares a permission in the
// organization scope, called by an owner, an admin and a member of the
// organization it names, is admitted or refused with exactly the error the
// route declares, as Better Auth's default roles have it. The expected
// answers are written out here, not derived from the roles the code builds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "features/organizations/org_service.h"
#include "features/organizations/organizations_settings.h"
#include "features/organizations/routes/org_routes.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::organizations {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::HasError;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::JsonString;
using ::latchkey::testing::TestApp;

constexpr std::string_view kPassword = "analytical engine 1843";

// Better Auth's default organization roles (its ownerAc, adminAc, memberAc):
// which roles hold each permission a route can declare.
const std::map<std::string, std::set<std::string>, std::less<>>& Holders() {
  static const std::map<std::string, std::set<std::string>, std::less<>> kHolders = {
      {"organization:update", {"owner", "admin"}}, {"organization:delete", {"owner"}},
      {"member:create", {"owner", "admin"}},       {"member:update", {"owner", "admin"}},
      {"member:delete", {"owner", "admin"}},       {"invitation:create", {"owner", "admin"}},
      {"invitation:cancel", {"owner", "admin"}},   {"team:create", {"owner", "admin"}},
      {"team:update", {"owner", "admin"}},         {"team:delete", {"owner", "admin"}},
      {"ac:create", {"owner", "admin"}},           {"ac:update", {"owner", "admin"}},
      {"ac:delete", {"owner", "admin"}},           {"ac:read", {"owner", "admin", "member"}},
  };
  return kHolders;
}

// The HTTP status the route's declared refusal answers with.
int StatusOf(const ErrorInfo& error) {
  switch (error.kind) {
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kPermissionDenied:
      return 403;
    default:
      return 400;
  }
}

class OrgPermissionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = TestApp::Start({.configure = [](Config& c) {
      auto& s = c.Mutable<OrganizationSettings>();
      s.organization_add_member = true;
      s.organization_teams = true;
      s.organization_dynamic_roles = true;
    }});
  }
  std::unique_ptr<TestApp> app_;
};

TEST_F(OrgPermissionsTest, Asvs413EveryScopedRouteAdmitsExactlyTheRolesHoldingItsPermission) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");  // owner
  Client bob = app_->SignUp("bob@example.com", kPassword, "Bob");  // admin
  Client cat = app_->SignUp("cat@example.com", kPassword, "Cat");  // member
  Client dan = app_->SignUp("dan@example.com", kPassword, "Dan");  // the member acted on
  std::vector<const OrgRoute*> routes;
  for (auto table : {OrgRoutes(), AddMemberRoutes(), TeamOrgRoutes(), RoleRoutes()}) {
    for (const OrgRoute& route : table) routes.push_back(&route);
  }
  int walked = 0;
  for (const OrgRoute* route : routes) {
    const http::RouteSpec& spec = route->spec;
    const std::string path(spec.path);
    EXPECT_EQ(spec.permission_scope, kOrganizationScope) << path;
    if (spec.permission.empty()) continue;  // membership only: the IDOR walks cover it
    const auto holders = Holders().find(spec.permission);
    ASSERT_NE(holders, Holders().end())
        << path << " declares " << spec.permission << ", which this matrix does not list";
    ASSERT_NE(route->rule.denied, nullptr) << path;

    // A fresh organization per route, so that what an admitted call does
    // (a deletion, a removal) does not change the next route's answers.
    const std::string slug = "matrix-" + std::to_string(walked++);
    http::Response created =
        ada.Post("/api/auth/organization/create", R"({"name":"M","slug":")" + slug + R"("})");
    ASSERT_THAT(created, IsOkJson());
    const std::string org = JsonString(created, "/id");
    const std::string in_org = R"(,"organizationId":")" + org + "\"}";
    const std::string add = "/api/auth/organization/add-member";
    ASSERT_THAT(ada.Post(add, R"({"userId":")" + bob.user_id() + R"(","role":"admin")" + in_org),
                IsOkJson());
    ASSERT_THAT(ada.Post(add, R"({"userId":")" + cat.user_id() + R"(","role":"member")" + in_org),
                IsOkJson());
    http::Response dan_added =
        ada.Post(add, R"({"userId":")" + dan.user_id() + R"(","role":"member")" + in_org);
    ASSERT_THAT(dan_added, IsOkJson());
    http::Response invited =
        ada.Post("/api/auth/organization/invite-member",
                 R"({"email":"newcomer@example.com","role":"member")" + in_org);
    ASSERT_THAT(invited, IsOkJson());
    const std::string team =
        JsonString(ada.Get("/api/auth/organization/list-teams?organizationId=" + org), "/0/id");
    const std::string fields =
        R"("organizationId":")" + org + R"(","invitationId":")" + JsonString(invited, "/id") +
        R"(","memberIdOrEmail":")" + JsonString(dan_added, "/id") + R"(","memberId":")" +
        JsonString(dan_added, "/id") + R"(","userId":")" + dan.user_id() + R"(","teamId":")" +
        team + R"(","role":"member","roleName":"member","name":"Renamed")" +
        R"(,"email":"other@example.com","permission":{"member":["create"]},)" +
        R"("data":{"name":"Renamed","organizationId":")" + org + R"("})";

    // Refused roles first: they must change nothing for the admitted ones.
    for (auto [client, role] : {std::pair{&cat, "member"}, {&bob, "admin"}, {&ada, "owner"}}) {
      http::Response r = spec.method == http::Method::kGet
                             ? client->Get(path + "?organizationId=" + org + "&teamId=" + team +
                                           "&roleName=member")
                             : client->Post(path, "{" + fields + "}");
      const ErrorInfo& denied = *route->rule.denied;
      if (holders->second.contains(role)) {
        EXPECT_EQ(r.body.find(denied.code), std::string::npos)
            << path << " as " << role << " must be admitted: " << r.status << " " << r.body;
        EXPECT_LT(r.status, 500) << path << " as " << role << ": " << r.body;
      } else {
        EXPECT_THAT(r, HasError(StatusOf(denied), denied.code)) << path << " as " << role;
      }
    }
  }
  EXPECT_EQ(walked, 18) << "every organization route with a permission is walked";
}

}  // namespace
}  // namespace latchkey::organizations

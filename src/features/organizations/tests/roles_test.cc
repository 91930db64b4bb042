// Dynamic roles (docs/organizations.md "Dynamic roles") through the
// in-process app: a role of the organization grants what it lists, only
// what its author holds, and nothing in another organization; the IDOR walk
// of every role route.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

class RolesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = TestApp::Start({.configure = [](Config& c) {
      c.Mutable<OrganizationSettings>().organization_dynamic_roles = true;
    }});
  }

  std::string Create(Client& client, std::string_view slug) {
    http::Response r = client.Post(
        "/api/auth/organization/create",
        R"({"name":"Org )" + std::string(slug) + R"(","slug":")" + std::string(slug) + R"("})");
    EXPECT_THAT(r, IsOkJson());
    return JsonString(r, "/id");
  }

  std::unique_ptr<TestApp> app_;
};

TEST_F(RolesTest, ARoleGrantsWhatItListsInItsOrganizationOnly) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client bob = app_->SignUp("bob@example.com", kPassword, "Bob");
  Create(ada, "engines");
  EXPECT_THAT(ada.Post("/api/auth/organization/create-role",
                       R"({"role":"Billing","permission":{"organization":["update"]}})"),
              IsOkJson());
  http::Response invited = ada.Post("/api/auth/organization/invite-member",
                                    R"({"email":"bob@example.com","role":"billing"})");
  ASSERT_THAT(invited, IsOkJson());
  EXPECT_THAT(bob.Post("/api/auth/organization/accept-invitation",
                       R"({"invitationId":")" + JsonString(invited, "/id") + "\"}"),
              IsOkJson());
  EXPECT_TRUE(JsonAt(Json(bob.Post("/api/auth/organization/has-permission",
                                   R"({"permissions":{"organization":["update"]}})")),
                     "/success")
                  ->as_bool());
  EXPECT_THAT(bob.Post("/api/auth/organization/update", R"({"data":{"name":"Renamed"}})"),
              IsOkJson());
  // Bob may not mint a role with more than he holds.
  EXPECT_THAT(bob.Post("/api/auth/organization/create-role",
                       R"({"role":"x","permission":{"ac":["read"]}})"),
              HasError(403, "YOU_ARE_NOT_ALLOWED_TO_CREATE_A_ROLE"));
  // In another organization the name means nothing.
  Create(bob, "other");
  EXPECT_THAT(bob.Post("/api/auth/organization/invite-member",
                       R"({"email":"cat@example.com","role":"billing"})"),
              HasError(400, "ROLE_NOT_FOUND"));
}

// ASVS 4.2.1 (IDOR): every role route, given another organization's id and
// its role's id, answers a 4xx without its data.
TEST_F(RolesTest, Asvs421NoRoleRouteServesARoleOfAnotherOrganization) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client mal = app_->SignUp("mal@example.com", kPassword, "Mal");
  const std::string victim = Create(ada, "victim");
  const std::string role = JsonString(ada.Post("/api/auth/organization/create-role",
                                               R"({"role":"secret","permission":{"ac":["read"]}})"),
                                      "/roleData/id");
  Create(mal, "mine");
  for (const OrgRoute& route : RoleRoutes()) {
    const std::string path(route.spec.path);
    http::Response r =
        route.spec.method == http::Method::kGet
            ? mal.Get(path + "?organizationId=" + victim + "&roleId=" + role)
            : mal.Post(path, R"({"organizationId":")" + victim + R"(","roleId":")" + role +
                                 R"(","role":"pwned","permission":{"ac":["read"]},)" +
                                 R"("data":{"roleName":"pwned"}})");
    EXPECT_GE(r.status, 400) << path;
    EXPECT_LT(r.status, 500) << path;
    EXPECT_EQ(r.body.find(role), std::string::npos) << path << ": " << r.body;
  }
  EXPECT_EQ(app_->Count("organization_roles", "organization_id = ? AND role = 'secret'", {victim}),
            1);
  EXPECT_EQ(app_->Count("organization_roles", "role = 'pwned'"), 0);
}

}  // namespace
}  // namespace latchkey::organizations

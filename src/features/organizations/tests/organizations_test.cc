// The organization plugin through the in-process app (src/testing/test_app.h):
// create and the active organization, roles and permissions, members,
// invitations by mail, the last-owner rules, limits, and the IDOR walk of
// every organization-scoped route (docs/organizations.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "features/account/account_settings.h"
#include "features/organizations/org_access.h"
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

class OrganizationsTest : public ::testing::Test {
 protected:
  void SetUp() override { app_ = TestApp::Start(); }

  // Creates an organization as `client`; returns its id.
  std::string Create(Client& client, std::string_view slug) {
    http::Response r = client.Post(
        "/api/auth/organization/create",
        R"({"name":"Org )" + std::string(slug) + R"(","slug":")" + std::string(slug) + R"("})");
    EXPECT_THAT(r, IsOkJson());
    return JsonString(r, "/id");
  }

  // Invites `email` into `org` as `role` and accepts it as `invitee`.
  void Join(Client& owner, Client& invitee, std::string_view email, const std::string& org,
            std::string_view role) {
    http::Response invited =
        owner.Post("/api/auth/organization/invite-member",
                   R"({"email":")" + std::string(email) + R"(","role":")" + std::string(role) +
                       R"(","organizationId":")" + org + R"("})");
    ASSERT_THAT(invited, IsOkJson());
    EXPECT_THAT(invitee.Post("/api/auth/organization/accept-invitation",
                             R"({"invitationId":")" + JsonString(invited, "/id") + R"("})"),
                IsOkJson());
  }

  std::unique_ptr<TestApp> app_;
};

TEST(OrgAccessTest, DefaultRolesAndCustomOnes) {
  auto access = OrgAccess::Build({"billing=organization:update;invitation:create"});
  ASSERT_TRUE(access.has_value()) << access.error().detail;
  EXPECT_TRUE(access->Allows("owner", "organization", "delete"));
  EXPECT_FALSE(access->Allows("admin", "organization", "delete"));
  EXPECT_TRUE(access->Allows("admin", "member", "delete"));
  EXPECT_FALSE(access->Allows("member", "member", "create"));
  EXPECT_TRUE(access->Allows("member", "ac", "read"));
  EXPECT_TRUE(access->Allows("member, billing", "invitation", "create"));
  // One role must grant the whole request.
  EXPECT_FALSE(
      access->Allows("billing,member", Statements{{"invitation", {"create"}}, {"ac", {"read"}}}));
  EXPECT_FALSE(access->Allows("owner", Statements{}));
  EXPECT_FALSE(OrgAccess::Build({"x=organization:fly"}).has_value());
  EXPECT_FALSE(OrgAccess::Build({"x=spaceship:list"}).has_value());
  EXPECT_FALSE(OrgAccess::Build({"no equals sign"}).has_value());
}

TEST_F(OrganizationsTest, CreateMakesTheCallerOwnerAndTheOrganizationActive) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  EXPECT_TRUE(
      JsonAt(Json(ada.Get("/api/auth/get-session")), "/session/activeOrganizationId")->is_null());
  http::Response created = ada.Post(
      "/api/auth/organization/create",
      R"({"name":"Engines","slug":"engines","metadata":{"plan":"pro"},"logo":"https://l/x.png"})");
  ASSERT_THAT(created, IsOkJson());
  const std::string id = JsonString(created, "/id");
  EXPECT_EQ(JsonString(created, "/members/0/role"), "owner");
  EXPECT_EQ(JsonString(created, "/members/0/userId"), ada.user_id());
  EXPECT_EQ(JsonString(created, "/metadata/plan"), "pro");
  EXPECT_EQ(JsonString(ada.Get("/api/auth/get-session"), "/session/activeOrganizationId"), id);
  http::Response list = ada.Get("/api/auth/organization/list");
  EXPECT_EQ(JsonString(list, "/0/metadata"), R"({"plan":"pro"})");  // raw text, as Better Auth
  EXPECT_THAT(ada.Post("/api/auth/organization/check-slug", R"({"slug":"engines"})"),
              HasError(400, "ORGANIZATION_SLUG_ALREADY_TAKEN"));
  EXPECT_THAT(ada.Post("/api/auth/organization/check-slug", R"({"slug":"free"})"), IsOkJson());
  EXPECT_THAT(ada.Post("/api/auth/organization/create", R"({"name":"Again","slug":"engines"})"),
              HasError(400, "ORGANIZATION_ALREADY_EXISTS"));
  EXPECT_THAT(ada.Post("/api/auth/organization/create", R"({"name":"Bad","slug":"Not OK"})"),
              HasError(400, "VALIDATION_ERROR"));
  EXPECT_THAT(ada.Post("/api/auth/organization/create", R"({"name":"","slug":"x"})"),
              HasError(400, "VALIDATION_ERROR"));
  EXPECT_THAT(ada.Post("/api/auth/organization/create", R"({"slug":"x"})"),
              HasError(400, "VALIDATION_ERROR"));
  EXPECT_THAT(app_->NewClient().Post("/api/auth/organization/create", R"({"name":"X","slug":"x"})"),
              HasError(401, "UNAUTHORIZED"));
  EXPECT_EQ(app_->Count("audit_events", "event_type = 'organization.create'"), 1);
}

TEST_F(OrganizationsTest, SetActiveUpdateGetFullAndDelete) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  const std::string one = Create(ada, "one");
  const std::string two = Create(ada, "two");
  EXPECT_EQ(ada.Post("/api/auth/organization/set-active", R"({"organizationId":null})").body,
            "null");
  EXPECT_TRUE(
      JsonAt(Json(ada.Get("/api/auth/get-session")), "/session/activeOrganizationId")->is_null());
  EXPECT_TRUE(Json(ada.Get("/api/auth/organization/get-full-organization")).is_null());
  EXPECT_THAT(ada.Post("/api/auth/organization/set-active", R"({"organizationSlug":"one"})"),
              IsOkJson());
  EXPECT_EQ(JsonString(ada.Get("/api/auth/get-session"), "/session/activeOrganizationId"), one);
  http::Response full = ada.Get("/api/auth/organization/get-full-organization");
  EXPECT_EQ(JsonString(full, "/id"), one);
  EXPECT_EQ(JsonString(full, "/members/0/user/email"), "ada@example.com");
  http::Response updated =
      ada.Post("/api/auth/organization/update", R"({"data":{"name":"Renamed","slug":"uno"}})");
  EXPECT_EQ(JsonString(updated, "/name"), "Renamed");
  EXPECT_THAT(ada.Post("/api/auth/organization/update", R"({"data":{"slug":"two"}})"),
              HasError(400, "ORGANIZATION_SLUG_ALREADY_TAKEN"));
  EXPECT_THAT(ada.Post("/api/auth/organization/delete", "{}"), HasError(400, "VALIDATION_ERROR"));
  EXPECT_THAT(ada.Post("/api/auth/organization/delete", R"({"organizationId":")" + one + "\"}"),
              IsOkJson());
  EXPECT_EQ(app_->Count("organizations"), 1);
  EXPECT_EQ(app_->Count("organization_members", "organization_id = ?", {one}), 0);
  EXPECT_TRUE(
      JsonAt(Json(ada.Get("/api/auth/get-session")), "/session/activeOrganizationId")->is_null());
  EXPECT_EQ(
      JsonString(ada.Get("/api/auth/organization/get-full-organization?organizationId=" + two),
                 "/slug"),
      "two");
}

TEST_F(OrganizationsTest, InvitationByMailAcceptedByTheInviteeOnly) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client bob = app_->SignUp("bob@example.com", kPassword, "Bob");
  Client eve = app_->SignUp("eve@example.com", kPassword, "Eve");
  const std::string org = Create(ada, "engines");
  http::Response invited = ada.Post("/api/auth/organization/invite-member",
                                    R"({"email":"Bob@Example.com","role":"admin"})");
  ASSERT_THAT(invited, IsOkJson());
  const std::string id = JsonString(invited, "/id");
  EXPECT_EQ(JsonString(invited, "/email"), "bob@example.com");
  EXPECT_EQ(JsonString(invited, "/status"), "pending");
  auto mail = app_->LastMailTo("bob@example.com");
  ASSERT_TRUE(mail.has_value());
  EXPECT_THAT(mail->text, ::testing::HasSubstr("/accept-invitation/" + id));
  EXPECT_THAT(ada.Post("/api/auth/organization/invite-member",
                       R"({"email":"bob@example.com","role":"admin"})"),
              HasError(400, "USER_IS_ALREADY_INVITED_TO_THIS_ORGANIZATION"));
  EXPECT_THAT(ada.Post("/api/auth/organization/invite-member",
                       R"({"email":"bob@example.com","role":"admin","resend":true})"),
              IsOkJson());
  EXPECT_THAT(ada.Post("/api/auth/organization/invite-member",
                       R"({"email":"carl@example.com","role":"emperor"})"),
              HasError(400, "ROLE_NOT_FOUND"));
  EXPECT_THAT(ada.Post("/api/auth/organization/invite-member",
                       R"({"email":"not-an-address","role":"member"})"),
              HasError(400, "INVALID_EMAIL"));
  // Someone else's invitation: refused, and nothing about it is revealed.
  EXPECT_THAT(
      eve.Post("/api/auth/organization/accept-invitation", R"({"invitationId":")" + id + "\"}"),
      HasError(403, "YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION"));
  EXPECT_THAT(eve.Get("/api/auth/organization/get-invitation?id=" + id),
              HasError(403, "YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION"));
  EXPECT_EQ(
      JsonString(bob.Get("/api/auth/organization/get-invitation?id=" + id), "/organizationSlug"),
      "engines");
  http::Response accepted =
      bob.Post("/api/auth/organization/accept-invitation", R"({"invitationId":")" + id + "\"}");
  ASSERT_THAT(accepted, IsOkJson());
  EXPECT_EQ(JsonString(accepted, "/member/role"), "admin");
  EXPECT_EQ(JsonString(bob.Get("/api/auth/get-session"), "/session/activeOrganizationId"), org);
  EXPECT_THAT(
      bob.Post("/api/auth/organization/accept-invitation", R"({"invitationId":")" + id + "\"}"),
      HasError(400, "INVITATION_NOT_FOUND"));
  EXPECT_THAT(ada.Post("/api/auth/organization/invite-member",
                       R"({"email":"bob@example.com","role":"member"})"),
              HasError(400, "USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION"));
  http::Response members = ada.Get("/api/auth/organization/list-members?sortBy=role");
  EXPECT_EQ(JsonAt(Json(members), "/total")->as_int64(), 2);
  EXPECT_EQ(app_->Count("audit_events", "event_type = 'organization.invitation_accept'"), 1);
}

TEST_F(OrganizationsTest, InvitationsExpireAfter48Hours) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client bob = app_->SignUp("bob@example.com", kPassword, "Bob");
  Create(ada, "engines");
  http::Response invited = ada.Post("/api/auth/organization/invite-member",
                                    R"({"email":"bob@example.com","role":"member"})");
  app_->clock().Advance(TimeMs{48} * 3600 * 1000 + 1000);
  EXPECT_THAT(bob.Post("/api/auth/organization/accept-invitation",
                       R"({"invitationId":")" + JsonString(invited, "/id") + "\"}"),
              HasError(400, "INVITATION_NOT_FOUND"));
}

TEST_F(OrganizationsTest, RolesPermissionsAndTheLastOwner) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client bob = app_->SignUp("bob@example.com", kPassword, "Bob");
  Client cat = app_->SignUp("cat@example.com", kPassword, "Cat");
  const std::string org = Create(ada, "engines");
  Join(ada, bob, "bob@example.com", org, "admin");
  Join(ada, cat, "cat@example.com", org, "member");
  const std::string has = "/api/auth/organization/has-permission";
  EXPECT_EQ(JsonAt(Json(bob.Post(has, R"({"permissions":{"member":["delete"]}})")), "/success")
                ->as_bool(),
            true);
  EXPECT_EQ(
      JsonAt(Json(bob.Post(has, R"({"permissions":{"organization":["delete"]}})")), "/success")
          ->as_bool(),
      false);
  EXPECT_EQ(JsonAt(Json(cat.Post(has, R"({"permission":{"ac":["read"]}})")), "/success")->as_bool(),
            true);
  // A member may do nothing to others; an admin cannot touch the owner.
  EXPECT_THAT(cat.Post("/api/auth/organization/invite-member",
                       R"({"email":"dan@example.com","role":"member"})"),
              HasError(403, "YOU_ARE_NOT_ALLOWED_TO_INVITE_USERS_TO_THIS_ORGANIZATION"));
  EXPECT_THAT(bob.Post("/api/auth/organization/invite-member",
                       R"({"email":"dan@example.com","role":"owner"})"),
              HasError(403, "YOU_ARE_NOT_ALLOWED_TO_INVITE_USER_WITH_THIS_ROLE"));
  EXPECT_THAT(cat.Post("/api/auth/organization/update", R"({"data":{"name":"Mine"}})"),
              HasError(403, "YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_ORGANIZATION"));
  EXPECT_THAT(bob.Post("/api/auth/organization/delete", R"({"organizationId":")" + org + "\"}"),
              HasError(403, "YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_ORGANIZATION"));
  EXPECT_THAT(
      bob.Post("/api/auth/organization/remove-member", R"({"memberIdOrEmail":"ada@example.com"})"),
      HasError(400, "YOU_CANNOT_LEAVE_THE_ORGANIZATION_AS_THE_ONLY_OWNER"));
  // The last owner cannot leave or be demoted.
  EXPECT_THAT(ada.Post("/api/auth/organization/leave", R"({"organizationId":")" + org + "\"}"),
              HasError(400, "YOU_CANNOT_LEAVE_THE_ORGANIZATION_AS_THE_ONLY_OWNER"));
  const std::string ada_member =
      JsonString(ada.Get("/api/auth/organization/get-active-member"), "/id");
  EXPECT_THAT(ada.Post("/api/auth/organization/update-member-role",
                       R"({"memberId":")" + ada_member + R"(","role":"admin"})"),
              HasError(400, "YOU_CANNOT_LEAVE_THE_ORGANIZATION_WITHOUT_AN_OWNER"));
  // Promote bob to owner: now ada may leave.
  const std::string bob_member =
      JsonString(bob.Get("/api/auth/organization/get-active-member"), "/id");
  EXPECT_THAT(ada.Post("/api/auth/organization/update-member-role",
                       R"({"memberId":")" + bob_member + R"(","role":["owner"]})"),
              IsOkJson());
  // The route's permission is checked first (docs/compatibility.md).
  EXPECT_THAT(
      cat.Post("/api/auth/organization/remove-member", R"({"memberIdOrEmail":"bob@example.com"})"),
      HasError(401, "YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_MEMBER"));
  EXPECT_THAT(
      bob.Post("/api/auth/organization/remove-member", R"({"memberIdOrEmail":"cat@example.com"})"),
      IsOkJson());
  EXPECT_THAT(ada.Post("/api/auth/organization/leave", R"({"organizationId":")" + org + "\"}"),
              IsOkJson());
  EXPECT_EQ(app_->Count("organization_members", "organization_id = ?", {org}), 1);
  EXPECT_EQ(app_->Count("audit_events",
                        "event_type = 'organization.member_remove' AND "
                        "target_user_id = ?",
                        {cat.user_id()}),
            1);
}

// ASVS 4.2.1 (IDOR): a caller who belongs to another organization gets the
// contract's 4xx from every organization-scoped route given this one's id,
// never its data.
TEST_F(OrganizationsTest, Asvs421NoRouteServesAnOrganizationTheCallerIsNotIn) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client mal = app_->SignUp("mal@example.com", kPassword, "Mal");
  const std::string victim = Create(ada, "victim");
  Create(mal, "mine");
  http::Response invited = ada.Post("/api/auth/organization/invite-member",
                                    R"({"email":"someone@example.com","role":"member"})");
  const std::string invitation = JsonString(invited, "/id");
  const std::string ada_member =
      JsonString(ada.Get("/api/auth/organization/get-active-member"), "/id");
  const std::string org_field = R"("organizationId":")" + victim + "\"";
  for (const OrgRoute& route : OrgRoutes()) {
    const std::string path(route.spec.path);
    http::Response r;
    if (route.spec.method == http::Method::kGet) {
      r = mal.Get(path + "?organizationId=" + victim + "&organizationSlug=victim");
    } else {
      r = mal.Post(path, "{" + org_field + R"(,"invitationId":")" + invitation +
                             R"(","memberIdOrEmail":")" + ada_member + R"(","memberId":")" +
                             ada_member + R"(","role":"member","email":"x@example.com",)" +
                             R"("permissions":{"member":["create"]},"data":{"name":"pwned"}})");
    }
    EXPECT_GE(r.status, 400) << path;
    EXPECT_LT(r.status, 500) << path;
    EXPECT_EQ(r.body.find(victim), std::string::npos) << path << ": " << r.body;
  }
  // The session routes that take an organization are covered too.
  EXPECT_THAT(mal.Get("/api/auth/organization/get-full-organization?organizationId=" + victim),
              HasError(403, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION"));
  EXPECT_THAT(mal.Post("/api/auth/organization/set-active", "{" + org_field + "}"),
              HasError(403, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION"));
  EXPECT_EQ(app_->Count("organization_members", "organization_id = ?", {victim}), 1);
  EXPECT_EQ(app_->Count("organizations", "name = 'pwned'"), 0);
  EXPECT_EQ(app_->Count("organization_invitations", "status = 'pending'"), 1);
}

TEST_F(OrganizationsTest, LimitsOnOrganizationsMembersAndInvitations) {
  app_ = TestApp::Start({.configure = [](Config& c) {
    auto& s = c.Mutable<OrganizationSettings>();
    s.organization_limit = 1;
    s.organization_member_limit = 2;
    s.organization_invitation_limit = 2;
  }});
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client bob = app_->SignUp("bob@example.com", kPassword, "Bob");
  Client cat = app_->SignUp("cat@example.com", kPassword, "Cat");
  const std::string org = Create(ada, "one");
  EXPECT_THAT(ada.Post("/api/auth/organization/create", R"({"name":"Two","slug":"two"})"),
              HasError(403, "YOU_HAVE_REACHED_THE_MAXIMUM_NUMBER_OF_ORGANIZATIONS"));
  http::Response to_bob = ada.Post("/api/auth/organization/invite-member",
                                   R"({"email":"bob@example.com","role":"member"})");
  http::Response to_cat = ada.Post("/api/auth/organization/invite-member",
                                   R"({"email":"cat@example.com","role":"member"})");
  EXPECT_THAT(ada.Post("/api/auth/organization/invite-member",
                       R"({"email":"dan@example.com","role":"member"})"),
              HasError(403, "INVITATION_LIMIT_REACHED"));
  EXPECT_THAT(bob.Post("/api/auth/organization/accept-invitation",
                       R"({"invitationId":")" + JsonString(to_bob, "/id") + "\"}"),
              IsOkJson());
  EXPECT_THAT(cat.Post("/api/auth/organization/accept-invitation",
                       R"({"invitationId":")" + JsonString(to_cat, "/id") + "\"}"),
              HasError(403, "ORGANIZATION_MEMBERSHIP_LIMIT_REACHED"));
}

TEST_F(OrganizationsTest, DeletingTheLastOwnerIsRefusedAndMembershipsGoWithTheUser) {
  app_ = TestApp::Start({.configure = [](Config& c) {
    c.Mutable<account::AccountSettings>().delete_user_enabled = true;
  }});
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  Client bob = app_->SignUp("bob@example.com", kPassword, "Bob");
  const std::string org = Create(ada, "engines");
  Join(ada, bob, "bob@example.com", org, "member");
  const std::string del = "/api/auth/delete-user";
  EXPECT_THAT(ada.PostJson(del, {{"password", std::string(kPassword)}}),
              HasError(400, "YOU_CANNOT_DELETE_THE_LAST_OWNER_OF_AN_ORGANIZATION"));
  EXPECT_EQ(app_->Count("users", "id = ?", {ada.user_id()}), 1);
  EXPECT_THAT(bob.PostJson(del, {{"password", std::string(kPassword)}}), IsOkJson());
  EXPECT_EQ(app_->Count("organization_members", "organization_id = ?", {org}), 1);
  EXPECT_THAT(ada.Post("/api/auth/organization/delete", R"({"organizationId":")" + org + "\"}"),
              IsOkJson());
  EXPECT_THAT(ada.PostJson(del, {{"password", std::string(kPassword)}}), IsOkJson());
}

}  // namespace
}  // namespace latchkey::organizations

// The admin plugin through the in-process app (src/testing/test_app.h):
// roles and the route table's authorizer, bans, the admin fields, and every
// admin route × every built-in role (docs/permissions.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>

#include "features/admin/access_control.h"
#include "features/admin/admin_settings.h"
#include "features/admin/tests/admin_fixture.h"
#include "features/api_keys/api_key_settings.h"
#include "features/plans/plan_settings.h"
#include "testing/cookies.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::admin {
namespace {

using ::latchkey::testing::Client;
using ::latchkey::testing::HasError;
using ::latchkey::testing::Headers;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::Json;
using ::latchkey::testing::JsonAt;
using ::latchkey::testing::JsonString;
using ::latchkey::testing::TestApp;

TEST(AccessControlTest, BuiltInRolesAndCustomOnes) {
  auto access = AccessControl::Build({"auditor=audit:read|export;user:list"});
  ASSERT_TRUE(access.has_value()) << access.error().detail;
  EXPECT_TRUE(access->Allows("admin", "user", "ban"));
  EXPECT_FALSE(access->Allows("admin", "user", "impersonate-admins"));
  EXPECT_FALSE(access->Allows("user", "user", "list"));
  EXPECT_TRUE(access->Allows("support", "session", "revoke"));
  EXPECT_FALSE(access->Allows("support", "user", "ban"));
  EXPECT_TRUE(access->Allows("billing_admin", "billing", "update"));
  EXPECT_TRUE(access->Allows("user, auditor", "audit", "export"));  // several roles
  EXPECT_FALSE(access->Allows("nobody", "user", "list"));
  EXPECT_FALSE(AccessControl::Build({"x=user:fly"}).has_value());
  EXPECT_FALSE(AccessControl::Build({"x=spaceship:list"}).has_value());
  EXPECT_FALSE(AccessControl::Build({"no equals sign"}).has_value());
}

TEST_F(AdminTest, UsersCarryTheAdminFieldsAndCannotSetThem) {
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  http::Response session = ada.Get("/api/auth/get-session");
  EXPECT_EQ(JsonString(session, "/user/role"), "user");
  EXPECT_EQ(JsonAt(Json(session), "/user/banned")->as_bool(), false);
  EXPECT_TRUE(JsonAt(Json(session), "/user/banReason")->is_null());
  EXPECT_THAT(
      app_->NewClient().Post(
          "/api/auth/sign-up/email",
          R"({"email":"eve@example.com","password":"a long passphrase!","name":"Eve","role":"admin"})"),
      HasError(400, "FIELD_NOT_ALLOWED"));
  EXPECT_EQ(app_->Count("users", "email = 'eve@example.com'"), 0);
}

// The route × role matrix of docs/permissions.md: each built-in role is
// allowed exactly what its statements grant, else the permission's 403.
TEST_F(AdminTest, EveryAdminRouteForEveryRole) {
  // Keys stand for sessions, so that the walk below sees every admin route
  // refuse them (ASVS 4.1.3: a key never administers).
  app_ = TestApp::Start({.configure = [](Config& config) {
    config.Mutable<api_keys::ApiKeySettings>().api_key_session = true;
    // The billing admin's routes (docs/plans.md); keys without a plan limit for the walk.
    auto& billing = config.Mutable<plans::PlanSettings>();
    billing.plans_enabled = true;
    billing.keys["free"].limits["api_keys"] = "unlimited";
  }});
  Client target = app_->SignUp("target@example.com", kPassword, "Target");
  struct Route {
    std::string_view method, path, body, permission, refusal;
  };
  const std::string& user = target.user_id();
  const Route routes[] = {
      {"GET", "/api/auth/admin/list-users", "", "user:list", "YOU_ARE_NOT_ALLOWED_TO_LIST_USERS"},
      {"GET", "/api/auth/admin/get-user?id=", "", "user:get", "YOU_ARE_NOT_ALLOWED_TO_GET_USER"},
      {"POST", "/api/auth/admin/set-role", R"("role":"user")", "user:set-role",
       "YOU_ARE_NOT_ALLOWED_TO_CHANGE_USERS_ROLE"},
      {"POST", "/api/auth/admin/unban-user", "", "user:ban", "YOU_ARE_NOT_ALLOWED_TO_BAN_USERS"},
      {"POST", "/api/auth/admin/create-user",
       R"("email":"made@example.com","name":"Made","password":"a long passphrase!")", "user:create",
       "YOU_ARE_NOT_ALLOWED_TO_CREATE_USERS"},
      {"POST", "/api/auth/admin/update-user", R"("data":{"name":"Renamed"})", "user:update",
       "YOU_ARE_NOT_ALLOWED_TO_UPDATE_USERS"},
      {"POST", "/api/auth/admin/set-user-password", R"("newPassword":"another passphrase")",
       "user:set-password", "YOU_ARE_NOT_ALLOWED_TO_SET_USERS_PASSWORD"},
      {"POST", "/api/auth/admin/list-user-sessions", "", "session:list",
       "YOU_ARE_NOT_ALLOWED_TO_LIST_USERS_SESSIONS"},
      {"POST", "/api/auth/admin/revoke-user-session", R"("sessionToken":"none")", "session:revoke",
       "YOU_ARE_NOT_ALLOWED_TO_REVOKE_USERS_SESSIONS"},
      {"POST", "/api/auth/admin/revoke-user-sessions", "", "session:revoke",
       "YOU_ARE_NOT_ALLOWED_TO_REVOKE_USERS_SESSIONS"},
      {"POST", "/api/auth/admin/reset-two-factor", "", "user:reset-two-factor",
       "YOU_ARE_NOT_ALLOWED_TO_RESET_TWO_FACTOR"},
      {"POST", "/api/auth/admin/resend-verification", "", "user:resend-verification",
       "YOU_ARE_NOT_ALLOWED_TO_RESEND_VERIFICATION"},
      {"POST", "/api/auth/admin/unlock-user", "", "user:unlock",
       "YOU_ARE_NOT_ALLOWED_TO_UNLOCK_USERS"},
      {"GET", "/api/auth/admin/audit-events", "", "audit:read", "YOU_ARE_NOT_ALLOWED"},
      {"GET", "/api/auth/admin/audit-events/export", "", "audit:export", "YOU_ARE_NOT_ALLOWED"},
      {"GET", "/api/auth/admin/metrics", "", "metrics:read", "YOU_ARE_NOT_ALLOWED"},
      {"GET", "/api/auth/admin/plan?userId=", "", "billing:read", "YOU_ARE_NOT_ALLOWED"},
      {"POST", "/api/auth/admin/set-plan", R"("plan":"pro")", "billing:update",
       "YOU_ARE_NOT_ALLOWED"},
      {"POST", "/api/auth/admin/ban-user", "", "user:ban", "YOU_ARE_NOT_ALLOWED_TO_BAN_USERS"},
      {"POST", "/api/auth/admin/unban-user", "", "user:ban", "YOU_ARE_NOT_ALLOWED_TO_BAN_USERS"},
      // Fresh victims: the user is gone afterwards, or the caller's browser
      // is then the user's (and refused every admin route).
      {"POST", "/api/auth/admin/remove-user", "", "user:delete",
       "YOU_ARE_NOT_ALLOWED_TO_DELETE_USERS"},
      {"POST", "/api/auth/admin/impersonate-user", "", "user:impersonate",
       "YOU_ARE_NOT_ALLOWED_TO_IMPERSONATE_USERS"},
  };
  // Every route the table guards with a permission (Auth::kAdmin) is walked:
  // a new admin route cannot be left out of this matrix.
  std::set<std::string> walked;
  for (const Route& route : routes) {
    walked.insert(std::string(route.method) + " " +
                  std::string(route.path.substr(0, route.path.find('?'))));
  }
  for (const auto& entry : app_->router().routes()) {
    const http::RouteSpec& spec = entry.first;
    if (spec.auth != http::Auth::kAdmin) continue;
    EXPECT_TRUE(
        walked.contains(std::string(http::MethodName(spec.method)) + " " + std::string(spec.path)))
        << spec.path << " (" << spec.permission << ") is missing from this matrix";
  }
  const auto access = AccessControl::Build({}).value();
  for (std::string_view role : {"admin", "user", "support", "billing_admin"}) {
    Client caller = UserWithRole(std::string(role) + "@example.com", role);
    for (const Route& route : routes) {
      const auto colon = route.permission.find(':');
      const bool allowed = access.Allows(role, route.permission.substr(0, colon),
                                         route.permission.substr(colon + 1));
      const bool fresh_victim =
          route.path.ends_with("remove-user") || route.path.ends_with("impersonate-user");
      const std::string id = fresh_victim
                                 ? app_->SignUp("victim-" + std::string(route.path.substr(16)) +
                                                    "-" + std::string(role) + "@example.com",
                                                kPassword, "V")
                                       .user_id()
                                 : user;
      http::Response response =
          route.method == "GET"
              ? caller.Get(std::string(route.path) + (route.path.ends_with("=") ? id : ""))
              : caller.Post(route.path, R"({"userId":")" + id + "\"" +
                                            (route.body.empty() ? "" : ",") +
                                            std::string(route.body) + "}");
      if (allowed) {
        EXPECT_EQ(response.status, 200) << role << " " << route.path << " " << response.body;
      } else {
        EXPECT_THAT(response, HasError(403, std::string(route.refusal))) << role << route.path;
      }
    }
  }
  // Signed out: 401 UNAUTHORIZED; the admin's own API key: 403 SESSION_NOT_FRESH.
  Client admin = UserWithRole("keyholder@example.com", "admin");
  // A key per route: a key's own limit (10 a day, Better Auth's) would cut the walk short.
  auto new_key = [&admin] {
    http::Response key = admin.Post("/api/auth/api-key/create", R"({"name":"ops"})");
    EXPECT_THAT(key, IsOkJson());
    return JsonString(key, "/key");
  };
  for (const Route& route : routes) {
    const std::string path(route.path);
    const std::string body = R"({"userId":")" + user + "\"}";
    Client anonymous = app_->NewClient();
    EXPECT_THAT(route.method == "GET" ? anonymous.Get(path) : anonymous.Post(path, body),
                HasError(401, "UNAUTHORIZED"))
        << route.path;
    const Headers with_key = {{"x-api-key", new_key()}};
    Client by_key = app_->NewClient();
    EXPECT_THAT(
        route.method == "GET" ? by_key.Get(path, with_key) : by_key.Post(path, body, with_key),
        HasError(403, "SESSION_NOT_FRESH"))
        << route.path;
  }
}

TEST_F(AdminTest, BanEndsEverySessionAndRefusesSignInUntilUnbanned) {
  Client admin = UserWithRole("root@example.com", "admin");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  EXPECT_THAT(admin.Post("/api/auth/admin/ban-user", R"({"userId":")" + admin.user_id() + "\"}"),
              HasError(400, "YOU_CANNOT_BAN_YOURSELF"));
  http::Response banned = admin.Post("/api/auth/admin/ban-user",
                                     R"({"userId":")" + ada.user_id() + R"(","banReason":"spam"})");
  ASSERT_THAT(banned, IsOkJson());
  EXPECT_EQ(JsonAt(Json(banned), "/user/banned")->as_bool(), true);
  EXPECT_EQ(JsonString(banned, "/user/banReason"), "spam");
  EXPECT_EQ(ada.Get("/api/auth/get-session").body, "null");  // the session died at once
  http::Response refused = app_->NewClient().SignIn("ada@example.com", kPassword);
  EXPECT_THAT(refused, HasError(403, "BANNED_USER"));
  EXPECT_THAT(JsonString(refused, "/message"), ::testing::HasSubstr("contact support"));
  EXPECT_EQ(app_->Count("audit_events", "event_type = 'admin.ban'"), 1);
  ASSERT_THAT(admin.Post("/api/auth/admin/unban-user", R"({"userId":")" + ada.user_id() + "\"}"),
              IsOkJson());
  EXPECT_THAT(app_->NewClient().SignIn("ada@example.com", kPassword), IsOkJson());
}

TEST_F(AdminTest, AnExpiredBanLiftsItself) {
  Client admin = UserWithRole("root@example.com", "admin");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  ASSERT_THAT(admin.Post("/api/auth/admin/ban-user",
                         R"({"userId":")" + ada.user_id() + R"(","banExpiresIn":60})"),
              IsOkJson());
  EXPECT_THAT(app_->NewClient().SignIn("ada@example.com", kPassword), HasError(403, "BANNED_USER"));
  app_->clock().Advance(61'000);
  EXPECT_THAT(app_->NewClient().SignIn("ada@example.com", kPassword), IsOkJson());
  EXPECT_EQ(app_->Count("audit_events", "event_type = 'admin.ban_expired'"), 1);
}

TEST_F(AdminTest, SetRoleKnowsTheRolesAndKeepsTheLastAdmin) {
  Client admin = UserWithRole("root@example.com", "admin");
  Client ada = app_->SignUp("ada@example.com", kPassword, "Ada");
  EXPECT_THAT(admin.Post("/api/auth/admin/set-role",
                         R"({"userId":")" + ada.user_id() + R"(","role":"emperor"})"),
              HasError(400, "YOU_ARE_NOT_ALLOWED_TO_SET_NON_EXISTENT_VALUE"));
  EXPECT_THAT(
      admin.Post("/api/auth/admin/set-role", R"({"userId":")" + ada.user_id() + R"(","role":42})"),
      HasError(400, "INVALID_ROLE_TYPE"));
  http::Response set =
      admin.Post("/api/auth/admin/set-role",
                 R"({"userId":")" + ada.user_id() + R"(","role":["support","user"]})");
  EXPECT_EQ(JsonString(set, "/user/role"), "support,user");
  EXPECT_THAT(admin.Post("/api/auth/admin/set-role",
                         R"({"userId":")" + admin.user_id() + R"(","role":"user"})"),
              HasError(400, "YOU_CANNOT_DEMOTE_THE_LAST_ADMIN"));
  EXPECT_THAT(admin.Post("/api/auth/admin/set-role", R"({"userId":"nobody","role":"user"})"),
              HasError(404, "USER_NOT_FOUND"));
  EXPECT_EQ(app_->Count("audit_events", "event_type = 'admin.set_role'"), 1);
}

TEST_F(AdminTest, ListUsersSearchesFiltersSortsAndPages) {
  Client admin = UserWithRole("root@example.com", "admin");
  for (std::string_view name : {"alice", "bob", "carol", "dave"}) {
    app_->SignUp(std::string(name) + "@example.org", kPassword, std::string(name));
    app_->clock().Advance(1000);
  }
  auto list = [&](std::string_view query) {
    return Json(admin.Get("/api/auth/admin/list-users?" + std::string(query)));
  };
  EXPECT_EQ(list("").at("total").as_int64(), 5);
  EXPECT_EQ(list("searchValue=example.org").at("total").as_int64(), 4);
  EXPECT_EQ(list("searchValue=CA&searchField=name&searchOperator=starts_with")
                .at("users")
                .as_array()
                .size(),
            1u);
  const auto page =
      list("searchValue=example.org&sortBy=email&sortDirection=desc&limit=2&offset=1");
  EXPECT_EQ(page.at("total").as_int64(), 4);
  EXPECT_EQ(page.at("users").as_array()[0].at("email").as_string(), "carol@example.org");
  EXPECT_EQ(page.at("limit").as_int64(), 2);
  EXPECT_EQ(list("filterField=role&filterValue=admin").at("total").as_int64(), 1);
  EXPECT_EQ(list("filterField=role&filterValue=user").at("total").as_int64(), 4);
  EXPECT_THAT(admin.Get("/api/auth/admin/list-users?sortBy=password"),
              HasError(400, "INVALID_SORT"));
  // '%' is a literal in a search, not a wildcard.
  EXPECT_EQ(list("searchValue=%25").at("total").as_int64(), 0);
}

TEST_F(AdminTest, HasPermissionAnswersForTheCallerOrARole) {
  Client support = UserWithRole("help@example.com", "support");
  EXPECT_EQ(
      support.Post("/api/auth/admin/has-permission", R"({"permissions":{"session":["revoke"]}})")
          .body,
      R"({"error":null,"success":true})");
  EXPECT_EQ(
      support.Post("/api/auth/admin/has-permission", R"({"permissions":{"user":["ban"]}})").body,
      R"({"error":null,"success":false})");
  EXPECT_EQ(support
                .Post("/api/auth/admin/has-permission",
                      R"({"permissions":{"user":["ban"]},"role":"admin"})")
                .body,
            R"({"error":null,"success":true})");
}

}  // namespace
}  // namespace latchkey::admin

// The route table enforces what a RouteSpec declares, in the documented
// order (docs/design.md "Routes"); the credential chain asks resolvers in
// order; hooks run in registration order and stop at the first answer or
// error (docs/design.md "Hook points").
#include "features/platform/platform.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "features/common/base_errors.h"
#include "http/error_mapping.h"

namespace latchkey::platform {
namespace {

constexpr ErrorInfo kBodyBad{"BODY_BAD", ErrorKind::kInvalidArgument, "Body bad"};
constexpr ErrorInfo kNoCallerHere{"NO_CALLER_HERE", ErrorKind::kUnauthenticated, "No caller"};
constexpr ErrorInfo kNotAdmin{"NOT_ADMIN", ErrorKind::kPermissionDenied, "Not an admin"};

Principal Caller(CredentialKind kind, std::string user_id = "u1") {
  Principal principal;
  principal.caller.user.id = std::move(user_id);
  principal.caller.session.id = "s1";
  principal.kind = kind;
  return principal;
}

http::RouteSpec Spec(std::string_view path, http::Auth auth) {
  http::RouteSpec spec;
  spec.method = http::Method::kPost;
  spec.path = path;
  spec.auth = auth;
  return spec;
}

// A platform whose one resolver answers what the test puts in `presented`.
struct Fixture {
  Fixture() {
    platform.credentials.Add("test", 100, [this](const http::Request&, const http::RouteSpec&) {
      ++resolutions;
      return presented;
    });
    platform.policy.require_fresh = [this](const Principal&) -> Result<void> {
      if (fresh) return {};
      return Fail(MakeError(errors::kSessionNotFresh));
    };
    platform.policy.on_unauthenticated = [](const http::Request&, http::Response& response) {
      response.AddHeader("x-cleared", "1");
    };
  }

  // Registers `spec` with a handler that records the caller, then runs it.
  http::Response Call(const http::RouteSpec& spec, RouteOptions options = {}) {
    http::Router router;
    RouteTable routes(router, platform.credentials, platform.policy);
    EXPECT_TRUE(routes.Add(
        spec,
        [this](const http::Request&, platform::Call& call) -> Result<http::Response> {
          handler_ran = true;
          seen_user = call.has_principal() ? call.caller().user.id : "";
          return http::Response::Json("{}");
        },
        std::move(options)));
    auto match = router.Find(spec.method, spec.path);
    EXPECT_TRUE(match.has_value());
    http::Request request;
    http::RequestContext context{clock, spec.path};
    Result<http::Response> result = (*match->handler)(request, context);
    if (result) return std::move(*result);
    return http::ErrorResponse(result.error());
  }

  static std::string Code(const http::Response& response) {
    auto at = response.body.find("\"code\":\"");
    if (at == std::string::npos) return "";
    at += 8;
    return response.body.substr(at, response.body.find('"', at) - at);
  }

  Platform platform;
  SystemClock clock;
  Result<std::optional<Principal>> presented = std::optional<Principal>();
  bool fresh = true;
  int resolutions = 0;
  bool handler_ran = false;
  std::string seen_user;
};

TEST(RouteTableTest, PublicRoutesNeverAskForTheCaller) {
  Fixture f;
  f.presented = std::optional<Principal>(Caller(CredentialKind::kSessionToken));
  http::Response response = f.Call(Spec("/api/auth/public", http::Auth::kPublic));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(f.resolutions, 0);
  EXPECT_TRUE(f.handler_ran);
  EXPECT_EQ(f.seen_user, "");
}

// ASVS 4.1.1 (access control enforced on a trusted service layer): the
// handler of a session route never runs without a caller.
TEST(RouteTableTest, SessionRouteWithoutCallerIs401AndClearsCookies) {
  Fixture f;
  http::Response response = f.Call(Spec("/api/auth/mine", http::Auth::kSession));
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(Fixture::Code(response), "UNAUTHORIZED");
  EXPECT_FALSE(f.handler_ran);
  bool cleared = false;
  for (const auto& [name, value] : response.headers) cleared = cleared || name == "x-cleared";
  EXPECT_TRUE(cleared) << "the on_unauthenticated policy ran";
}

TEST(RouteTableTest, SessionRouteHandsTheHandlerThePrincipalResolvedOnce) {
  Fixture f;
  f.presented = std::optional<Principal>(Caller(CredentialKind::kSessionToken, "alice"));
  http::Response response = f.Call(Spec("/api/auth/mine", http::Auth::kSession));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(f.seen_user, "alice");
  EXPECT_EQ(f.resolutions, 1);
}

// ASVS 3.7.1: account management needs a session, never a standing key.
TEST(RouteTableTest, AnApiKeyIsRefusedOnAccountRoutes) {
  for (http::Auth auth : {http::Auth::kSensitiveSession, http::Auth::kFreshSession}) {
    Fixture f;
    f.presented = std::optional<Principal>(Caller(CredentialKind::kApiKey));
    http::Response response = f.Call(Spec("/api/auth/account", auth));
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(Fixture::Code(response), "SESSION_NOT_FRESH");
    EXPECT_FALSE(f.handler_ran);
  }
  Fixture f;  // a plain session route takes the key
  f.presented = std::optional<Principal>(Caller(CredentialKind::kApiKey));
  EXPECT_EQ(f.Call(Spec("/api/auth/read", http::Auth::kSession)).status, 200);
}

TEST(RouteTableTest, FreshSessionRoutesApplyTheFreshnessPolicy) {
  Fixture f;
  f.presented = std::optional<Principal>(Caller(CredentialKind::kSessionToken));
  f.fresh = false;
  http::Response response = f.Call(Spec("/api/auth/fresh", http::Auth::kFreshSession));
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(Fixture::Code(response), "SESSION_NOT_FRESH");
  EXPECT_EQ(f.Call(Spec("/api/auth/sensitive", http::Auth::kSensitiveSession)).status, 200);
}

TEST(RouteTableTest, ApiKeyRoutesRefuseSessions) {
  Fixture f;
  f.presented = std::optional<Principal>(Caller(CredentialKind::kSessionToken));
  EXPECT_EQ(f.Call(Spec("/api/auth/usage", http::Auth::kApiKey)).status, 401);
  f.presented = std::optional<Principal>(Caller(CredentialKind::kApiKey));
  EXPECT_EQ(f.Call(Spec("/api/auth/usage", http::Auth::kApiKey)).status, 200);
}

// The documented order: a bad credential, answer_first, check_first, the
// auth rule, the handler.
TEST(RouteTableTest, RefusalsComeInTheDocumentedOrder) {
  RouteOptions options;
  options.answer_first = [](const http::Request&) -> std::optional<http::Response> {
    return http::Response::Empty(404);
  };
  options.check_first = [](const http::Request&) -> Result<void> {
    return Fail(MakeError(kBodyBad));
  };
  {
    Fixture f;
    f.presented = Fail(MakeError(errors::kInvalidEmail));  // stands for a bad credential
    EXPECT_EQ(Fixture::Code(f.Call(Spec("/api/auth/x", http::Auth::kSession), options)),
              "INVALID_EMAIL");
  }
  {
    Fixture f;
    EXPECT_EQ(f.Call(Spec("/api/auth/x", http::Auth::kSession), options).status, 404);
  }
  options.answer_first = nullptr;
  {
    Fixture f;
    EXPECT_EQ(Fixture::Code(f.Call(Spec("/api/auth/x", http::Auth::kSession), options)),
              "BODY_BAD");
  }
  options.check_first = nullptr;
  options.unauthenticated = &kNoCallerHere;
  {
    Fixture f;
    http::Response response = f.Call(Spec("/api/auth/x", http::Auth::kSession), options);
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(Fixture::Code(response), "NO_CALLER_HERE");
  }
}

TEST(RouteTableTest, AdminRoutesNeedAPermissionAndAnAuthorizer) {
  Fixture f;
  http::Router router;
  http::RouteSpec spec = Spec("/api/auth/admin/list-users", http::Auth::kAdmin);
  {
    RouteTable routes(router, f.platform.credentials, f.platform.policy);
    auto handler = [](const http::Request&, platform::Call&) -> Result<http::Response> {
      return http::Response::Json("{}");
    };
    EXPECT_FALSE(routes.Add(spec, handler)) << "no permission named";
    spec.permission = "user:list";
    EXPECT_FALSE(routes.Add(spec, handler)) << "no authorizer registered";
  }
  f.platform.policy.authorize = [](const Principal& principal,
                                   std::string_view permission) -> Result<void> {
    if (principal.user().id == "admin" && permission == "user:list") return {};
    return Fail(MakeError(kNotAdmin));
  };
  f.presented = std::optional<Principal>(Caller(CredentialKind::kSessionToken, "bob"));
  http::Response refused = f.Call(spec);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(Fixture::Code(refused), "NOT_ADMIN");
  f.presented = std::optional<Principal>(Caller(CredentialKind::kSessionToken, "admin"));
  EXPECT_EQ(f.Call(spec).status, 200);
}

// A permission held in a scope (an organization): the scope's guard runs
// after the caller is known and before the handler, may refuse, and hands
// the handler what it found (docs/design.md "Routes").
TEST(RouteTableTest, ScopedPermissionsGoThroughTheirScopesGuard) {
  Fixture f;
  http::RouteSpec spec = Spec("/api/auth/thing/update", http::Auth::kSession);
  spec.permission = "thing:update";
  spec.permission_scope = "thing";
  auto handler = [&f](const http::Request&, platform::Call& call) -> Result<http::Response> {
    f.handler_ran = true;
    return http::Response::Json("{\"in\":\"" + call.grant<std::string>() + "\"}");
  };
  {
    http::Router router;
    RouteTable routes(router, f.platform.credentials, f.platform.policy);
    EXPECT_FALSE(routes.Add(spec, handler)) << "no guard for the scope";
  }
  std::vector<std::string> guarded;
  f.platform.policy.scopes.emplace(
      "thing",
      [&guarded](const http::Request& request, platform::Call& call, const http::RouteSpec& route,
                 const Handler& next) -> Result<http::Response> {
        guarded.push_back(call.caller().user.id + " " + std::string(route.permission));
        if (call.caller().user.id != "ada") return Fail(MakeError(kNotAdmin));
        std::string found = "thing-1";
        call.set_grant(&found);
        return next(request, call);
      });
  {
    http::Router router;
    RouteTable routes(router, f.platform.credentials, f.platform.policy);
    http::RouteSpec public_spec = spec;
    public_spec.auth = http::Auth::kPublic;
    EXPECT_FALSE(routes.Add(public_spec, handler)) << "a scoped permission needs a session";
    http::RouteSpec admin_spec = spec;
    admin_spec.auth = http::Auth::kAdmin;
    EXPECT_FALSE(routes.Add(admin_spec, handler)) << "a scoped permission needs a session";
    http::RouteSpec other_scope = spec;
    other_scope.permission_scope = "elsewhere";
    EXPECT_FALSE(routes.Add(other_scope, handler)) << "that scope has no guard";
  }
  http::Router router;
  RouteTable routes(router, f.platform.credentials, f.platform.policy);
  ASSERT_TRUE(routes.Add(spec, handler));
  auto run = [&]() {
    http::Request request;
    http::RequestContext context{f.clock, spec.path};
    Result<http::Response> result =
        (*router.Find(spec.method, spec.path)->handler)(request, context);
    return result ? std::move(*result) : http::ErrorResponse(result.error());
  };
  http::Response unauthenticated = run();
  EXPECT_EQ(unauthenticated.status, 401);
  EXPECT_TRUE(guarded.empty()) << "no caller: refused before the guard";
  f.presented = std::optional<Principal>(Caller(CredentialKind::kSessionToken, "bob"));
  http::Response refused = run();
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(Fixture::Code(refused), "NOT_ADMIN");
  EXPECT_FALSE(f.handler_ran);
  f.presented = std::optional<Principal>(Caller(CredentialKind::kSessionToken, "ada"));
  http::Response admitted = run();
  EXPECT_EQ(admitted.status, 200);
  EXPECT_EQ(admitted.body, R"({"in":"thing-1"})");
  EXPECT_EQ(guarded, (std::vector<std::string>{"bob thing:update", "ada thing:update"}));
}

TEST(CredentialChainTest, AsksInOrderAndStopsAtTheFirstAnswer) {
  CredentialChain chain;
  std::vector<std::string> asked;
  auto resolver = [&asked](const std::string& name, bool answers) {
    return [&asked, name, answers](const http::Request&,
                                   const http::RouteSpec&) -> Result<std::optional<Principal>> {
      asked.push_back(name);
      if (!answers) return std::optional<Principal>();
      return std::optional<Principal>(Caller(CredentialKind::kSessionToken, name));
    };
  };
  chain.Add("late", 300, resolver("late", true));
  chain.Add("early", 100, resolver("early", false));
  chain.Add("middle", 200, resolver("middle", true));
  auto found = chain.Resolve(http::Request{}, http::RouteSpec{});
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->user().id, "middle");
  EXPECT_EQ(asked, (std::vector<std::string>{"early", "middle"}));
}

TEST(HooksTest, AfterFirstFactorTheFirstAnswerWinsAndErrorsStop) {
  Hooks hooks;
  int later_ran = 0;
  hooks.OnAfterFirstFactor(
      [](const SignInEvent&) -> Result<std::optional<http::Response>> { return std::nullopt; });
  hooks.OnAfterFirstFactor([](const SignInEvent&) -> Result<std::optional<http::Response>> {
    return std::optional<http::Response>(http::Response::Json(R"({"twoFactorRedirect":true})"));
  });
  hooks.OnAfterFirstFactor(
      [&later_ran](const SignInEvent&) -> Result<std::optional<http::Response>> {
        ++later_ran;
        return std::nullopt;
      });
  http::Request request;
  users::User user;
  auto answer = hooks.RunAfterFirstFactor({request, user, "email", true});
  ASSERT_TRUE(answer);
  ASSERT_TRUE(answer->has_value());
  EXPECT_EQ((*answer)->body, R"({"twoFactorRedirect":true})");
  EXPECT_EQ(later_ran, 0);

  Hooks failing;
  failing.OnBeforeSignUp(
      [](const SignUpEvent&) -> Result<void> { return Fail(MakeError(kBodyBad)); });
  failing.OnBeforeSignUp([&later_ran](const SignUpEvent&) -> Result<void> {
    ++later_ran;
    return {};
  });
  boost::json::object body;
  auto refused = failing.RunBeforeSignUp({request, body, "a@example.com", "A"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "BODY_BAD");
  EXPECT_EQ(later_ran, 0);
}

}  // namespace
}  // namespace latchkey::platform

namespace latchkey::platform {
namespace {

TEST(PageSettingsTest, CollectsValuesAndWidensTheCspDirectiveByDirective) {
  PageSettings pages;
  EXPECT_EQ(pages.Json(), "{}");
  EXPECT_EQ(pages.Csp("default-src 'none'; script-src 'self'"),
            "default-src 'none'; script-src 'self'");
  pages.Set("captcha", R"({"provider":"turnstile"})");
  pages.AllowSource("script-src", "https://challenges.example");
  pages.AllowSource("script-src", "https://challenges.example");  // once
  pages.AllowSource("frame-src", "https://challenges.example");
  EXPECT_EQ(pages.Json(), R"({"captcha":{"provider":"turnstile"}})");
  EXPECT_EQ(pages.Csp("default-src 'none'; script-src 'self'; base-uri 'none'"),
            "default-src 'none'; script-src 'self' https://challenges.example; base-uri 'none'; "
            "frame-src https://challenges.example");
}

}  // namespace
}  // namespace latchkey::platform

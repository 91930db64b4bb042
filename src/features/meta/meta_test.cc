// GET /ok and GET /error through the in-process app (src/testing/test_app.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "features/meta/meta_feature.h"
#include "testing/matchers.h"
#include "testing/test_app.h"

namespace latchkey::meta {
namespace {

using ::latchkey::testing::HasHeader;
using ::latchkey::testing::HasStatus;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::TestApp;

TEST(MetaTest, OkAnswersTrue) {
  auto app = TestApp::Start();
  http::Response response = app->NewClient().Get("/api/auth/ok");
  EXPECT_THAT(response, IsOkJson());
  EXPECT_EQ(response.body, R"({"ok":true})");
}

// docs/api.md: exact paths only, no trailing-slash leniency; a miss is an
// empty 404.
TEST(MetaTest, RouterMatchesExactPathsOnly) {
  auto app = TestApp::Start();
  for (const char* path : {"/api/auth/ok/", "/api/auth//ok", "/api/auth/OK"}) {
    http::Response response = app->NewClient().Get(path);
    EXPECT_THAT(response, HasStatus(404)) << path;
    EXPECT_TRUE(response.body.empty()) << path;
  }
  EXPECT_THAT(app->NewClient().Post("/api/auth/ok", "{}"), HasStatus(404));
}

// Nothing attacker-chosen reaches the page the error redirects to as code:
// only [A-Za-z0-9_'-] passes; the description is re-encoded.
TEST(MetaTest, ErrorRedirectsWithASanitisedCode) {
  auto app = TestApp::Start();
  testing::Client client = app->NewClient();
  http::Response known = client.Get("/api/auth/error?error=INVALID_TOKEN");
  EXPECT_THAT(known, HasStatus(302));
  EXPECT_THAT(known, HasHeader("Location", "/?error=INVALID_TOKEN"));
  EXPECT_THAT(client.Get("/api/auth/error?error=%3Cscript%3E"),
              HasHeader("Location", "/?error=UNKNOWN"));
  EXPECT_THAT(client.Get("/api/auth/error"), HasHeader("Location", "/?error=UNKNOWN"));
  EXPECT_THAT(client.Get("/api/auth/error?error=x&error_description=a%20%3Cb%3E"),
              HasHeader("Location", "/?error=x&error_description=a%20%3Cb%3E"));
}

TEST(SanitizeErrorCodeTest, KeepsOnlyTokenCharacters) {
  EXPECT_EQ(SanitizeErrorCode("state_mismatch"), "state_mismatch");
  EXPECT_EQ(SanitizeErrorCode("it's-fine"), "it's-fine");
  EXPECT_EQ(SanitizeErrorCode(""), "UNKNOWN");
  EXPECT_EQ(SanitizeErrorCode("a b"), "UNKNOWN");
  EXPECT_EQ(SanitizeErrorCode("javascript:alert(1)"), "UNKNOWN");
}

}  // namespace
}  // namespace latchkey::meta

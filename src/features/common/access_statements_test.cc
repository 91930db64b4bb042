// Role definitions and role lists as the configuration and Better Auth
// write them (docs/permissions.md, docs/organizations.md).
#include "features/common/access_statements.h"

#include <gtest/gtest.h>

namespace latchkey::access {
namespace {

const Statements kKnown = {{"user", {"list", "ban"}}, {"audit", {"read", "export"}}};

TEST(AccessStatementsTest, ParsesANamedRoleOfKnownStatements) {
  auto role = ParseRoleDefinition(" auditor = audit:read|export ; user:list ;", kKnown);
  ASSERT_TRUE(role.has_value()) << role.error().detail;
  EXPECT_EQ(role->first, "auditor");
  EXPECT_EQ(role->second, (Statements{{"audit", {"export", "read"}}, {"user", {"list"}}}));
}

TEST(AccessStatementsTest, RefusesWhatItDoesNotKnow) {
  for (std::string_view bad :
       {"no equals sign", "=user:list", "a,b=user:list", "two words=user:list", "x=user",
        "x=spaceship:list", "x=user:fly", "x=user:list|"}) {
    auto role = ParseRoleDefinition(bad, kKnown);
    ASSERT_FALSE(role.has_value()) << bad;
    EXPECT_EQ(role.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_FALSE(role.error().detail.empty());
  }
}

TEST(AccessStatementsTest, SplitsRoleListsAsBetterAuth) {
  EXPECT_EQ(SplitRoles("admin, support,,billing_admin "),
            (std::vector<std::string>{"admin", "support", "billing_admin"}));
  EXPECT_TRUE(SplitRoles(" , ").empty());
}

}  // namespace
}  // namespace latchkey::access

#include "app/error_codes.h"

#include <algorithm>
#include <map>
#include <string>

namespace latchkey::app {
namespace {

// A code allowed to be declared with several statuses or messages. Each row
// must say why; docs/api.md ("Error codes") lists them for client authors.
struct Allowance {
  std::string_view code;
  std::span<const ErrorKind> kinds;  // every status the code may have
  bool messages_vary = false;        // the message says what went wrong
};

// Better Auth: 404 from GET /delete-user/callback, 400 from POST
// /reset-password, 401 from GET /verify-email (tests/e2e pins each).
constexpr ErrorKind kInvalidTokenKinds[] = {ErrorKind::kNotFound, ErrorKind::kInvalidArgument,
                                            ErrorKind::kUnauthenticated};
// Better Auth's api-key plugin: 403 for a value shorter than a key can be,
// 401 for an unknown one.
constexpr ErrorKind kInvalidApiKeyKinds[] = {ErrorKind::kUnauthenticated,
                                             ErrorKind::kPermissionDenied};
// Better Auth's passkey plugin: 401 when signing in with an unknown
// credential, 404 when updating or deleting an unknown passkey.
constexpr ErrorKind kPasskeyNotFoundKinds[] = {ErrorKind::kUnauthenticated, ErrorKind::kNotFound};
// The same plugin: 401 when an assertion's signature does not verify, 400
// when another check fails.
constexpr ErrorKind kAuthenticationFailedKinds[] = {ErrorKind::kUnauthenticated,
                                                    ErrorKind::kInvalidArgument};
// 401 from GET /verify-email (the link's user is gone), 404 from the admin
// routes (no such user), as Better Auth answers them.
constexpr ErrorKind kUserNotFoundKinds[] = {ErrorKind::kUnauthenticated, ErrorKind::kNotFound,
                                            ErrorKind::kInvalidArgument};
// 422 from sign-up, 400 from the admin's create-user and update-user, as
// Better Auth answers them.
constexpr ErrorKind kUserExistsKinds[] = {ErrorKind::kUnprocessable, ErrorKind::kInvalidArgument};
// Better Auth's organization plugin: 400 from update and delete, 403 from
// get-full-organization and set-active, 401 from has-permission.
constexpr ErrorKind kNotOrgMemberKinds[] = {
    ErrorKind::kInvalidArgument, ErrorKind::kPermissionDenied, ErrorKind::kUnauthenticated};
// The same plugin's teams: 400 from list-team-members and remove-team-member,
// 403 from set-active-team.
constexpr ErrorKind kNotTeamMemberKinds[] = {ErrorKind::kInvalidArgument,
                                             ErrorKind::kPermissionDenied};
// One status, several messages: the http layer's generic body errors say
// which rule the body broke, and a 503 says which resource ran out.
constexpr ErrorKind kBadRequestKinds[] = {ErrorKind::kInvalidArgument};
constexpr ErrorKind kUnavailableKinds[] = {ErrorKind::kUnavailable};

constexpr Allowance kAllowances[] = {
    {.code = "INVALID_TOKEN", .kinds = kInvalidTokenKinds},
    {.code = "INVALID_API_KEY", .kinds = kInvalidApiKeyKinds},
    {.code = "PASSKEY_NOT_FOUND", .kinds = kPasskeyNotFoundKinds},
    {.code = "AUTHENTICATION_FAILED", .kinds = kAuthenticationFailedKinds},
    {.code = "USER_NOT_FOUND", .kinds = kUserNotFoundKinds},
    {.code = "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION", .kinds = kNotOrgMemberKinds},
    {.code = "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", .kinds = kUserExistsKinds},
    {.code = "USER_IS_NOT_A_MEMBER_OF_THE_TEAM", .kinds = kNotTeamMemberKinds},
    {.code = "BAD_REQUEST", .kinds = kBadRequestKinds, .messages_vary = true},
    {.code = "SERVICE_UNAVAILABLE", .kinds = kUnavailableKinds, .messages_vary = true},
};

const Allowance* AllowanceFor(std::string_view code) {
  for (const Allowance& allowance : kAllowances) {
    if (allowance.code == code) return &allowance;
  }
  return nullptr;
}

// Whether `info` may stand beside `first`, the code's first declaration.
bool Compatible(const ErrorInfo& first, const ErrorInfo& info) {
  const Allowance* allowance = AllowanceFor(info.code);
  if (allowance == nullptr) return first.kind == info.kind && first.message == info.message;
  const bool kind_listed = std::find(allowance->kinds.begin(), allowance->kinds.end(), info.kind) !=
                           allowance->kinds.end();
  return kind_listed && (allowance->messages_vary || first.message == info.message);
}

}  // namespace

Result<void> CheckErrorCodes(const std::vector<DeclaredErrors>& declared) {
  static constexpr ErrorInfo kDuplicate{"DUPLICATE_ERROR_CODE", ErrorKind::kFailedPrecondition,
                                        "Two features declare one error code differently"};
  struct First {
    std::string_view feature;
    const ErrorInfo* info;
  };
  std::map<std::string_view, First> seen;
  for (const DeclaredErrors& group : declared) {
    for (const ErrorInfo& info : group.errors) {
      if (info.code.empty()) continue;  // no code on the wire: nothing to rely on
      auto [it, inserted] = seen.try_emplace(info.code, First{group.feature, &info});
      if (inserted && !Compatible(info, info)) {
        return Fail(MakeError(kDuplicate, std::string(info.code) + " in " +
                                              std::string(group.feature) +
                                              " has a status app/error_codes.cc does not list"));
      }
      if (inserted || Compatible(*it->second.info, info)) continue;
      return Fail(MakeError(kDuplicate, std::string(info.code) + " in " +
                                            std::string(it->second.feature) + " and " +
                                            std::string(group.feature)));
    }
  }
  return {};
}

}  // namespace latchkey::app

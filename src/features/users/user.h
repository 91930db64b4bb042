// The user record, its credential account, and their JSON shape on the wire
// (docs/api.md).
#ifndef LK_FEATURES_USERS_USER_H_
#define LK_FEATURES_USERS_USER_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"

namespace latchkey::users {

inline constexpr std::string_view kCredentialProvider = "credential";

struct User {
  std::string id;
  std::string name;
  std::string email;  // lower-cased
  bool email_verified = false;
  std::optional<std::string> image;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  // Fields other features add (the platform's user-fields hook, e.g.
  // lastLoginMethod): name and value as raw JSON, appended to UserJson().
  std::vector<std::pair<std::string, std::string>> extra_fields;
};

// A way to sign in: the credential account (provider "credential",
// account_id = user id) or, later, a social provider's account.
struct Account {
  std::string id;
  std::string user_id;
  std::string provider_id;
  std::string account_id;
  std::string scope;  // granted scopes, comma-separated ("" for the credential account)
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

// {"id","name","email","emailVerified","image","createdAt","updatedAt"}, then
// extra_fields in order.
std::string UserJson(const User& user);

}  // namespace latchkey::users

#endif  // LK_FEATURES_USERS_USER_H_

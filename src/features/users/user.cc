#include "features/users/user.h"

namespace latchkey::users {

boost::json::object UserToJson(const User& user) {
  boost::json::object out;
  out["id"] = user.id;
  out["name"] = user.name;
  out["email"] = user.email;
  out["emailVerified"] = user.email_verified;
  if (user.image) {
    out["image"] = *user.image;
  } else {
    out["image"] = nullptr;
  }
  out["createdAt"] = FormatIsoTime(user.created_at);
  out["updatedAt"] = FormatIsoTime(user.updated_at);
  return out;
}

}  // namespace latchkey::users

#include "features/users/user.h"

#include "core/json_writer.h"

namespace latchkey::users {

std::string UserJson(const User& user) {
  std::string out;
  out.reserve(256);
  json::ObjectWriter writer(out);
  writer.String("id", user.id)
      .String("name", user.name)
      .String("email", user.email)
      .Bool("emailVerified", user.email_verified)
      .NullableString("image", user.image)
      .String("createdAt", FormatIsoTime(user.created_at))
      .String("updatedAt", FormatIsoTime(user.updated_at));
  for (const auto& [name, value] : user.extra_fields) writer.Raw(name, value);
  writer.Close();
  return out;
}

}  // namespace latchkey::users

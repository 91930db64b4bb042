#include "features/users/users_feature.h"

#include "features/users/user_store.h"

namespace latchkey::users {

std::span<const store::Migration> EmbeddedMigrations();

std::span<const store::Migration> UsersFeature::Migrations() const { return EmbeddedMigrations(); }

std::span<const ErrorInfo> UsersFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {kInvalidSort};
  return kErrors;
}

}  // namespace latchkey::users

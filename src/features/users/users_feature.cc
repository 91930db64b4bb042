#include "features/users/users_feature.h"

namespace latchkey::users {

std::span<const store::Migration> EmbeddedMigrations();

std::span<const store::Migration> UsersFeature::Migrations() const { return EmbeddedMigrations(); }

}  // namespace latchkey::users

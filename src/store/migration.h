// A schema migration owned by a feature, applied once by Store::Migrate().
#ifndef LK_STORE_MIGRATION_H_
#define LK_STORE_MIGRATION_H_

#include <string_view>

namespace latchkey::store {

struct Migration {
  std::string_view id;            // "users/0001_create_users"; recorded in schema_migrations
  std::string_view sql;           // portable SQL (may hold several statements)
  std::string_view postgres_sql;  // override where dialects differ; empty = use `sql`
  std::string_view sqlite_sql;    // override where dialects differ; empty = use `sql`
};

}  // namespace latchkey::store

#endif  // LK_STORE_MIGRATION_H_

// Rewrites the portable `?` placeholders of store SQL into Postgres's
// $1..$n. Internal to store/postgres/.
#ifndef LK_STORE_POSTGRES_PLACEHOLDERS_H_
#define LK_STORE_POSTGRES_PLACEHOLDERS_H_

#include <string>
#include <string_view>

namespace latchkey::store::postgres {

struct RewrittenSql {
  std::string text;  // `sql` with each placeholder replaced by $1, $2, ...
  int placeholders = 0;
};

// Replaces every `?` outside single-quoted literals, double-quoted
// identifiers and comments (`--` to end of line, nested `/* */`). Dollar
// quoting is not recognised: store SQL with arguments never uses it.
// Thread-safety: a pure function.
RewrittenSql RewritePlaceholders(std::string_view sql);

}  // namespace latchkey::store::postgres

#endif  // LK_STORE_POSTGRES_PLACEHOLDERS_H_

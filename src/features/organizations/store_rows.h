// Row helpers shared by the organization stores (org_store, role_store,
// team_store): a list of rows into a list of values, and a nullable time.
#ifndef LK_FEATURES_ORGANIZATIONS_STORE_ROWS_H_
#define LK_FEATURES_ORGANIZATIONS_STORE_ROWS_H_

#include <optional>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::organizations::org_store {

// Every row converted by `convert` (Result<T>(const store::Row&)); the first
// failure, or the query's, is the result.
template <class T, class F>
Result<std::vector<T>> All(Result<std::vector<store::Row>> rows, F convert) {
  if (!rows) return Fail(std::move(rows.error()));
  std::vector<T> out;
  out.reserve(rows->size());
  for (const store::Row& row : *rows) {
    LK_ASSIGN_OR_RETURN(T value, convert(row));
    out.push_back(std::move(value));
  }
  return out;
}

inline store::Value NullableTime(const std::optional<TimeMs>& value) {
  if (value) return *value;
  return nullptr;
}

}  // namespace latchkey::organizations::org_store

#endif  // LK_FEATURES_ORGANIZATIONS_STORE_ROWS_H_

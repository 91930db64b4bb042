// Small helpers for store tests: one-statement transactions and error
// inspection that does not crash when a Result unexpectedly holds a value.
#ifndef LK_STORE_TESTING_STORE_CONTRACT_UTIL_H_
#define LK_STORE_TESTING_STORE_CONTRACT_UTIL_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace latchkey::store::testing {

// Runs one statement in its own read-write transaction.
inline Result<void> RunSql(Store& store, std::string_view sql,
                           std::initializer_list<Value> args = {}) {
  return InTransaction(store, [&](Transaction& tx) -> Result<void> {
    LK_TRY(tx.Exec(sql, args));
    return {};
  });
}

// Runs one query in its own read-only transaction.
inline Result<std::vector<Row>> QueryRows(Store& store, std::string_view sql,
                                          std::initializer_list<Value> args = {}) {
  return InReadTransaction(store, [&](Transaction& tx) { return tx.Query(sql, args); });
}

// SELECT COUNT(*) FROM `table`, in a read-only transaction.
inline Result<std::int64_t> CountRows(Store& store, std::string_view table) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      QueryRows(store, "SELECT COUNT(*) AS n FROM " + std::string(table)));
  if (rows.size() != 1) return Fail(InternalError("COUNT(*) returned no row"));
  return rows[0].GetInt("n");
}

// The error's kind, or nullopt when `result` holds a value.
template <class T>
std::optional<ErrorKind> KindOf(const Result<T>& result) {
  if (result) return std::nullopt;
  return result.error().kind;
}

// The error's code, or "OK" when `result` holds a value.
template <class T>
std::string CodeOf(const Result<T>& result) {
  return result ? std::string("OK") : std::string(result.error().code);
}

}  // namespace latchkey::store::testing

#endif  // LK_STORE_TESTING_STORE_CONTRACT_UTIL_H_

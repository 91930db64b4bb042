// The single storage seam. Two implementations: store/sqlite/, store/postgres/.
// Features write portable SQL with `?` placeholders (the Postgres backend
// rewrites them to $1..$n) inside a typed per-feature repository.
//
// Portable SQL rules: times are INTEGER milliseconds since the epoch (BIGINT
// on Postgres: migrations use BIGINT, which SQLite accepts), booleans are
// INTEGER 0/1, text is TEXT. No RETURNING, no dialect functions.
//
// Thread-safety: Store is safe for concurrent use. A Transaction belongs to
// one thread; destroying it without Commit() rolls back.
#ifndef LK_STORE_STORE_H_
#define LK_STORE_STORE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/result.h"
#include "store/migration.h"

namespace latchkey::store {

enum class Dialect { kSqlite, kPostgres };

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// One result row. Columns are addressed by name (as selected, lower-case).
class Row {
 public:
  Row() = default;
  Row(std::shared_ptr<const std::vector<std::string>> names, std::vector<Value> values)
      : names_(std::move(names)), values_(std::move(values)) {}

  // Errors: kInternal if the column is missing or NULL or has another type.
  Result<std::string> GetString(std::string_view column) const;
  Result<std::int64_t> GetInt(std::string_view column) const;
  Result<bool> GetBool(std::string_view column) const;
  // NULL gives std::nullopt; other type mismatches are kInternal.
  Result<std::optional<std::string>> GetNullableString(std::string_view column) const;
  Result<std::optional<std::int64_t>> GetNullableInt(std::string_view column) const;

  const Value* Find(std::string_view column) const;
  std::size_t size() const { return values_.size(); }

 private:
  std::shared_ptr<const std::vector<std::string>> names_;
  std::vector<Value> values_;
};

class Transaction {
 public:
  virtual ~Transaction() = default;
  // Returns the number of rows affected. Errors: kConflict on a unique or
  // foreign-key violation (code "STORE_CONFLICT"); kUnavailable if the
  // database is busy or unreachable; kInternal otherwise.
  virtual Result<std::int64_t> Exec(std::string_view sql, std::span<const Value> args) = 0;
  // Returns every row; an empty result is not an error.
  virtual Result<std::vector<Row>> Query(std::string_view sql, std::span<const Value> args) = 0;
  // Errors: kConflict on a serialization failure (the caller may retry once).
  virtual Result<void> Commit() = 0;

  // Conveniences over the span forms.
  Result<std::int64_t> Exec(std::string_view sql, std::initializer_list<Value> args = {}) {
    return Exec(sql, std::span<const Value>(args.begin(), args.size()));
  }
  Result<std::vector<Row>> Query(std::string_view sql, std::initializer_list<Value> args = {}) {
    return Query(sql, std::span<const Value>(args.begin(), args.size()));
  }
};

struct StoreOptions {
  std::string url;    // "sqlite:/path/auth.db" | "sqlite::memory:" | "postgres://…"
  int pool_size = 8;  // readers (SQLite) / connections (Postgres)
  std::chrono::milliseconds busy_timeout{5000};  // SQLite only
};

class Store {
 public:
  // Picks the backend from the URL scheme. Errors: kInvalidArgument for an
  // unknown scheme; kUnavailable when the database cannot be opened.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  virtual ~Store() = default;

  virtual Dialect dialect() const = 0;
  // A read-write transaction (SQLite: the single serialised writer).
  virtual Result<std::unique_ptr<Transaction>> Begin() = 0;
  // A read-only snapshot (SQLite: a pooled reader; Postgres: any pooled
  // connection). Commit() ends it.
  virtual Result<std::unique_ptr<Transaction>> BeginRead() = 0;
  // Runs one read-only statement in autocommit mode on a pooled read
  // connection: one round trip, no BEGIN/COMMIT. For single-statement reads
  // on hot paths (session lookup) that need no snapshot across statements.
  // Errors: as Transaction::Query.
  virtual Result<std::vector<Row>> QueryOnce(std::string_view sql, std::span<const Value> args) = 0;
  Result<std::vector<Row>> QueryOnce(std::string_view sql, std::initializer_list<Value> args = {}) {
    return QueryOnce(sql, std::span<const Value>(args.begin(), args.size()));
  }
  // Applies migrations not yet recorded in schema_migrations, in order, each
  // in its own transaction. Idempotent.
  virtual Result<void> Migrate(std::span<const Migration> migrations) = 0;
  // Ids of the applied migrations, in the order applied.
  virtual Result<std::vector<std::string>> AppliedMigrations() = 0;
  virtual Result<void> Ping() = 0;  // backs /readyz

 protected:
  Store() = default;
};

// Runs fn(tx) on the transaction `begun` opened; commits if fn returns a
// value, otherwise rolls back (by destruction) and returns fn's error.
template <class F>
auto RunTransaction(Result<std::unique_ptr<Transaction>> begun, F&& fn)
    -> std::invoke_result_t<F, Transaction&> {
  if (!begun) return Fail(std::move(begun).error());
  auto result = fn(**begun);
  if (!result) return result;
  auto committed = (*begun)->Commit();
  if (!committed) return Fail(std::move(committed).error());
  return result;
}

// fn(tx) in a read-write transaction.
template <class F>
auto InTransaction(Store& store, F&& fn) -> std::invoke_result_t<F, Transaction&> {
  return RunTransaction(store.Begin(), std::forward<F>(fn));
}

// fn(tx) in a read-only transaction.
template <class F>
auto InReadTransaction(Store& store, F&& fn) -> std::invoke_result_t<F, Transaction&> {
  return RunTransaction(store.BeginRead(), std::forward<F>(fn));
}

}  // namespace latchkey::store

#endif  // LK_STORE_STORE_H_

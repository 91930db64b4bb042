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
//
// Change notification, for caches: inside a write, tx.Notify(channel,
// payload) announces the change to every subscriber of the channel (all
// nodes sharing a PostgreSQL database) once the transaction commits, and
// tx.OnCommit(hook) invalidates this process's own cache at the same moment.
// Store::Subscribe() delivers the announcements and says when some may have
// been missed.
#ifndef LK_STORE_STORE_H_
#define LK_STORE_STORE_H_

#include <chrono>
#include <cstdint>
#include <functional>
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
  // Commits, then runs the OnCommit() hooks. Errors: kConflict on a
  // serialization failure (the caller may retry once) or on a deferred
  // constraint checked at commit; kInternal after a failed statement or a
  // second Commit(); kUnavailable when the connection broke, in which case
  // the outcome is unknown. The hooks run only when this returns a value.
  Result<void> Commit();

  // Registers `hook` to run right after the commit succeeds, on the thread
  // that calls Commit(), in registration order, exactly once. It never runs
  // when the commit fails, when the transaction is destroyed uncommitted
  // (including InTransaction's fn returning an error), or for a read
  // transaction that is never committed. A hook registered after a
  // successful commit runs at once. The transaction has given its
  // connection back by then, so a hook may use the store. Hooks must not
  // throw; an empty function is ignored. Typical use: drop this process's
  // cached copy of what the transaction changed (dropping it before the
  // commit would let another thread cache the old row again meanwhile).
  void OnCommit(std::function<void()> hook);

  // Queues `payload` for the subscribers of `channel` (Store::Subscribe);
  // they receive it only if and when this transaction commits, and never
  // after a rollback. PostgreSQL: pg_notify(), reaching every node that
  // shares the database, this one included; identical payloads queued in
  // one transaction may arrive once. SQLite: checks the arguments and does
  // nothing else (one process owns the file: use OnCommit() for the local
  // cache). Errors: kInvalidArgument STORE_INVALID_CHANNEL unless `channel`
  // matches [a-z_][a-z0-9_]{0,62}; kInvalidArgument
  // STORE_INVALID_NOTIFICATION if `payload` is over kMaxNotifyPayload bytes
  // or holds a NUL byte; otherwise as Exec().
  virtual Result<void> Notify(std::string_view channel, std::string_view payload) = 0;
  static constexpr std::size_t kMaxNotifyPayload = 7999;  // PostgreSQL's limit is 8000

  // Conveniences over the span forms.
  Result<std::int64_t> Exec(std::string_view sql, std::initializer_list<Value> args = {}) {
    return Exec(sql, std::span<const Value>(args.begin(), args.size()));
  }
  Result<std::vector<Row>> Query(std::string_view sql, std::initializer_list<Value> args = {}) {
    return Query(sql, std::span<const Value>(args.begin(), args.size()));
  }

 protected:
  // The backend's commit, without the hooks; the contract of Commit().
  virtual Result<void> DoCommit() = 0;

 private:
  std::vector<std::function<void()>> commit_hooks_;
  bool committed_ = false;
};

// A live Store::Subscribe(). Destroying it stops delivery: it returns within
// about a second, and no callback runs after it returned. REQUIRES: not
// destroyed from inside one of its own callbacks.
class Subscription {
 public:
  Subscription() = default;
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  virtual ~Subscription() = default;
};

struct StoreOptions {
  std::string url;    // "sqlite:/path/auth.db" | "sqlite::memory:" | "postgres://…"
  int pool_size = 8;  // readers (SQLite) / connections (Postgres)
  std::chrono::milliseconds busy_timeout{5000};  // SQLite only
  // SQLite only: this process writes beside a running server (the `latchkey
  // user` commands), so its Notify() is recorded for the server to poll
  // (store/sqlite/sqlite_notifications.h). PostgreSQL always notifies.
  bool record_notifications = false;
};

// A connection pool's state at one moment, for the metrics
// (docs/operations.md "Metrics"). The time callers wait for a connection is
// the histogram latchkey_db_pool_wait_seconds{pool}, observed by the store.
struct PoolStats {
  std::string_view pool;  // "sqlite_writer", "sqlite_readers" or "postgres"
  int size = 0;           // connections it may hold
  int in_use = 0;         // leased now
  int waiting = 0;        // callers waiting for one
};

// The file of a "sqlite:PATH" URL; nullopt for ":memory:", PostgreSQL or
// anything else.
std::optional<std::string> SqliteFilePath(std::string_view url);

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
  // One round trip to the database (SELECT 1); backs /readyz.
  virtual Result<void> Ping();
  // Each connection pool's state now; a lock each, cheap enough per scrape.
  virtual std::vector<PoolStats> Pools() { return {}; }

  // Delivers the payload of every committed Notify() on `channel` to
  // on_message, until the returned Subscription is destroyed. on_state(true)
  // means delivery is live; on_state(false) means notifications may be lost
  // from now on (the listening connection failed), so a cache fed by them
  // must stop trusting its contents until the next on_state(true), which
  // follows once listening again (PostgreSQL reconnects with backoff, 100 ms
  // doubling to 5 s). on_state(true) has been called when this returns.
  // PostgreSQL: one dedicated connection and thread per subscription,
  // outside the pool; the Subscription may outlive the Store. SQLite file:
  // a thread polls what other processes recorded (record_notifications),
  // every 250 ms; the in-memory store has nobody else to hear from, so
  // on_state(true) is called once, here, and on_message never. Callbacks run on the subscription's
  // thread, one at a time: they must be quick, thread-safe and must not throw (a slow one delays
  // the next notification; empty functions are ignored). Errors: kInvalidArgument
  // STORE_INVALID_CHANNEL as Notify(); kUnavailable when the first
  // connection or LISTEN fails (no callback has run then).
  virtual Result<std::unique_ptr<Subscription>> Subscribe(
      std::string channel, std::function<void(std::string_view payload)> on_message,
      std::function<void(bool live)> on_state) = 0;

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

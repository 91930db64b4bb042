// Internal to store/: what the SQLite and Postgres backends share. The
// migration runner (one transaction per migration, recorded in
// schema_migrations) and the argument checks both backends apply, so that
// the two behave alike. Features never include this header.
#ifndef LK_STORE_BACKEND_H_
#define LK_STORE_BACKEND_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "observability/metrics.h"
#include "observability/tracing/span.h"
#include "store/migration.h"
#include "store/store.h"

namespace latchkey::store::internal {

// A backend transaction that can also run a script of several statements
// without arguments (what a migration holds).
class ScriptTransaction : public Transaction {
 public:
  // Errors: as Exec(); a failure poisons the transaction.
  virtual Result<void> ExecScript(std::string_view sql) = 0;
};

// The lifecycle both backends enforce on a transaction: after a failed
// statement it can only roll back (Postgres aborts it; SQLite would carry on,
// so code tested on SQLite could break on Postgres), and nothing runs after
// Commit(). Thread-safety: none, like the transaction that owns it.
class TransactionState {
 public:
  // Errors: kInternal after Commit() or after a failed statement.
  Result<void> CheckUsable() const;
  // Passes `result` through, remembering a failure.
  template <class T>
  T Track(T result) {
    if (!result) failed_ = true;
    return result;
  }
  void MarkEnded() { ended_ = true; }
  bool ended() const { return ended_; }

 private:
  bool ended_ = false;
  bool failed_ = false;
};

// The statement's kind for its span: its first keyword, upper-cased ("SELECT",
// "INSERT", "WITH"); never its text or values (docs/operations.md, "Tracing").
std::string StatementKind(std::string_view sql);

// Runs `run` (a statement) inside a client span named after its kind, marked
// failed with the error code when it fails. Records nothing unless the
// thread's trace is sampled.
template <class F>
auto TracedStatement(std::string_view system, std::string_view sql, F&& run) {
  if (!tracing::Current().sampled) return run();
  const std::string kind = StatementKind(sql);
  tracing::Span span(kind, tracing::SpanKind::kClient);
  span.Set("db.system.name", system);
  span.Set("db.operation.name", kind);
  auto result = run();
  if (!result) span.SetError(result.error().code);
  return result;
}

// The statement forwarding both backends' transactions share: each statement
// first checks the transaction is still usable, then records a failure.
// `LeaseT::connection()` gives a backend connection with Exec, Query and
// ExecScript. Subclasses add the backend's Notify, DoCommit and rollback.
template <class LeaseT>
class LeasedTransaction : public ScriptTransaction {
 public:
  Result<std::int64_t> Exec(std::string_view sql, std::span<const Value> args) override {
    LK_TRY(state_.CheckUsable());
    return state_.Track(
        TracedStatement(system_, sql, [&] { return lease_->connection().Exec(sql, args); }));
  }
  Result<std::vector<Row>> Query(std::string_view sql, std::span<const Value> args) override {
    LK_TRY(state_.CheckUsable());
    return state_.Track(
        TracedStatement(system_, sql, [&] { return lease_->connection().Query(sql, args); }));
  }
  Result<void> ExecScript(std::string_view sql) override {
    LK_TRY(state_.CheckUsable());
    return state_.Track(lease_->connection().ExecScript(sql));
  }

 protected:
  // `system`: "sqlite" or "postgresql" (OpenTelemetry's db.system.name).
  LeasedTransaction(std::unique_ptr<LeaseT> lease, std::string_view system)
      : span_("db.transaction", tracing::SpanKind::kClient),
        system_(system),
        lease_(std::move(lease)) {
    span_.Set("db.system.name", system);
  }

  // The transaction's span: from its first statement to commit or rollback;
  // its statements are its children.
  tracing::Span span_;
  std::string_view system_;
  std::unique_ptr<LeaseT> lease_;  // null once committed
  TransactionState state_;
};

// How RunMigrations talks to a backend.
struct MigrationDriver {
  Dialect dialect = Dialect::kSqlite;
  // Opens a read-write transaction.
  std::function<Result<std::unique_ptr<ScriptTransaction>>()> begin;
  // Run first in every migration transaction so that migrators on several
  // nodes take turns (Postgres advisory lock); empty = nothing to run.
  std::string_view lock_sql;
  // Returns a row iff the schema_migrations table exists.
  std::string_view table_exists_sql;
};

// Creates schema_migrations if needed, then applies each migration whose id
// is not recorded yet, in order, each in its own transaction together with
// its schema_migrations row. Stops at the first failure, which leaves no
// trace of the failing migration. Errors: kInternal for an empty or duplicate
// id; otherwise the backend's error, with the migration id in `detail`.
Result<void> RunMigrations(const MigrationDriver& driver, std::span<const Migration> migrations);

// Ids recorded in schema_migrations, in the order applied; empty when the
// table does not exist yet.
Result<std::vector<std::string>> ListAppliedMigrations(Store& store,
                                                       std::string_view table_exists_sql);

// Errors: kInvalidArgument STORE_INVALID_TEXT if a text argument holds a NUL
// byte (libpq would truncate it at the NUL without telling anyone).
Result<void> CheckArgs(std::span<const Value> args);

// Errors: kInvalidArgument STORE_INVALID_CHANNEL unless `channel` matches
// [a-z_][a-z0-9_]{0,62}.
Result<void> CheckChannel(std::string_view channel);

// The argument checks of Transaction::Notify, which both backends apply so
// that code tested on SQLite does not fail on PostgreSQL. Errors: as
// CheckChannel; kInvalidArgument STORE_INVALID_NOTIFICATION for a payload
// over Transaction::kMaxNotifyPayload bytes or holding a NUL byte.
Result<void> CheckNotification(std::string_view channel, std::string_view payload);

// `sql` shortened for an error detail (statements can be long; the start is
// enough to find the call site).
std::string SqlForDetail(std::string_view sql);

// The wait histogram of a pool (latchkey_db_pool_wait_seconds{pool}), one
// per pool name for the process.
metrics::Histogram& PoolWaitHistogram(std::string_view pool);

// Waits up to `timeout` for `ready`, counting the caller in `waiting`
// meanwhile, and observes the time waited in `waited` (0 when ready at once,
// so the histogram's count is every acquisition). Returns whether `ready`
// held. REQUIRES: `lock` holds the mutex guarding `waiting` and `ready`.
template <class Ready>
bool WaitForConnection(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                       std::chrono::milliseconds timeout, int& waiting, metrics::Histogram& waited,
                       Ready ready) {
  if (ready()) {
    waited.Observe(0);
    return true;
  }
  ++waiting;
  const auto start = std::chrono::steady_clock::now();
  const bool got = cv.wait_for(lock, timeout, ready);
  --waiting;
  waited.Observe(
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  return got;
}

}  // namespace latchkey::store::internal

#endif  // LK_STORE_BACKEND_H_

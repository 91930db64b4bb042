// PostgresStore: the connection pool (bounded, blocking acquire with a
// timeout, reconnect on reuse) and the transaction object handed to features.
#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "store/backend.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_listener.h"

namespace latchkey::store {
namespace {

using postgres::Connection;

constexpr std::string_view kBeginWriteSql = "BEGIN ISOLATION LEVEL READ COMMITTED";
// REPEATABLE READ: every query of a read transaction sees one snapshot, as a
// SQLite WAL reader does. Read-only transactions never fail serialization.
constexpr std::string_view kBeginReadSql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
// One database-wide key ("LKMIGRAT") shared by every node's migrator.
constexpr std::string_view kMigrationLockSql = "SELECT pg_advisory_xact_lock(5496431436040655188)";
constexpr std::string_view kTableExistsSql =
    "SELECT 1 AS present WHERE to_regclass('schema_migrations') IS NOT NULL";

class PostgresStore;

// A pooled connection, given back when the lease ends.
class Lease {
 public:
  Lease(PostgresStore& store, std::unique_ptr<Connection> connection)
      : store_(store), connection_(std::move(connection)) {}
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();
  Connection& connection() { return *connection_; }

 private:
  PostgresStore& store_;
  std::unique_ptr<Connection> connection_;
};

// See internal::TransactionState for what happens after a failed statement.
// The lease is null once Commit() was called.
class PostgresTransaction final : public internal::LeasedTransaction<Lease> {
 public:
  explicit PostgresTransaction(std::unique_ptr<Lease> lease)
      : LeasedTransaction(std::move(lease), "postgresql") {}
  ~PostgresTransaction() override {
    if (!state_.ended() && !lease_->connection().broken()) {
      (void)lease_->connection().ExecScript("ROLLBACK");
    }
  }
  // pg_notify() rather than NOTIFY: it takes the channel and payload as
  // parameters, so neither needs quoting. The server holds the message back
  // until COMMIT and drops it on rollback.
  Result<void> Notify(std::string_view channel, std::string_view payload) override {
    LK_TRY(state_.CheckUsable());
    LK_TRY(internal::CheckNotification(channel, payload));
    const Value args[] = {std::string(channel), std::string(payload)};
    LK_TRY(state_.Track(lease_->connection().Exec("SELECT pg_notify(?, ?)", args)));
    return {};
  }

 private:
  Result<void> DoCommit() override {
    LK_TRY(state_.CheckUsable());
    // Once COMMIT is sent the transaction is over either way: no ROLLBACK.
    state_.MarkEnded();
    Result<void> committed = lease_->connection().Commit();
    // Given back now rather than at destruction, so that OnCommit hooks may
    // use the store even with a pool of one.
    lease_.reset();
    return committed;
  }
};

class PostgresStore final : public Store {
 public:
  PostgresStore(const StoreOptions& options, std::unique_ptr<Connection> first)
      : url_(options.url),
        acquire_timeout_(options.busy_timeout),
        pool_size_(std::max(1, options.pool_size)) {
    idle_.push_back(std::move(first));
    open_ = 1;
  }

  Dialect dialect() const override { return Dialect::kPostgres; }
  Result<std::unique_ptr<Transaction>> Begin() override {
    LK_ASSIGN_OR_RETURN(auto tx, BeginWith(kBeginWriteSql));
    return std::unique_ptr<Transaction>(std::move(tx));
  }
  Result<std::unique_ptr<Transaction>> BeginRead() override {
    LK_ASSIGN_OR_RETURN(auto tx, BeginWith(kBeginReadSql));
    return std::unique_ptr<Transaction>(std::move(tx));
  }
  Result<std::vector<Row>> QueryOnce(std::string_view sql, std::span<const Value> args) override;
  std::vector<PoolStats> Pools() override {
    std::lock_guard<std::mutex> lock(mu_);
    return {{.pool = "postgres",
             .size = pool_size_,
             .in_use = open_ - static_cast<int>(idle_.size()),
             .waiting = waiting_}};
  }

  Result<std::vector<Row>> QueryOnceUntraced(std::string_view sql, std::span<const Value> args);
  Result<void> Migrate(std::span<const Migration> migrations) override {
    internal::MigrationDriver driver;
    driver.dialect = Dialect::kPostgres;
    driver.begin = [this] { return BeginWith(kBeginWriteSql); };
    driver.lock_sql = kMigrationLockSql;
    driver.table_exists_sql = kTableExistsSql;
    return internal::RunMigrations(driver, migrations);
  }
  Result<std::vector<std::string>> AppliedMigrations() override {
    return internal::ListAppliedMigrations(*this, kTableExistsSql);
  }

  Result<std::unique_ptr<Subscription>> Subscribe(std::string channel,
                                                  std::function<void(std::string_view)> on_message,
                                                  std::function<void(bool)> on_state) override {
    LK_TRY(internal::CheckChannel(channel));
    return postgres::Listen(url_, std::move(channel), std::move(on_message), std::move(on_state));
  }

  // Takes back a connection from a lease that ended.
  void Release(std::unique_ptr<Connection> connection);

 private:
  Result<std::unique_ptr<internal::ScriptTransaction>> BeginWith(std::string_view begin_sql);
  Result<std::unique_ptr<Connection>> Acquire();

  const std::string url_;
  const std::chrono::milliseconds acquire_timeout_;
  const int pool_size_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(mu_)
  int open_ = 0;                                   // GUARDED_BY(mu_): idle + leased
  int waiting_ = 0;                                // GUARDED_BY(mu_)
  metrics::Histogram& wait_ = internal::PoolWaitHistogram("postgres");
};

Lease::~Lease() { store_.Release(std::move(connection_)); }

Result<std::unique_ptr<internal::ScriptTransaction>> PostgresStore::BeginWith(
    std::string_view begin_sql) {
  LK_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Acquire());
  auto lease = std::make_unique<Lease>(*this, std::move(connection));
  Result<void> begun = lease->connection().ExecScript(begin_sql);
  // A pooled connection can die while idle (server restart, idle timeout,
  // pg_terminate_backend); libpq only notices on use. Nothing has happened
  // in the transaction yet, so reconnecting and retrying once is safe.
  if (!begun && lease->connection().broken()) {
    LK_TRY(lease->connection().Reset());
    begun = lease->connection().ExecScript(begin_sql);
  }
  LK_TRY(begun);
  return std::make_unique<PostgresTransaction>(std::move(lease));
}

Result<std::vector<Row>> PostgresStore::QueryOnce(std::string_view sql,
                                                  std::span<const Value> args) {
  return internal::TracedStatement("postgresql", sql, [&] { return QueryOnceUntraced(sql, args); });
}

Result<std::vector<Row>> PostgresStore::QueryOnceUntraced(std::string_view sql,
                                                          std::span<const Value> args) {
  LK_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Acquire());
  Lease lease(*this, std::move(connection));
  auto rows = lease.connection().Query(sql, args);
  // As in BeginWith: a connection that died while idle is retried once; a
  // read has no effect to repeat.
  if (!rows && lease.connection().broken()) {
    LK_TRY(lease.connection().Reset());
    rows = lease.connection().Query(sql, args);
  }
  return rows;
}

Result<std::unique_ptr<Connection>> PostgresStore::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  auto ready = [this] { return !idle_.empty() || open_ < pool_size_; };
  if (!internal::WaitForConnection(lock, cv_, acquire_timeout_, waiting_, wait_, ready)) {
    return Fail(UnavailableError("timed out waiting for a Postgres connection"));
  }
  if (!idle_.empty()) {
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    if (connection->broken()) {
      Result<void> reset = connection->Reset();
      // Keep the broken connection counted and pooled: the next acquire
      // tries again, so a restarted server is picked up without a restart.
      if (!reset) {
        Release(std::move(connection));
        return Fail(std::move(reset).error());
      }
    }
    return connection;
  }
  ++open_;
  lock.unlock();  // connecting takes a round trip or more.
  auto connection = Connection::Open(url_);
  if (!connection) {
    lock.lock();
    --open_;
    cv_.notify_one();
  }
  return connection;
}

void PostgresStore::Release(std::unique_ptr<Connection> connection) {
  // A live connection still inside a transaction (ROLLBACK failed) would
  // leak that transaction's state into the next user: drop it.
  const bool keep = connection->broken() || connection->idle();
  if (!keep) connection.reset();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (keep) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;
    }
  }
  cv_.notify_one();
}

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const StoreOptions& options) {
  LK_ASSIGN_OR_RETURN(auto first, Connection::Open(options.url));
  return std::unique_ptr<Store>(std::make_unique<PostgresStore>(options, std::move(first)));
}

}  // namespace latchkey::store

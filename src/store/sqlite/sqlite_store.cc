// SqliteStore: the writer connection handed out one transaction at a time,
// and the transaction object handed to features.
#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "store/backend.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_notifications.h"

namespace latchkey::store {
namespace {

using sqlite::Connection;

constexpr std::string_view kTableExistsSql =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";

// Gives a connection back to its owner when the transaction ends.
class Lease {
 public:
  virtual ~Lease() = default;
  virtual Connection& connection() = 0;
};

// A transaction on a leased connection; see internal::TransactionState for
// what happens after a failed statement. The lease is null once committed.
class SqliteTransaction final : public internal::LeasedTransaction<Lease> {
 public:
  SqliteTransaction(std::unique_ptr<Lease> lease, bool record_notifications)
      : LeasedTransaction(std::move(lease), "sqlite"),
        record_notifications_(record_notifications) {}
  ~SqliteTransaction() override {
    if (!state_.ended()) (void)lease_->connection().Run("ROLLBACK");
  }
  // The server's own announcements need no record: the caller's OnCommit()
  // hook looks after its cache. A command-line process records its own for
  // the server to poll (sqlite_notifications.h).
  Result<void> Notify(std::string_view channel, std::string_view payload) override {
    LK_TRY(state_.CheckUsable());
    LK_TRY(internal::CheckNotification(channel, payload));
    if (!record_notifications_) return {};
    return state_.Track(sqlite::RecordNotification(lease_->connection(), channel, payload));
  }

 private:
  Result<void> DoCommit() override {
    LK_TRY(state_.CheckUsable());
    // A failed COMMIT (a deferred foreign key) leaves the transaction open
    // for the destructor to roll back, so the lease stays until then.
    LK_TRY(state_.Track(lease_->connection().Run("COMMIT")));
    state_.MarkEnded();
    // Given back now rather than at destruction, so that OnCommit hooks may
    // use the store (a nested Begin() on this thread would be refused).
    lease_.reset();
    return {};
  }

  const bool record_notifications_;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(const StoreOptions& options, std::string path, std::unique_ptr<Connection> writer)
      : path_(std::move(path)),
        busy_timeout_(options.busy_timeout),
        pool_size_(std::max(1, options.pool_size)),
        record_notifications_(options.record_notifications && !path_.empty()),
        writer_(std::move(writer)) {}

  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<std::unique_ptr<Transaction>> Begin() override {
    LK_ASSIGN_OR_RETURN(auto tx, BeginWrite());
    return std::unique_ptr<Transaction>(std::move(tx));
  }
  Result<std::unique_ptr<Transaction>> BeginRead() override;
  Result<std::vector<Row>> QueryOnce(std::string_view sql, std::span<const Value> args) override;
  std::vector<PoolStats> Pools() override;

  Result<void> Migrate(std::span<const Migration> migrations) override {
    internal::MigrationDriver driver;
    driver.dialect = Dialect::kSqlite;
    driver.begin = [this] { return BeginWrite(); };
    driver.table_exists_sql = kTableExistsSql;
    return internal::RunMigrations(driver, migrations);
  }
  Result<std::vector<std::string>> AppliedMigrations() override {
    return internal::ListAppliedMigrations(*this, kTableExistsSql);
  }
  // A file may be written by a command-line process too: poll what it
  // records. In memory every write is this process's own: live from the
  // start, and no messages.
  Result<std::unique_ptr<Subscription>> Subscribe(std::string channel,
                                                  std::function<void(std::string_view)> on_message,
                                                  std::function<void(bool)> on_state) override {
    LK_TRY(internal::CheckChannel(channel));
    if (!memory()) {
      return sqlite::PollNotifications(path_, busy_timeout_, std::move(channel),
                                       std::move(on_message), std::move(on_state));
    }
    if (on_state) on_state(true);
    return std::make_unique<Subscription>();
  }

 private:
  class WriterLease;
  class ReaderLease;

  bool memory() const { return path_.empty(); }
  Result<std::unique_ptr<internal::ScriptTransaction>> BeginWrite();
  Result<std::unique_ptr<WriterLease>> LockWriter();
  Result<std::unique_ptr<Connection>> AcquireReader();
  // A reader connection (the writer, query-only, for :memory:).
  Result<std::unique_ptr<Lease>> LeaseReader();
  void ReleaseReader(std::unique_ptr<Connection> reader);

  const std::string path_;  // empty for the in-memory store
  const std::chrono::milliseconds busy_timeout_;
  const int pool_size_;
  const bool record_notifications_;

  // The writer is a flag under a plain mutex rather than a timed_mutex held
  // for the transaction's life: the waits stay bounded, ThreadSanitizer
  // understands it, and a transaction may end on another thread.
  std::mutex writer_mu_;
  std::condition_variable writer_cv_;
  bool writer_busy_ = false;  // GUARDED_BY(writer_mu_)
  int writer_waiting_ = 0;    // GUARDED_BY(writer_mu_)
  metrics::Histogram& writer_wait_ = internal::PoolWaitHistogram("sqlite_writer");
  // The thread holding the writer, so that a nested Begin() on that thread
  // fails at once instead of waiting on itself.
  std::atomic<std::thread::id> writer_owner_;
  const std::unique_ptr<Connection> writer_;  // used only by the writer_busy_ holder

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // GUARDED_BY(pool_mu_)
  int open_readers_ = 0;                                   // GUARDED_BY(pool_mu_)
  int readers_waiting_ = 0;                                // GUARDED_BY(pool_mu_)
  metrics::Histogram& reader_wait_ = internal::PoolWaitHistogram("sqlite_readers");
};

class SqliteStore::WriterLease final : public Lease {
 public:
  // REQUIRES: the caller set store.writer_busy_.
  explicit WriterLease(SqliteStore& store) : store_(store) {
    store_.writer_owner_ = std::this_thread::get_id();
  }
  ~WriterLease() override {
    if (query_only_) (void)store_.writer_->Run("PRAGMA query_only=OFF");
    store_.writer_owner_ = std::thread::id();
    {
      std::lock_guard<std::mutex> lock(store_.writer_mu_);
      store_.writer_busy_ = false;
    }
    store_.writer_cv_.notify_one();
  }
  Connection& connection() override { return *store_.writer_; }
  // For a read transaction on the in-memory store's single connection.
  Result<void> MakeQueryOnly() {
    LK_TRY(store_.writer_->Run("PRAGMA query_only=ON"));
    query_only_ = true;
    return {};
  }

 private:
  SqliteStore& store_;
  bool query_only_ = false;
};

class SqliteStore::ReaderLease final : public Lease {
 public:
  ReaderLease(SqliteStore& store, std::unique_ptr<Connection> reader)
      : store_(store), reader_(std::move(reader)) {}
  ~ReaderLease() override { store_.ReleaseReader(std::move(reader_)); }
  Connection& connection() override { return *reader_; }

 private:
  SqliteStore& store_;
  std::unique_ptr<Connection> reader_;
};

Result<std::unique_ptr<SqliteStore::WriterLease>> SqliteStore::LockWriter() {
  if (writer_owner_.load() == std::this_thread::get_id()) {
    return Fail(InternalError(
        "SQLite transaction opened while this thread already holds the writer (would deadlock)"));
  }
  {
    std::unique_lock<std::mutex> lock(writer_mu_);
    if (!internal::WaitForConnection(lock, writer_cv_, busy_timeout_, writer_waiting_, writer_wait_,
                                     [this] { return !writer_busy_; })) {
      return Fail(UnavailableError("timed out waiting for the SQLite writer connection"));
    }
    writer_busy_ = true;
  }
  return std::make_unique<WriterLease>(*this);
}

Result<std::unique_ptr<internal::ScriptTransaction>> SqliteStore::BeginWrite() {
  LK_ASSIGN_OR_RETURN(std::unique_ptr<WriterLease> lease, LockWriter());
  // IMMEDIATE takes the write lock now, so a transaction never fails
  // half-way because another process got the lock first.
  LK_TRY(writer_->Run("BEGIN IMMEDIATE"));
  return std::make_unique<SqliteTransaction>(std::move(lease), record_notifications_);
}

Result<std::unique_ptr<Lease>> SqliteStore::LeaseReader() {
  if (memory()) {
    LK_ASSIGN_OR_RETURN(std::unique_ptr<WriterLease> writer, LockWriter());
    LK_TRY(writer->MakeQueryOnly());
    return std::unique_ptr<Lease>(std::move(writer));
  }
  LK_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  return std::unique_ptr<Lease>(std::make_unique<ReaderLease>(*this, std::move(reader)));
}

Result<std::vector<Row>> SqliteStore::QueryOnce(std::string_view sql, std::span<const Value> args) {
  return internal::TracedStatement("sqlite", sql, [&]() -> Result<std::vector<Row>> {
    LK_ASSIGN_OR_RETURN(std::unique_ptr<Lease> lease, LeaseReader());
    return lease->connection().Query(sql, args);
  });
}

Result<std::unique_ptr<Transaction>> SqliteStore::BeginRead() {
  LK_ASSIGN_OR_RETURN(std::unique_ptr<Lease> lease, LeaseReader());
  LK_TRY(lease->connection().Run("BEGIN DEFERRED"));
  return std::unique_ptr<Transaction>(
      std::make_unique<SqliteTransaction>(std::move(lease), /*record_notifications=*/false));
}

Result<std::unique_ptr<Connection>> SqliteStore::AcquireReader() {
  std::unique_lock<std::mutex> lock(pool_mu_);
  auto ready = [this] { return !idle_readers_.empty() || open_readers_ < pool_size_; };
  if (!internal::WaitForConnection(lock, pool_cv_, busy_timeout_, readers_waiting_, reader_wait_,
                                   ready)) {
    return Fail(UnavailableError("timed out waiting for a SQLite reader connection"));
  }
  if (!idle_readers_.empty()) {
    std::unique_ptr<Connection> reader = std::move(idle_readers_.back());
    idle_readers_.pop_back();
    return reader;
  }
  ++open_readers_;
  lock.unlock();  // opening touches the disk; other threads may use the pool meanwhile.
  auto reader = Connection::Open(path_, Connection::Mode::kReader, busy_timeout_);
  if (!reader) {
    lock.lock();
    --open_readers_;
    pool_cv_.notify_one();
  }
  return reader;
}

std::vector<PoolStats> SqliteStore::Pools() {
  std::vector<PoolStats> pools;
  {
    std::lock_guard<std::mutex> lock(writer_mu_);
    pools.push_back({.pool = "sqlite_writer",
                     .size = 1,
                     .in_use = writer_busy_ ? 1 : 0,
                     .waiting = writer_waiting_});
  }
  if (memory()) return pools;  // readers take turns on the writer
  std::lock_guard<std::mutex> lock(pool_mu_);
  pools.push_back({.pool = "sqlite_readers",
                   .size = pool_size_,
                   .in_use = open_readers_ - static_cast<int>(idle_readers_.size()),
                   .waiting = readers_waiting_});
  return pools;
}

void SqliteStore::ReleaseReader(std::unique_ptr<Connection> reader) {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    idle_readers_.push_back(std::move(reader));
  }
  pool_cv_.notify_one();
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteFileStore(const StoreOptions& options,
                                                   const std::string& path) {
  LK_ASSIGN_OR_RETURN(auto writer,
                      Connection::Open(path, Connection::Mode::kWriter, options.busy_timeout));
  LK_TRY(sqlite::CreateNotificationTable(*writer));
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(options, path, std::move(writer)));
}

Result<std::unique_ptr<Store>> OpenSqliteMemoryStore(const StoreOptions& options) {
  LK_ASSIGN_OR_RETURN(auto connection,
                      Connection::Open("", Connection::Mode::kMemory, options.busy_timeout));
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(options, "", std::move(connection)));
}

}  // namespace latchkey::store

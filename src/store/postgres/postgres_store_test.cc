// The Store contract on a real PostgreSQL, plus what only this backend
// promises: pool timeouts, reconnecting, serialization failures, migrators
// on several nodes, and a listener that waits out a refusing server. Runs
// when LK_TEST_POSTGRES_URL is set (see scripts/test-postgres.sh); each test
// gets a fresh schema of its own, so runs do not disturb each other or the
// database's other contents.
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/testing/store_contract.h"
#include "store/testing/store_contract_util.h"

namespace latchkey::store {
namespace {

using testing::CountRows;
using testing::Inbox;
using testing::KindOf;
using testing::QueryRows;
using testing::RunSql;
using testing::Send;
using testing::StoreContractParam;
using testing::StoreContractTest;

constexpr const char* kSkipReason =
    "LK_TEST_POSTGRES_URL is not set: run `scripts/test-postgres.sh start` and export the URL "
    "it prints";

// LK_TEST_POSTGRES_DSN is the name style.md uses; the URL name wins.
const char* BaseUrl() {
  for (const char* name : {"LK_TEST_POSTGRES_URL", "LK_TEST_POSTGRES_DSN"}) {
    const char* url = std::getenv(name);
    if (url != nullptr && *url != '\0') return url;
  }
  return nullptr;
}

// Creates one schema per test through a side connection and drops them all
// when the binary exits.
class SchemaEnvironment : public ::testing::Environment {
 public:
  // REQUIRES: BaseUrl() != nullptr. Returns a URL whose search_path is a
  // new, empty schema, or "" after a failure.
  static std::string NewSchemaUrl() {
    std::lock_guard<std::mutex> lock(mu_);
    if (admin_ == nullptr) {
      admin_ = PQconnectdb(BaseUrl());
      PQsetNoticeProcessor(
          admin_, [](void*, const char*) {}, nullptr);  // DROP ... CASCADE chatter
    }
    const std::string schema =
        "lk_test_" + std::to_string(::getpid()) + "_" + std::to_string(schemas_.size());
    if (!Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema)) return "";
    schemas_.push_back(schema);
    const std::string base = BaseUrl();
    const char separator = base.find('?') == std::string::npos ? '?' : '&';
    return base + separator + "options=-csearch_path%3D" + schema;
  }
  // Runs `sql` on the side connection (e.g. to kill a backend).
  static bool Exec(const std::string& sql) {
    PGresult* result = PQexec(admin_, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok) ADD_FAILURE() << sql << ": " << PQerrorMessage(admin_);
    PQclear(result);
    return ok;
  }
  void TearDown() override {
    if (admin_ == nullptr) return;
    for (const std::string& schema : schemas_) Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    PQfinish(admin_);
    admin_ = nullptr;
  }

 private:
  static inline std::mutex mu_;
  static inline PGconn* admin_ = nullptr;
  static inline std::vector<std::string> schemas_;
};

[[maybe_unused]] const auto* const kSchemas =
    ::testing::AddGlobalTestEnvironment(new SchemaEnvironment);

std::unique_ptr<Store> OpenOrDie(StoreOptions options) {
  auto store = Store::Open(options);
  if (!store) {
    ADD_FAILURE() << "Store::Open: " << testing::DescribeError(store.error());
    return nullptr;
  }
  return std::move(*store);
}

StoreContractParam PostgresParam() {
  return {"Postgres",
          []() -> std::unique_ptr<Store> {
            if (BaseUrl() == nullptr) return nullptr;
            return OpenOrDie({SchemaEnvironment::NewSchemaUrl()});
          },
          kSkipReason, true};
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreContractTest, ::testing::Values(PostgresParam()),
                         testing::StoreContractParamName);

#define LK_REQUIRE_POSTGRES() \
  if (BaseUrl() == nullptr) GTEST_SKIP() << kSkipReason

TEST(PostgresStoreTest, UnreachableServerIsUnavailableWithoutLeakingThePassword) {
  for (const char* url : {"postgres://lk:s3cret-pw@127.0.0.1:1/x?connect_timeout=2",
                          "postgresql://lk:s3cret-pw@127.0.0.1:1/x?connect_timeout=2"}) {
    auto store = Store::Open({url});
    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().kind, ErrorKind::kUnavailable) << url;
    EXPECT_EQ(store.error().detail.find("s3cret-pw"), std::string::npos) << store.error().detail;
  }
}

TEST(PostgresStoreTest, PoolWaitIsBounded) {
  LK_REQUIRE_POSTGRES();
  StoreOptions options{SchemaEnvironment::NewSchemaUrl()};
  options.pool_size = 1;
  options.busy_timeout = std::chrono::milliseconds(50);
  auto store = OpenOrDie(options);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->dialect(), Dialect::kPostgres);
  {
    LK_ASSERT_OK_AND_ASSIGN(auto held, store->Begin());
    EXPECT_EQ(KindOf(store->BeginRead()), ErrorKind::kUnavailable);
  }
  LK_ASSERT_OK(store->Ping());  // the connection came back
}

TEST(PostgresStoreTest, ReconnectsAfterTheServerDropsAConnection) {
  LK_REQUIRE_POSTGRES();
  StoreOptions options{SchemaEnvironment::NewSchemaUrl()};
  options.pool_size = 1;
  auto store = OpenOrDie(options);
  ASSERT_NE(store, nullptr);
  LK_ASSERT_OK_AND_ASSIGN(auto rows, QueryRows(*store, "SELECT pg_backend_pid() AS pid"));
  const std::int64_t pid = rows[0].GetInt("pid").value_or(0);
  ASSERT_TRUE(SchemaEnvironment::Exec("SELECT pg_terminate_backend(" + std::to_string(pid) + ")"));
  // Termination is asynchronous; wait until the backend is gone.
  for (int i = 0; i < 100; ++i) {
    PGconn* probe = PQconnectdb(BaseUrl());
    PGresult* gone = PQexec(
        probe, ("SELECT 1 FROM pg_stat_activity WHERE pid = " + std::to_string(pid)).c_str());
    const bool done = PQntuples(gone) == 0;
    PQclear(gone);
    PQfinish(probe);
    if (done) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  LK_ASSERT_OK_AND_ASSIGN(auto again, QueryRows(*store, "SELECT pg_backend_pid() AS pid"));
  EXPECT_NE(again[0].GetInt("pid").value_or(pid), pid);
  LK_ASSERT_OK(RunSql(*store, "CREATE TABLE after_reconnect (id BIGINT)"));
}

TEST(PostgresStoreTest, SerializationFailureIsReported) {
  LK_REQUIRE_POSTGRES();
  auto store = OpenOrDie({SchemaEnvironment::NewSchemaUrl()});
  ASSERT_NE(store, nullptr);
  LK_ASSERT_OK(RunSql(*store, "CREATE TABLE counters (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)"));
  LK_ASSERT_OK(RunSql(*store, "INSERT INTO counters (id, n) VALUES (1, 0)"));
  LK_ASSERT_OK_AND_ASSIGN(auto first, store->Begin());
  LK_ASSERT_OK_AND_ASSIGN(auto second, store->Begin());
  for (auto* tx : {first.get(), second.get()}) {
    LK_ASSERT_OK(tx->Exec("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
    LK_ASSERT_OK(tx->Query("SELECT n FROM counters WHERE id = 1"));
  }
  LK_ASSERT_OK(first->Exec("UPDATE counters SET n = n + 1 WHERE id = 1"));
  LK_ASSERT_OK(first->Commit());
  auto lost = second->Exec("UPDATE counters SET n = n + 1 WHERE id = 1");
  ASSERT_FALSE(lost.has_value());
  EXPECT_EQ(lost.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(lost.error().code, "STORE_SERIALIZATION_FAILURE");
}

TEST(PostgresStoreTest, MigratorsOnSeveralNodesApplyOnce) {
  LK_REQUIRE_POSTGRES();
  const std::string url = SchemaEnvironment::NewSchemaUrl();
  const Migration migrations[] = {
      {"n/0001", "CREATE TABLE nodes (id BIGINT PRIMARY KEY)", "", ""},
      {"n/0002", "INSERT INTO nodes (id) VALUES (1)", "", ""},
  };
  std::vector<std::unique_ptr<Store>> nodes;
  for (int i = 0; i < 3; ++i) nodes.push_back(OpenOrDie({url}));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (auto& node : nodes) {
    ASSERT_NE(node, nullptr);
    threads.emplace_back([&, store = node.get()] {
      if (!store->Migrate(migrations)) ++failures;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountRows(*nodes[0], "nodes").value_or(-1), 1);
  LK_ASSERT_OK_AND_ASSIGN(auto applied, nodes[1]->AppliedMigrations());
  EXPECT_EQ(applied, (std::vector<std::string>{"n/0001", "n/0002"}));
}

// BaseUrl() naming database `name` instead.
std::string UrlWithDatabase(const std::string& name) {
  std::string url = BaseUrl();
  const std::size_t query = std::min(url.find('?'), url.size());
  const std::size_t slash = url.rfind('/', query);
  return url.substr(0, slash + 1) + name + url.substr(query);
}

// A database of its own for one test, dropped at scope exit. Refusing new
// connections, which the listener tests need the server to do, is a
// per-database switch.
class ScratchDatabase {
 public:
  ScratchDatabase() : name_("lk_test_scratch_" + std::to_string(::getpid())) {
    (void)SchemaEnvironment::NewSchemaUrl();  // opens the side connection
    ok_ = SchemaEnvironment::Exec("DROP DATABASE IF EXISTS " + name_) &&
          SchemaEnvironment::Exec("CREATE DATABASE " + name_);
  }
  ~ScratchDatabase() {
    AllowConnections(true);
    SchemaEnvironment::Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }
  bool ok() const { return ok_; }
  std::string url() const { return UrlWithDatabase(name_); }
  // Open connections stay; new ones are refused while false.
  bool AllowConnections(bool allow) {
    return SchemaEnvironment::Exec("ALTER DATABASE " + name_ + " ALLOW_CONNECTIONS " +
                                   (allow ? "true" : "false"));
  }
  bool KillListeners() {
    return SchemaEnvironment::Exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name_ +
        "' AND application_name = 'latchkey-listener'");
  }

 private:
  std::string name_;
  bool ok_ = false;
};

TEST(PostgresStoreTest, SubscriptionWaitsOutAServerThatRefusesConnections) {
  LK_REQUIRE_POSTGRES();
  ScratchDatabase db;
  ASSERT_TRUE(db.ok());
  auto store = OpenOrDie({db.url()});  // its pooled connection stays open throughout
  ASSERT_NE(store, nullptr);
  Inbox inbox;
  LK_ASSERT_OK_AND_ASSIGN(auto subscription,
                          store->Subscribe("lk_refuse", inbox.OnMessage(), inbox.OnState()));
  ASSERT_TRUE(db.AllowConnections(false));
  ASSERT_TRUE(db.KillListeners());
  EXPECT_EQ(inbox.WaitStates(2, std::chrono::seconds(5)), (std::vector<bool>{true, false}));

  Inbox refused;
  EXPECT_EQ(KindOf(store->Subscribe("lk_refuse", refused.OnMessage(), refused.OnState())),
            ErrorKind::kUnavailable);
  EXPECT_TRUE(refused.states().empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // a few failed attempts
  EXPECT_EQ(inbox.states(), (std::vector<bool>{true, false}));

  ASSERT_TRUE(db.AllowConnections(true));
  EXPECT_EQ(inbox.WaitStates(3, std::chrono::seconds(5)), (std::vector<bool>{true, false, true}));
  LK_ASSERT_OK(Send(*store, "lk_refuse", {"back"}));
  EXPECT_EQ(inbox.WaitMessages(1), std::vector<std::string>{"back"});

  // Destroyed while it backs off between refused attempts.
  ASSERT_TRUE(db.AllowConnections(false));
  ASSERT_TRUE(db.KillListeners());
  EXPECT_EQ(inbox.WaitStates(4, std::chrono::seconds(5)).size(), 4u);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  const auto started = std::chrono::steady_clock::now();
  subscription.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  EXPECT_EQ(inbox.states(), (std::vector<bool>{true, false, true, false}));
}

}  // namespace
}  // namespace latchkey::store

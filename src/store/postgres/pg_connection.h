// One libpq connection with its per-connection prepared statements, the
// conversion of results to Rows and of SQLSTATEs to store errors. Internal
// to store/postgres/.
#ifndef LK_STORE_POSTGRES_PG_CONNECTION_H_
#define LK_STORE_POSTGRES_PG_CONNECTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "store/store.h"

struct pg_conn;
struct pg_result;

namespace latchkey::store::postgres {

// A libpq message (they end in a newline and may span lines) as one line
// for a log detail; "" for nullptr.
std::string OneLine(const char* message);

// Checks that libpq can parse `url` before anything connects with it: a URL
// libpq cannot parse (bad percent-encoding, unknown parameter) makes libpq
// quote the offending part, which may be the password. Errors: kUnavailable
// with a detail that does not quote the URL.
Result<void> CheckUrlParses(const std::string& url);

// Thread-safety: none. The pool hands a connection to one transaction at a
// time.
class Connection {
 public:
  // Connects to `url` (a postgres:// URI). Errors: kUnavailable when the
  // server cannot be reached or refuses us; the detail never holds the URL.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // True once libpq has seen the connection fail.
  bool broken() const;
  // True when no transaction is open (safe to hand to the next user).
  bool idle() const;
  // Reconnects with the original parameters and forgets prepared
  // statements. Errors: kUnavailable.
  Result<void> Reset();

  // One statement with `?` arguments; the contract of Transaction::Exec /
  // Transaction::Query.
  Result<std::int64_t> Exec(std::string_view sql, std::span<const Value> args);
  Result<std::vector<Row>> Query(std::string_view sql, std::span<const Value> args);
  // Several statements, no arguments (migrations, BEGIN, ROLLBACK).
  Result<void> ExecScript(std::string_view sql);
  // COMMIT. Errors: kConflict STORE_SERIALIZATION_FAILURE, or kInternal when
  // the server rolled the transaction back instead.
  Result<void> Commit();

 private:
  struct ResultDeleter {
    void operator()(pg_result* result) const;
  };
  using ResultPtr = std::unique_ptr<pg_result, ResultDeleter>;
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  struct Prepared {
    std::string name;  // empty: not cached, run as an unnamed statement
    std::string text;  // only kept for unnamed statements
    int placeholders = 0;
  };

  explicit Connection(pg_conn* conn) : conn_(conn) {}
  // Runs one statement and returns its successful result.
  Result<ResultPtr> Run(std::string_view sql, std::span<const Value> args);
  Result<Prepared> Prepare(std::string_view sql);
  Error ToError(const pg_result* result, std::string_view sql);

  pg_conn* conn_;
  std::unordered_map<std::string, Prepared, StringHash, std::equal_to<>> prepared_;
  std::uint64_t next_statement_ = 0;
};

}  // namespace latchkey::store::postgres

#endif  // LK_STORE_POSTGRES_PG_CONNECTION_H_

// One sqlite3 handle with its prepared-statement cache, and the mapping of
// SQLite result codes to store errors. Internal to store/sqlite/.
#ifndef LK_STORE_SQLITE_SQLITE_CONNECTION_H_
#define LK_STORE_SQLITE_SQLITE_CONNECTION_H_

#include <chrono>
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

struct sqlite3;
struct sqlite3_stmt;

namespace latchkey::store::sqlite {

// Thread-safety: none. The owner (SqliteStore) hands a connection to one
// transaction at a time.
class Connection {
 public:
  enum class Mode {
    kWriter,  // read-write file, WAL, synchronous=FULL
    kReader,  // read-only file
    kMemory,  // private in-memory database
  };

  // Opens `path` (ignored for kMemory). Errors: kUnavailable when the file
  // cannot be opened, naming the path (and a missing directory) in detail.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, Mode mode,
                                                  std::chrono::milliseconds busy_timeout);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // One statement with `?` arguments; the contract of Transaction::Exec /
  // Transaction::Query. More than one statement is kInternal.
  Result<std::int64_t> Exec(std::string_view sql, std::span<const Value> args);
  Result<std::vector<Row>> Query(std::string_view sql, std::span<const Value> args);
  // One cached statement without arguments (BEGIN, COMMIT, ROLLBACK).
  Result<void> Run(std::string_view sql);
  // Several statements, no arguments, compiled on each call (migrations).
  Result<void> ExecScript(std::string_view sql);

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using StatementCache =
      std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>>;

  explicit Connection(sqlite3* db) : db_(db) {}
  Result<void> Configure(Mode mode, std::chrono::milliseconds busy_timeout);
  // A cached statement with `args` bound. REQUIRES: the caller resets it.
  Result<sqlite3_stmt*> PrepareAndBind(std::string_view sql, std::span<const Value> args);
  Result<sqlite3_stmt*> Prepare(std::string_view sql);
  Result<std::string> PragmaValue(std::string_view sql);
  Error ToError(int rc, std::string_view sql) const;

  sqlite3* db_;
  StatementCache cache_;
};

}  // namespace latchkey::store::sqlite

#endif  // LK_STORE_SQLITE_SQLITE_CONNECTION_H_

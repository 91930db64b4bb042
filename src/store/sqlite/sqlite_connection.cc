// sqlite3 handle setup (pragmas), the per-connection statement cache, value
// binding and reading, and SQLite result codes mapped to store errors.
#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <cctype>
#include <filesystem>
#include <string>
#include <utility>

#include "store/backend.h"
#include "store/errors.h"

namespace latchkey::store::sqlite {
namespace {

// Features use a fixed set of statements, so the cache stays far below
// this; the bound only guards against SQL built at run time.
constexpr std::size_t kMaxCachedStatements = 512;

// Returns a statement to its idle state, so that it holds no read snapshot
// open and keeps no pointer into the caller's argument strings.
class StatementReset {
 public:
  explicit StatementReset(sqlite3_stmt* stmt) : stmt_(stmt) {}
  StatementReset(const StatementReset&) = delete;
  StatementReset& operator=(const StatementReset&) = delete;
  ~StatementReset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3_stmt* stmt_;
};

bool OnlySeparators(const char* begin, const char* end) {
  for (const char* p = begin; p < end; ++p) {
    if (!std::isspace(static_cast<unsigned char>(*p)) && *p != ';') return false;
  }
  return true;
}

Error OpenError(const std::string& path, std::string_view message) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return UnavailableError("cannot open SQLite database '" + path + "': directory '" +
                            dir.string() + "' does not exist");
  }
  return UnavailableError("cannot open SQLite database '" + path + "': " + std::string(message));
}

Value ColumnValue(sqlite3_stmt* stmt, int column) {
  switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_column_int64(stmt, column));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, column);
    case SQLITE_NULL:
      return nullptr;
    default: {  // TEXT and BLOB are both bytes to us.
      const void* data = sqlite3_column_blob(stmt, column);
      int size = sqlite3_column_bytes(stmt, column);
      if (data == nullptr) return std::string();
      return std::string(static_cast<const char*>(data), static_cast<std::size_t>(size));
    }
  }
}

std::shared_ptr<const std::vector<std::string>> ColumnNames(sqlite3_stmt* stmt) {
  auto names = std::make_shared<std::vector<std::string>>();
  int count = sqlite3_column_count(stmt);
  names->reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    const char* raw = sqlite3_column_name(stmt, i);
    std::string name = raw != nullptr ? raw : "";
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    names->push_back(std::move(name));
  }
  return names;
}

int BindOne(sqlite3_stmt* stmt, int index, const Value& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    return sqlite3_bind_int64(stmt, index, *i);
  }
  if (const auto* d = std::get_if<double>(&value)) return sqlite3_bind_double(stmt, index, *d);
  if (const auto* s = std::get_if<std::string>(&value)) {
    // SQLITE_STATIC: the statement is reset (bindings cleared) before the
    // caller's arguments go out of scope.
    return sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
  }
  return sqlite3_bind_null(stmt, index);
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, Mode mode,
                                                     std::chrono::milliseconds busy_timeout) {
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |=
      mode == Mode::kReader ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const std::string name = mode == Mode::kMemory ? ":memory:" : path;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(name.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Fail(OpenError(name, message));
  }
  std::unique_ptr<Connection> connection(new Connection(db));
  // SQLite opens files lazily: a missing directory shows up at the first
  // pragma rather than in sqlite3_open_v2.
  Result<void> configured = connection->Configure(mode, busy_timeout);
  if (!configured) {
    if (mode == Mode::kMemory) return Fail(std::move(configured).error());
    return Fail(OpenError(name, configured.error().detail));
  }
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<void> Connection::Configure(Mode mode, std::chrono::milliseconds busy_timeout) {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, static_cast<int>(busy_timeout.count()));
  // Hardening: no writable_schema tricks, no functions run from the schema.
  sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  LK_TRY(ExecScript("PRAGMA foreign_keys=ON"));
  if (mode != Mode::kWriter) return {};
  LK_ASSIGN_OR_RETURN(std::string journal, PragmaValue("PRAGMA journal_mode=WAL"));
  if (journal != "wal") {
    return Fail(UnavailableError("SQLite refused WAL mode (journal_mode=" + journal + ")"));
  }
  // FULL: a write acknowledged to a client survives power loss.
  return ExecScript("PRAGMA synchronous=FULL");
}

Result<std::int64_t> Connection::Exec(std::string_view sql, std::span<const Value> args) {
  LK_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, PrepareAndBind(sql, args));
  StatementReset reset(stmt);
  // changes() keeps the count of the last INSERT/UPDATE/DELETE, so DDL would
  // report a stale number; the total tells whether this statement changed rows.
  sqlite3_int64 before = sqlite3_total_changes64(db_);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) return Fail(ToError(rc, sql));
  if (sqlite3_total_changes64(db_) == before) return 0;
  return static_cast<std::int64_t>(sqlite3_changes64(db_));
}

Result<std::vector<Row>> Connection::Query(std::string_view sql, std::span<const Value> args) {
  LK_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, PrepareAndBind(sql, args));
  StatementReset reset(stmt);
  auto names = ColumnNames(stmt);
  std::vector<Row> rows;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::vector<Value> values;
    values.reserve(names->size());
    for (int i = 0; i < static_cast<int>(names->size()); ++i)
      values.push_back(ColumnValue(stmt, i));
    rows.emplace_back(names, std::move(values));
  }
  if (rc != SQLITE_DONE) return Fail(ToError(rc, sql));
  return rows;
}

Result<void> Connection::Run(std::string_view sql) {
  LK_TRY(Exec(sql, {}));
  return {};
}

Result<void> Connection::ExecScript(std::string_view sql) {
  const std::string text(sql);  // sqlite3_exec wants a NUL-terminated string.
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);  // the same text is still in sqlite3_errmsg().
  if (rc != SQLITE_OK) return Fail(ToError(rc, sql));
  return {};
}

Result<sqlite3_stmt*> Connection::PrepareAndBind(std::string_view sql,
                                                 std::span<const Value> args) {
  LK_TRY(internal::CheckArgs(args));
  LK_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
  int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(args.size())) {
    return Fail(InternalError("statement takes " + std::to_string(expected) + " arguments, got " +
                              std::to_string(args.size()) + ": " + internal::SqlForDetail(sql)));
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    int rc = BindOne(stmt, static_cast<int>(i) + 1, args[i]);
    if (rc != SQLITE_OK) {
      sqlite3_clear_bindings(stmt);
      return Fail(ToError(rc, sql));
    }
  }
  return stmt;
}

Result<sqlite3_stmt*> Connection::Prepare(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return Fail(ToError(rc, sql));
  if (stmt == nullptr) return Fail(InternalError("empty SQL statement"));
  // One statement per call, as on Postgres: text after the first statement
  // would otherwise be ignored without a word.
  if (!OnlySeparators(tail, sql.data() + sql.size())) {
    sqlite3_finalize(stmt);
    return Fail(
        InternalError("more than one SQL statement in one call: " + internal::SqlForDetail(sql)));
  }
  if (cache_.size() >= kMaxCachedStatements) {
    for (auto& [cached_sql, cached] : cache_) sqlite3_finalize(cached);
    cache_.clear();
  }
  cache_.emplace(std::string(sql), stmt);
  return stmt;
}

Result<std::string> Connection::PragmaValue(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return Fail(ToError(rc, sql));
  std::string value;
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    if (text != nullptr) value = reinterpret_cast<const char*>(text);
    rc = SQLITE_DONE;
  }
  Error error = rc == SQLITE_DONE ? Error{} : ToError(rc, sql);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return Fail(std::move(error));
  return value;
}

Error Connection::ToError(int rc, std::string_view sql) const {
  std::string detail = std::string("sqlite: ") + sqlite3_errmsg(db_) + " [" + sqlite3_errstr(rc) +
                       "] in: " + internal::SqlForDetail(sql);
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return ConflictError(std::move(detail));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return UnavailableError(std::move(detail));
    default:
      return InternalError(std::move(detail));
  }
}

}  // namespace latchkey::store::sqlite

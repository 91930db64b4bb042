// libpq calls: connecting, preparing each SQL text once per connection,
// sending arguments as text, reading results by column type, and SQLSTATEs
// mapped to store errors.
#include "store/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <cctype>
#include <charconv>
#include <utility>

#include "store/backend.h"
#include "store/errors.h"
#include "store/postgres/placeholders.h"

namespace latchkey::store::postgres {
namespace {

// Type OIDs from pg_type.h (a server header that libpq-dev does not ship).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// Features use a fixed set of statements; past this bound (SQL built at run
// time) statements run unnamed instead of filling the server's memory.
constexpr std::size_t kMaxPreparedStatements = 512;

// libpq prints notices ("relation already exists, skipping") to stderr.
void IgnoreNotice(void*, const char*) {}

template <class T>
bool ParseNumber(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// NUMERIC (e.g. SUM over BIGINT) comes back as an integer when it is one,
// as SQLite's SUM does, so GetInt() works on both backends.
Result<Value> ParseValue(Oid type, std::string_view text) {
  std::int64_t integer = 0;
  double real = 0;
  switch (type) {
    case kBoolOid:
      return Value(std::int64_t{text == "t" ? 1 : 0});
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
      if (ParseNumber(text, integer)) return Value(integer);
      break;
    case kNumericOid:
      if (ParseNumber(text, integer)) return Value(integer);
      [[fallthrough]];
    case kFloat4Oid:
    case kFloat8Oid:
      if (ParseNumber(text, real)) return Value(real);
      break;
    default:
      return Value(std::string(text));
  }
  return Fail(InternalError("unparsable number '" + std::string(text) + "' from Postgres"));
}

std::string ArgText(const Value& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  char buffer[64];
  // Shortest text that reads back as the same double.
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, std::get<double>(value));
  return ec == std::errc() ? std::string(buffer, end) : "NaN";
}

std::string Lower(const char* raw) {
  std::string name = raw != nullptr ? raw : "";
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

bool IsSuccess(const PGresult* result) {
  ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

}  // namespace

std::string OneLine(const char* message) {
  std::string text = message != nullptr ? message : "";
  for (char& c : text) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

void Connection::ResultDeleter::operator()(pg_result* result) const { PQclear(result); }

Result<void> CheckUrlParses(const std::string& url) {
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
  if (options == nullptr) {
    PQfreemem(parse_error);  // withheld: it may quote the password
    return Fail(
        UnavailableError("cannot connect to Postgres: the database URL does not parse (check the "
                         "percent-encoding of the user, password and parameters)"));
  }
  PQconninfoFree(options);
  return {};
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url) {
  LK_TRY(CheckUrlParses(url));
  // Keywords before dbname are defaults the URL may override; the ones after
  // it are forced. libpq's own connect timeout is infinite.
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", "client_encoding",
                            nullptr};
  const char* values[] = {"10", "latchkey", url.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return Fail(UnavailableError("libpq could not allocate a connection"));
  std::unique_ptr<Connection> connection(new Connection(conn));
  if (PQstatus(conn) != CONNECTION_OK) {
    return Fail(UnavailableError("cannot connect to Postgres: " + OneLine(PQerrorMessage(conn))));
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  return connection;
}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::broken() const { return PQstatus(conn_) == CONNECTION_BAD; }

bool Connection::idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }

Result<void> Connection::Reset() {
  // Prepared statements live in the server session that just ended.
  prepared_.clear();
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    return Fail(
        UnavailableError("cannot reconnect to Postgres: " + OneLine(PQerrorMessage(conn_))));
  }
  return {};
}

Result<std::int64_t> Connection::Exec(std::string_view sql, std::span<const Value> args) {
  LK_ASSIGN_OR_RETURN(ResultPtr result, Run(sql, args));
  std::int64_t affected = 0;
  const char* tuples = PQcmdTuples(result.get());
  if (tuples != nullptr && *tuples != '\0' && !ParseNumber(std::string_view(tuples), affected)) {
    affected = 0;
  }
  return affected;
}

Result<std::vector<Row>> Connection::Query(std::string_view sql, std::span<const Value> args) {
  LK_ASSIGN_OR_RETURN(ResultPtr result, Run(sql, args));
  const PGresult* res = result.get();
  const int columns = PQnfields(res);
  auto names = std::make_shared<std::vector<std::string>>();
  std::vector<Oid> types;
  for (int c = 0; c < columns; ++c) {
    names->push_back(Lower(PQfname(res, c)));
    types.push_back(PQftype(res, c));
  }
  std::vector<Row> rows;
  rows.reserve(static_cast<std::size_t>(PQntuples(res)));
  for (int r = 0; r < PQntuples(res); ++r) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(res, r, c)) {
        values.emplace_back(nullptr);
        continue;
      }
      std::string_view text(PQgetvalue(res, r, c),
                            static_cast<std::size_t>(PQgetlength(res, r, c)));
      LK_ASSIGN_OR_RETURN(Value value, ParseValue(types[c], text));
      values.push_back(std::move(value));
    }
    rows.emplace_back(names, std::move(values));
  }
  return rows;
}

Result<void> Connection::ExecScript(std::string_view sql) {
  const std::string text(sql);  // PQexec wants a NUL-terminated string.
  ResultPtr result(PQexec(conn_, text.c_str()));
  if (!IsSuccess(result.get())) return Fail(ToError(result.get(), sql));
  return {};
}

Result<void> Connection::Commit() {
  ResultPtr result(PQexec(conn_, "COMMIT"));
  if (!IsSuccess(result.get())) return Fail(ToError(result.get(), "COMMIT"));
  // COMMIT of an aborted transaction "succeeds" with the tag ROLLBACK.
  if (std::string_view(PQcmdStatus(result.get())) != "COMMIT") {
    return Fail(InternalError("Postgres rolled the transaction back instead of committing"));
  }
  return {};
}

Result<Connection::ResultPtr> Connection::Run(std::string_view sql, std::span<const Value> args) {
  LK_TRY(internal::CheckArgs(args));
  LK_ASSIGN_OR_RETURN(Prepared statement, Prepare(sql));
  if (statement.placeholders != static_cast<int>(args.size())) {
    return Fail(InternalError("statement takes " + std::to_string(statement.placeholders) +
                              " arguments, got " + std::to_string(args.size()) + ": " +
                              internal::SqlForDetail(sql)));
  }
  std::vector<std::string> texts(args.size());
  std::vector<const char*> values(args.size(), nullptr);
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (const auto* s = std::get_if<std::string>(&args[i])) {
      values[i] = s->c_str();  // CheckArgs made sure no NUL hides inside.
    } else if (!std::holds_alternative<std::nullptr_t>(args[i])) {
      texts[i] = ArgText(args[i]);
      values[i] = texts[i].c_str();
    }
  }
  const int count = static_cast<int>(args.size());
  ResultPtr result(statement.name.empty()
                       ? PQexecParams(conn_, statement.text.c_str(), count, nullptr, values.data(),
                                      nullptr, nullptr, 0)
                       : PQexecPrepared(conn_, statement.name.c_str(), count, values.data(),
                                        nullptr, nullptr, 0));
  if (!IsSuccess(result.get())) return Fail(ToError(result.get(), sql));
  return result;
}

Result<Connection::Prepared> Connection::Prepare(std::string_view sql) {
  if (auto it = prepared_.find(sql); it != prepared_.end()) return it->second;
  RewrittenSql rewritten = RewritePlaceholders(sql);
  Prepared statement;
  statement.placeholders = rewritten.placeholders;
  if (prepared_.size() >= kMaxPreparedStatements) {
    statement.text = std::move(rewritten.text);
    return statement;
  }
  statement.name = "lk_" + std::to_string(next_statement_++);
  ResultPtr result(PQprepare(conn_, statement.name.c_str(), rewritten.text.c_str(),
                             rewritten.placeholders, nullptr));
  if (!IsSuccess(result.get())) return Fail(ToError(result.get(), sql));
  prepared_.emplace(std::string(sql), statement);
  return statement;
}

Error Connection::ToError(const pg_result* result, std::string_view sql) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string sqlstate = state != nullptr ? state : "";
  // Only the primary message: the DETAIL field can quote row values
  // ("Key (email)=(...) already exists"), which do not belong in logs.
  std::string detail = "postgres " + (sqlstate.empty() ? std::string("(no SQLSTATE)") : sqlstate) +
                       ": " + OneLine(primary != nullptr ? primary : PQerrorMessage(conn_)) +
                       " in: " + internal::SqlForDetail(sql);
  // A statement planned before a schema change may refuse to run again; the
  // next use prepares it afresh.
  if (sqlstate == "0A000" || sqlstate == "26000") {
    if (auto it = prepared_.find(sql); it != prepared_.end()) prepared_.erase(it);
  }
  if (broken() || sqlstate.starts_with("08") || sqlstate.starts_with("57P") ||
      sqlstate.starts_with("53")) {
    return UnavailableError(std::move(detail));
  }
  if (sqlstate.starts_with("23")) return ConflictError(std::move(detail));
  if (sqlstate == "40001" || sqlstate == "40P01") return SerializationError(std::move(detail));
  return InternalError(std::move(detail));
}

}  // namespace latchkey::store::postgres

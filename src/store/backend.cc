// The migration runner and argument checks shared by both backends.
#include "store/backend.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "core/clock.h"
#include "store/errors.h"

namespace latchkey::store::internal {
namespace {

constexpr std::string_view kCreateTableSql =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)";

Result<void> ValidateIds(std::span<const Migration> migrations) {
  std::set<std::string_view> seen;
  for (const Migration& migration : migrations) {
    if (migration.id.empty()) return Fail(InternalError("migration with an empty id"));
    if (!seen.insert(migration.id).second) {
      return Fail(InternalError("duplicate migration id " + std::string(migration.id)));
    }
  }
  return {};
}

std::string_view PickSql(const Migration& migration, Dialect dialect) {
  std::string_view override_sql =
      dialect == Dialect::kPostgres ? migration.postgres_sql : migration.sqlite_sql;
  return override_sql.empty() ? migration.sql : override_sql;
}

Error WithMigrationId(Error error, std::string_view id) {
  error.detail = "migration " + std::string(id) + ": " + error.detail;
  return error;
}

// Creates schema_migrations if needed and returns the recorded ids.
Result<std::set<std::string>> PrepareTable(const MigrationDriver& driver) {
  LK_ASSIGN_OR_RETURN(auto tx, driver.begin());
  if (!driver.lock_sql.empty()) LK_TRY(tx->Query(driver.lock_sql));
  LK_TRY(tx->ExecScript(kCreateTableSql));
  LK_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT id FROM schema_migrations"));
  std::set<std::string> applied;
  for (const Row& row : rows) {
    LK_ASSIGN_OR_RETURN(std::string id, row.GetString("id"));
    applied.insert(std::move(id));
  }
  LK_TRY(tx->Commit());
  return applied;
}

// applied_at doubles as the order of application, so it must increase
// strictly even when several migrations land within one millisecond; the
// drift this adds is at most a millisecond per migration.
Result<std::int64_t> NextAppliedAt(Transaction& tx) {
  LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT MAX(applied_at) AS last FROM schema_migrations"));
  std::int64_t now = SystemClock().NowMs();
  if (rows.empty()) return now;
  LK_ASSIGN_OR_RETURN(std::optional<std::int64_t> last, rows[0].GetNullableInt("last"));
  return last ? std::max(now, *last + 1) : now;
}

Result<void> ApplyOne(const MigrationDriver& driver, const Migration& migration) {
  LK_ASSIGN_OR_RETURN(auto tx, driver.begin());
  if (!driver.lock_sql.empty()) LK_TRY(tx->Query(driver.lock_sql));
  // Another node may have applied it while we waited for the lock.
  LK_ASSIGN_OR_RETURN(auto done, tx->Query("SELECT id FROM schema_migrations WHERE id = ?",
                                           {std::string(migration.id)}));
  if (!done.empty()) return tx->Commit();
  std::string_view sql = PickSql(migration, driver.dialect);
  if (!sql.empty()) LK_TRY(tx->ExecScript(sql));
  LK_ASSIGN_OR_RETURN(std::int64_t applied_at, NextAppliedAt(*tx));
  LK_TRY(tx->Exec("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)",
                  {std::string(migration.id), applied_at}));
  return tx->Commit();
}

}  // namespace

Result<void> RunMigrations(const MigrationDriver& driver, std::span<const Migration> migrations) {
  LK_TRY(ValidateIds(migrations));
  LK_ASSIGN_OR_RETURN(std::set<std::string> applied, PrepareTable(driver));
  for (const Migration& migration : migrations) {
    if (applied.contains(std::string(migration.id))) continue;
    Result<void> result = ApplyOne(driver, migration);
    if (!result) return Fail(WithMigrationId(std::move(result).error(), migration.id));
  }
  return {};
}

Result<std::vector<std::string>> ListAppliedMigrations(Store& store,
                                                       std::string_view table_exists_sql) {
  return InReadTransaction(store, [&](Transaction& tx) -> Result<std::vector<std::string>> {
    LK_ASSIGN_OR_RETURN(auto exists, tx.Query(table_exists_sql));
    std::vector<std::string> ids;
    if (exists.empty()) return ids;
    LK_ASSIGN_OR_RETURN(auto rows,
                        tx.Query("SELECT id FROM schema_migrations ORDER BY applied_at, id"));
    ids.reserve(rows.size());
    for (const Row& row : rows) {
      LK_ASSIGN_OR_RETURN(std::string id, row.GetString("id"));
      ids.push_back(std::move(id));
    }
    return ids;
  });
}

Result<void> TransactionState::CheckUsable() const {
  if (ended_) return Fail(InternalError("store transaction used after Commit()"));
  if (failed_) {
    return Fail(InternalError("store transaction used after a failed statement; it rolls back"));
  }
  return {};
}

Result<void> CheckArgs(std::span<const Value> args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto* text = std::get_if<std::string>(&args[i]);
    if (text != nullptr && text->find('\0') != std::string::npos) {
      return Fail(
          MakeError(kStoreInvalidText, "argument " + std::to_string(i + 1) + " holds a NUL byte"));
    }
  }
  return {};
}

Result<void> CheckChannel(std::string_view channel) {
  constexpr std::size_t kMaxChannel = 63;  // NAMEDATALEN - 1: longer names are truncated
  auto valid_char = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || c == '_' || (!first && c >= '0' && c <= '9');
  };
  bool valid = !channel.empty() && channel.size() <= kMaxChannel;
  for (std::size_t i = 0; valid && i < channel.size(); ++i) valid = valid_char(channel[i], i == 0);
  if (!valid) {
    // The name is the caller's constant, not user data: safe to log.
    return Fail(
        MakeError(kStoreInvalidChannel, "invalid channel name '" + SqlForDetail(channel) + "'"));
  }
  return {};
}

Result<void> CheckNotification(std::string_view channel, std::string_view payload) {
  LK_TRY(CheckChannel(channel));
  if (payload.size() > Transaction::kMaxNotifyPayload) {
    return Fail(MakeError(kStoreInvalidNotification,
                          "payload of " + std::to_string(payload.size()) + " bytes, limit " +
                              std::to_string(Transaction::kMaxNotifyPayload)));
  }
  if (payload.find('\0') != std::string_view::npos) {
    return Fail(MakeError(kStoreInvalidNotification, "payload holds a NUL byte"));
  }
  return {};
}

std::string SqlForDetail(std::string_view sql) {
  constexpr std::size_t kMax = 120;
  if (sql.size() <= kMax) return std::string(sql);
  return std::string(sql.substr(0, kMax)) + "...";
}

metrics::Histogram& PoolWaitHistogram(std::string_view pool) {
  return metrics::Global().GetHistogram("latchkey_db_pool_wait_seconds",
                                        "Time waiting for a database connection from the pool",
                                        "pool=\"" + std::string(pool) + "\"");
}

std::string StatementKind(std::string_view sql) {
  std::size_t start = 0;
  while (start < sql.size() && (sql[start] == ' ' || sql[start] == '\n' || sql[start] == '\t' ||
                                sql[start] == '(' || sql[start] == '\r')) {
    ++start;
  }
  std::string kind;
  for (std::size_t i = start; i < sql.size() && kind.size() < 16; ++i) {
    const char c = sql[i];
    if (c >= 'a' && c <= 'z') {
      kind.push_back(static_cast<char>(c - 'a' + 'A'));
    } else if (c >= 'A' && c <= 'Z') {
      kind.push_back(c);
    } else {
      break;
    }
  }
  return kind.empty() ? std::string("SQL") : kind;
}

}  // namespace latchkey::store::internal

// Row accessors, Transaction's commit hooks, and Store::Open, which picks
// the backend from the URL scheme.
#include "store/store.h"

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/errors.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace latchkey::store {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr std::string_view kSqliteMemory = ":memory:";

std::string_view TypeName(const Value& value) {
  switch (value.index()) {
    case 0:
      return "NULL";
    case 1:
      return "integer";
    case 2:
      return "real";
    default:
      return "text";
  }
}

Error MissingColumn(std::string_view column) {
  return InternalError("store row has no column '" + std::string(column) + "'");
}

Error WrongType(std::string_view column, const Value& value, std::string_view wanted) {
  return InternalError("store column '" + std::string(column) + "' holds " +
                       std::string(TypeName(value)) + ", not " + std::string(wanted));
}

// Fetches column `column` as T; NULL yields std::nullopt.
template <class T>
Result<std::optional<T>> GetNullable(const Row& row, std::string_view column,
                                     std::string_view wanted) {
  const Value* value = row.Find(column);
  if (value == nullptr) return Fail(MissingColumn(column));
  if (std::holds_alternative<std::nullptr_t>(*value)) return std::optional<T>();
  if (const T* typed = std::get_if<T>(value)) return std::optional<T>(*typed);
  return Fail(WrongType(column, *value, wanted));
}

// Fetches column `column` as T; NULL is an error.
template <class T>
Result<T> GetRequired(const Row& row, std::string_view column, std::string_view wanted) {
  LK_ASSIGN_OR_RETURN(std::optional<T> value, GetNullable<T>(row, column, wanted));
  if (!value) return Fail(WrongType(column, nullptr, wanted));
  return std::move(*value);
}

}  // namespace

const Value* Row::Find(std::string_view column) const {
  if (!names_) return nullptr;
  for (std::size_t i = 0; i < names_->size() && i < values_.size(); ++i) {
    if ((*names_)[i] == column) return &values_[i];
  }
  return nullptr;
}

Result<std::string> Row::GetString(std::string_view column) const {
  return GetRequired<std::string>(*this, column, "text");
}

Result<std::int64_t> Row::GetInt(std::string_view column) const {
  return GetRequired<std::int64_t>(*this, column, "integer");
}

Result<bool> Row::GetBool(std::string_view column) const {
  LK_ASSIGN_OR_RETURN(std::int64_t value, GetRequired<std::int64_t>(*this, column, "integer"));
  return value != 0;
}

Result<std::optional<std::string>> Row::GetNullableString(std::string_view column) const {
  return GetNullable<std::string>(*this, column, "text");
}

Result<std::optional<std::int64_t>> Row::GetNullableInt(std::string_view column) const {
  return GetNullable<std::int64_t>(*this, column, "integer");
}

Result<void> Transaction::Commit() {
  LK_TRY(DoCommit());
  committed_ = true;
  // Moved out first, so that the hooks run exactly once even if a hook
  // registers another (which then runs at once, see OnCommit).
  std::vector<std::function<void()>> hooks = std::move(commit_hooks_);
  commit_hooks_.clear();
  for (auto& hook : hooks) hook();
  return {};
}

void Transaction::OnCommit(std::function<void()> hook) {
  if (!hook) return;
  if (committed_) {
    hook();
    return;
  }
  commit_hooks_.push_back(std::move(hook));
}

std::optional<std::string> SqliteFilePath(std::string_view url) {
  if (!url.starts_with(kSqlitePrefix)) return std::nullopt;
  url.remove_prefix(kSqlitePrefix.size());
  if (url.empty() || url == kSqliteMemory) return std::nullopt;
  return std::string(url);
}

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  std::string_view url = options.url;
  if (url.starts_with(kSqlitePrefix)) {
    std::string_view target = url.substr(kSqlitePrefix.size());
    if (target.empty()) {
      return Fail(MakeError(kInvalidDatabaseUrl, "sqlite URL without a path"));
    }
    if (target == kSqliteMemory) return OpenSqliteMemoryStore(options);
    return OpenSqliteFileStore(options, std::string(target));
  }
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    return OpenPostgresStore(options);
  }
  // Only the scheme goes into the detail: the rest may carry a password.
  std::size_t colon = url.find(':');
  if (colon > 32) {  // npos included
    return Fail(MakeError(kInvalidDatabaseUrl, "database URL has no scheme"));
  }
  return Fail(MakeError(kInvalidDatabaseUrl, "unsupported database URL scheme '" +
                                                 std::string(url.substr(0, colon)) + "'"));
}

Result<void> Store::Ping() {
  LK_TRY(QueryOnce("SELECT 1"));
  return {};
}

}  // namespace latchkey::store

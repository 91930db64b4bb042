// Small helpers for store tests: one-statement transactions, a recorder for
// subscriptions, and error inspection that does not crash when a Result
// unexpectedly holds a value.
#ifndef LK_STORE_TESTING_STORE_CONTRACT_UTIL_H_
#define LK_STORE_TESTING_STORE_CONTRACT_UTIL_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace latchkey::store::testing {

// Runs one statement in its own read-write transaction.
inline Result<void> RunSql(Store& store, std::string_view sql,
                           std::initializer_list<Value> args = {}) {
  return InTransaction(store, [&](Transaction& tx) -> Result<void> {
    LK_TRY(tx.Exec(sql, args));
    return {};
  });
}

// Runs one query in its own read-only transaction.
inline Result<std::vector<Row>> QueryRows(Store& store, std::string_view sql,
                                          std::initializer_list<Value> args = {}) {
  return InReadTransaction(store, [&](Transaction& tx) { return tx.Query(sql, args); });
}

// SELECT COUNT(*) FROM `table`, in a read-only transaction.
inline Result<std::int64_t> CountRows(Store& store, std::string_view table) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      QueryRows(store, "SELECT COUNT(*) AS n FROM " + std::string(table)));
  if (rows.size() != 1) return Fail(InternalError("COUNT(*) returned no row"));
  return rows[0].GetInt("n");
}

// Commits the payloads to `channel`, in order, in one transaction.
inline Result<void> Send(Store& store, std::string_view channel,
                         const std::vector<std::string>& payloads) {
  return InTransaction(store, [&](Transaction& tx) -> Result<void> {
    for (const std::string& payload : payloads) LK_TRY(tx.Notify(channel, payload));
    return {};
  });
}

// What a subscription delivered. Declare it before the Subscription, so the
// Subscription (and its thread) goes first.
class Inbox {
 public:
  std::function<void(std::string_view)> OnMessage() {
    return [this](std::string_view payload) { Add(messages_, std::string(payload)); };
  }
  std::function<void(bool)> OnState() {
    return [this](bool live) { Add(states_, live); };
  }
  // Waits up to `timeout` for `n` messages; returns all received so far.
  std::vector<std::string> WaitMessages(
      std::size_t n, std::chrono::milliseconds timeout = std::chrono::milliseconds(1000)) {
    return WaitFor(messages_, n, timeout);
  }
  std::vector<bool> WaitStates(std::size_t n, std::chrono::milliseconds timeout) {
    return WaitFor(states_, n, timeout);
  }
  std::vector<std::string> messages() { return WaitMessages(0, std::chrono::milliseconds(0)); }
  std::vector<bool> states() { return WaitStates(0, std::chrono::milliseconds(0)); }

 private:
  template <class T>
  void Add(std::vector<T>& to, T value) {
    std::lock_guard<std::mutex> lock(mu_);
    to.push_back(std::move(value));
    cv_.notify_all();
  }
  template <class T>
  std::vector<T> WaitFor(const std::vector<T>& from, std::size_t n,
                         std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return from.size() >= n; });
    return from;
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> messages_;  // GUARDED_BY(mu_)
  std::vector<bool> states_;           // GUARDED_BY(mu_)
};

// The error's kind, or nullopt when `result` holds a value.
template <class T>
std::optional<ErrorKind> KindOf(const Result<T>& result) {
  if (result) return std::nullopt;
  return result.error().kind;
}

// The error's code, or "OK" when `result` holds a value.
template <class T>
std::string CodeOf(const Result<T>& result) {
  return result ? std::string("OK") : std::string(result.error().code);
}

}  // namespace latchkey::store::testing

#endif  // LK_STORE_TESTING_STORE_CONTRACT_UTIL_H_

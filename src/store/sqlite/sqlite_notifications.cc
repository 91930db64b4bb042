#include "store/sqlite/sqlite_notifications.h"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>
#include <thread>
#include <utility>
#include <vector>

namespace latchkey::store::sqlite {
namespace {

constexpr std::int64_t kKeepMs = std::int64_t{10} * 60 * 1000;
constexpr std::string_view kNewerSql =
    "SELECT seq, payload FROM store_notifications WHERE channel = ? AND seq > ? ORDER BY seq "
    "LIMIT 1000";

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::int64_t> LastSeq(Connection& reader) {
  LK_ASSIGN_OR_RETURN(auto rows,
                      reader.Query("SELECT COALESCE(MAX(seq), 0) AS seq FROM store_notifications",
                                   std::span<const Value>()));
  return rows.empty() ? 0 : rows[0].GetInt("seq").value_or(0);
}

class PollingSubscription final : public Subscription {
 public:
  PollingSubscription(std::string path, std::chrono::milliseconds busy_timeout, std::string channel,
                      std::function<void(std::string_view)> on_message,
                      std::function<void(bool)> on_state)
      : path_(std::move(path)),
        busy_timeout_(busy_timeout),
        channel_(std::move(channel)),
        on_message_(std::move(on_message)),
        on_state_(std::move(on_state)) {}
  ~PollingSubscription() override { thread_ = {}; }  // stops and joins

  Result<void> Start() {
    LK_ASSIGN_OR_RETURN(reader_, Connection::Open(path_, Connection::Mode::kReader, busy_timeout_));
    LK_ASSIGN_OR_RETURN(last_seq_, LastSeq(*reader_));
    if (on_state_) on_state_(true);
    thread_ = std::jthread([this](const std::stop_token& stop) { Run(stop); });
    return {};
  }

 private:
  void Run(const std::stop_token& stop) {
    std::mutex mu;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      {
        std::unique_lock<std::mutex> lock(mu);
        wake.wait_for(lock, stop, kNotificationPollInterval, [] { return false; });
      }
      if (stop.stop_requested()) return;
      const bool ok = Poll().has_value();
      if (ok != live_ && on_state_) on_state_(ok);
      live_ = ok;
      if (!ok) reader_.reset();  // reopened on the next poll
    }
  }

  Result<void> Poll() {
    if (!reader_) {
      LK_ASSIGN_OR_RETURN(reader_,
                          Connection::Open(path_, Connection::Mode::kReader, busy_timeout_));
    }
    for (;;) {
      const Value args[] = {channel_, last_seq_};
      LK_ASSIGN_OR_RETURN(auto rows, reader_->Query(kNewerSql, args));
      for (const Row& row : rows) {
        last_seq_ = row.GetInt("seq").value_or(last_seq_);
        if (on_message_) on_message_(row.GetString("payload").value_or(""));
      }
      if (rows.size() < 1000) return {};
    }
  }

  const std::string path_;
  const std::chrono::milliseconds busy_timeout_;
  const std::string channel_;
  const std::function<void(std::string_view)> on_message_;
  const std::function<void(bool)> on_state_;
  std::unique_ptr<Connection> reader_;  // used by Start(), then by the thread only
  std::int64_t last_seq_ = 0;
  bool live_ = true;
  std::jthread thread_;  // last: stopped before the members it uses go
};

}  // namespace

Result<void> CreateNotificationTable(Connection& writer) {
  return writer.ExecScript(
      "CREATE TABLE IF NOT EXISTS store_notifications (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
      "channel TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL)");
}

Result<void> RecordNotification(Connection& writer, std::string_view channel,
                                std::string_view payload) {
  const std::int64_t now = NowMs();
  const Value insert[] = {std::string(channel), std::string(payload), now};
  LK_TRY(writer.Exec(
      "INSERT INTO store_notifications (channel, payload, created_at) VALUES (?, ?, ?)", insert));
  const Value prune[] = {now - kKeepMs};
  LK_TRY(writer.Exec("DELETE FROM store_notifications WHERE created_at < ?", prune));
  return {};
}

Result<std::unique_ptr<Subscription>> PollNotifications(
    const std::string& path, std::chrono::milliseconds busy_timeout, std::string channel,
    std::function<void(std::string_view)> on_message, std::function<void(bool)> on_state) {
  auto subscription = std::make_unique<PollingSubscription>(
      path, busy_timeout, std::move(channel), std::move(on_message), std::move(on_state));
  LK_TRY(subscription->Start());
  return std::unique_ptr<Subscription>(std::move(subscription));
}

}  // namespace latchkey::store::sqlite

// The LISTEN side of Store::Subscribe on PostgreSQL. Each subscription owns
// one libpq connection, outside the pool (a pooled connection serves other
// transactions and is reset when it breaks, which would silently drop the
// LISTEN), and one thread. Every wait is a poll() on the connection's socket
// and on an eventfd, so destruction wakes the thread at once, even while it
// connects or backs off; libpq's blocking calls would hold it for up to the
// connect timeout.
#include "store/postgres/pg_listener.h"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <future>
#include <system_error>
#include <thread>
#include <utility>

#include "store/postgres/pg_connection.h"

namespace latchkey::store::postgres {
namespace {

using SteadyClock = std::chrono::steady_clock;
using MessageFn = std::function<void(std::string_view)>;
using StateFn = std::function<void(bool)>;

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5000};
// One attempt (connect + LISTEN); PQconnectPoll ignores connect_timeout.
constexpr std::chrono::seconds kAttemptTimeout{10};
// A backstop only: the destructor wakes poll() through the eventfd.
constexpr std::int64_t kPollMs = 1000;

struct ConnDeleter {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnDeleter>;

struct NotifyDeleter {
  void operator()(PGnotify* note) const { PQfreemem(note); }
};

enum class Wake { kReady, kStopped, kTimedOut, kFailed };

class Listener final : public Subscription {
 public:
  Listener(const std::string& url, std::string channel, MessageFn on_message, StateFn on_state,
           int wake_fd)
      : url_(url),
        channel_(std::move(channel)),
        on_message_(std::move(on_message)),
        on_state_(std::move(on_state)),
        wake_fd_(wake_fd) {}
  ~Listener() override;

  // Starts the thread and waits for its first LISTEN (then on_state(true)
  // has run) or its first failure. Errors: kUnavailable.
  Result<void> Start();

 private:
  void Run(std::promise<Result<void>>& started);
  Result<ConnPtr> ConnectAndListen();
  Result<ConnPtr> Connect(SteadyClock::time_point deadline);
  Result<void> SendListen(PGconn* conn, SteadyClock::time_point deadline);
  // Delivers notifications until the connection fails or stopping_ is set.
  void Pump(PGconn* conn);
  // Retries ConnectAndListen() with backoff; nullptr once stopping.
  ConnPtr Reconnect();
  // Waits for `events` on `fd` (none if fd < 0), stopping_ or `deadline`.
  Wake WaitFor(int fd, short events, SteadyClock::time_point deadline);
  void SetState(bool live) {
    if (on_state_) on_state_(live);
  }

  const std::string url_;
  const std::string channel_;
  const MessageFn on_message_;
  const StateFn on_state_;
  const int wake_fd_;  // eventfd, written once by the destructor
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

Error Unavailable(std::string_view what, PGconn* conn) {
  return UnavailableError("Postgres listener: " + std::string(what) +
                          (conn != nullptr ? ": " + OneLine(PQerrorMessage(conn)) : ""));
}

Error WaitError(Wake wake, std::string_view what) {
  switch (wake) {
    case Wake::kStopped:
      return UnavailableError("Postgres listener stopped while " + std::string(what));
    case Wake::kTimedOut:
      return UnavailableError("Postgres listener timed out " + std::string(what));
    default:
      return UnavailableError("Postgres listener: poll() failed while " + std::string(what) + ": " +
                              std::strerror(errno));
  }
}

Listener::~Listener() {
  stopping_ = true;
  const std::uint64_t one = 1;
  // Cannot fail short of a bug: the counter is nowhere near overflow.
  [[maybe_unused]] const ssize_t written = ::write(wake_fd_, &one, sizeof one);
  assert(written == static_cast<ssize_t>(sizeof one));
  if (thread_.joinable()) {
    assert(thread_.get_id() != std::this_thread::get_id() && "Subscription destroyed by callback");
    thread_.join();
  }
  ::close(wake_fd_);
}

Result<void> Listener::Start() {
  std::promise<Result<void>> started;
  std::future<Result<void>> result = started.get_future();
  try {
    thread_ = std::thread([this, promise = std::move(started)]() mutable { Run(promise); });
  } catch (const std::system_error& e) {
    return Fail(UnavailableError(std::string("cannot start the Postgres listener: ") + e.what()));
  }
  return result.get();
}

void Listener::Run(std::promise<Result<void>>& started) {
  Result<ConnPtr> first = ConnectAndListen();
  if (!first) {
    started.set_value(Fail(std::move(first).error()));
    return;
  }
  ConnPtr conn = std::move(*first);
  SetState(true);
  started.set_value({});
  while (conn != nullptr) {
    Pump(conn.get());
    if (stopping_) return;
    conn.reset();
    // Anything sent from now until the next LISTEN is lost to us.
    SetState(false);
    conn = Reconnect();
    if (conn != nullptr) SetState(true);
  }
}

Result<ConnPtr> Listener::ConnectAndListen() {
  const SteadyClock::time_point deadline = SteadyClock::now() + kAttemptTimeout;
  LK_ASSIGN_OR_RETURN(ConnPtr conn, Connect(deadline));
  LK_TRY(SendListen(conn.get(), deadline));
  return conn;
}

Result<ConnPtr> Listener::Connect(SteadyClock::time_point deadline) {
  // As in Connection::Open: keywords before dbname are defaults the URL may
  // override, the ones after it are forced. No connect_timeout: PQconnectPoll
  // ignores it; `deadline` bounds the attempt instead (host name lookup in
  // PQconnectStartParams still blocks). The keepalives find a peer that
  // vanished without a FIN (this connection only ever reads), so that
  // on_state(false) is not withheld for the kernel's two hours.
  const char* keywords[] = {
      "keepalives", "keepalives_idle",  "keepalives_interval", "keepalives_count",
      "dbname",     "application_name", "client_encoding",     nullptr};
  const char* values[] = {"1",    "10",   "5", "3", url_.c_str(), kListenerApplicationName,
                          "UTF8", nullptr};
  ConnPtr conn(PQconnectStartParams(keywords, values, /*expand_dbname=*/1));
  if (conn == nullptr) return Fail(Unavailable("libpq could not allocate a connection", nullptr));
  PQsetNoticeProcessor(
      conn.get(), [](void*, const char*) {}, nullptr);
  // libpq's protocol: start as if PQconnectPoll had asked to write.
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  while (status != PGRES_POLLING_OK) {
    if (status == PGRES_POLLING_FAILED || PQstatus(conn.get()) == CONNECTION_BAD) {
      return Fail(Unavailable("cannot connect", conn.get()));
    }
    const short events = status == PGRES_POLLING_READING ? POLLIN : POLLOUT;
    // The socket can change between calls (one per address tried).
    const Wake wake = WaitFor(PQsocket(conn.get()), events, deadline);
    if (wake != Wake::kReady) return Fail(WaitError(wake, "connecting"));
    status = PQconnectPoll(conn.get());
  }
  return conn;
}

Result<void> Listener::SendListen(PGconn* conn, SteadyClock::time_point deadline) {
  // CheckChannel allowed only [a-z0-9_], so the quotes cannot be escaped;
  // quoting keeps the name exactly as pg_notify() spells it.
  const std::string sql = "LISTEN \"" + channel_ + "\"";
  if (PQsendQuery(conn, sql.c_str()) == 0) return Fail(Unavailable("cannot send LISTEN", conn));
  std::string failure;
  for (;;) {
    while (PQisBusy(conn) != 0) {
      const Wake wake = WaitFor(PQsocket(conn), POLLIN, deadline);
      if (wake != Wake::kReady) return Fail(WaitError(wake, "waiting for LISTEN"));
      if (PQconsumeInput(conn) == 0) return Fail(Unavailable("LISTEN failed", conn));
    }
    PGresult* result = PQgetResult(conn);
    if (result == nullptr) break;
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      failure = OneLine(PQresultErrorMessage(result));
    }
    PQclear(result);
  }
  if (!failure.empty()) return Fail(UnavailableError("Postgres listener: LISTEN: " + failure));
  return {};
}

void Listener::Pump(PGconn* conn) {
  for (;;) {
    // Drained before waiting: the LISTEN round trip may have queued some.
    while (PGnotify* raw = PQnotifies(conn)) {
      std::unique_ptr<PGnotify, NotifyDeleter> note(raw);
      if (on_message_ && channel_ == note->relname) on_message_(note->extra);
    }
    if (PQstatus(conn) == CONNECTION_BAD || PQsocket(conn) < 0) return;
    const Wake wake = WaitFor(PQsocket(conn), POLLIN, SteadyClock::time_point::max());
    if (wake == Wake::kStopped || wake == Wake::kFailed) return;
    // Also reads the error and EOF of a terminated backend, which break it.
    if (PQconsumeInput(conn) == 0) return;
  }
}

ConnPtr Listener::Reconnect() {
  std::chrono::milliseconds backoff = kFirstBackoff;
  for (;;) {
    if (WaitFor(-1, 0, SteadyClock::now() + backoff) == Wake::kStopped) return nullptr;
    // The failure itself is not reported: the caller already knows from
    // on_state(false), and the server's log says why.
    Result<ConnPtr> conn = ConnectAndListen();
    if (conn) return std::move(*conn);
    if (stopping_) return nullptr;
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

Wake Listener::WaitFor(int fd, short events, SteadyClock::time_point deadline) {
  for (;;) {
    // The eventfd stays readable once written, so every later poll() returns
    // at once and lands here.
    if (stopping_) return Wake::kStopped;
    const SteadyClock::time_point now = SteadyClock::now();
    if (now >= deadline) return Wake::kTimedOut;
    const std::int64_t left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
    pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {fd, events, 0}};
    const int ready = ::poll(fds, fd >= 0 ? 2 : 1, static_cast<int>(std::min(left, kPollMs)));
    if (ready < 0 && errno != EINTR) return Wake::kFailed;
    // POLLERR/POLLHUP count as ready: libpq's next call reports the failure.
    if (ready > 0 && fd >= 0 && fds[1].revents != 0 && !stopping_) return Wake::kReady;
  }
}

}  // namespace

Result<std::unique_ptr<Subscription>> Listen(const std::string& url, std::string channel,
                                             std::function<void(std::string_view)> on_message,
                                             std::function<void(bool)> on_state) {
  LK_TRY(CheckUrlParses(url));
  const int wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd < 0) {
    return Fail(
        UnavailableError(std::string("Postgres listener: eventfd: ") + std::strerror(errno)));
  }
  auto listener = std::make_unique<Listener>(url, std::move(channel), std::move(on_message),
                                             std::move(on_state), wake_fd);
  LK_TRY(listener->Start());
  return std::unique_ptr<Subscription>(std::move(listener));
}

}  // namespace latchkey::store::postgres

#include "features/realtime/realtime_service.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <set>

#include "features/common/base_errors.h"
#include "features/sessions/session_store.h"
#include "features/users/user.h"
#include "observability/log.h"
#include "observability/metrics.h"

namespace latchkey::realtime {
namespace {

// Without sockets or expiries the worker still wakes now and then; nothing
// depends on it, it only bounds the wait should a wake-up be missed.
constexpr auto kMaxWait = std::chrono::seconds(30);

std::atomic<std::int64_t> g_open_sockets{0};

void CountClose(std::string_view reason) {
  metrics::Global()
      .GetCounter("latchkey_websocket_closes_total", "Realtime WebSockets closed, by reason",
                  "reason=\"" + std::string(reason) + "\"")
      .Inc();
}

void RegisterGauge() {
  static std::once_flag once;
  std::call_once(once, [] {
    metrics::Global().AddGauge("latchkey_websocket_open", "Open realtime WebSockets", "",
                               [] { return static_cast<double>(g_open_sockets.load()); });
  });
}

}  // namespace

struct RealtimeService::Inbox {
  struct Job {
    std::optional<sessions::InvalidationEvent> event;
    std::vector<Hub::Socket> recheck;  // a socket just opened: close the race with a revoke
  };
  void Push(Job job) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (stopped) return;
      jobs.push_back(std::move(job));
    }
    cv.notify_one();
  }

  std::mutex mu;
  std::condition_variable cv;
  std::deque<Job> jobs;  // GUARDED_BY(mu)
  bool stopped = false;  // GUARDED_BY(mu)
};

namespace {

// One socket's callbacks, on its I/O thread: quick hub updates only.
class SocketHandler final : public http::WebSocketHandler {
 public:
  SocketHandler(std::shared_ptr<Hub> hub, std::shared_ptr<RealtimeService::Inbox> inbox,
                Principal principal)
      : hub_(std::move(hub)), inbox_(std::move(inbox)), principal_(std::move(principal)) {}
  // A reservation that never opened (the handshake was never attempted).
  ~SocketHandler() override {
    if (!done_ && !id_) hub_->Release(principal_.user_id);
  }

  void OnOpen(std::shared_ptr<http::WebSocketSession> session) override {
    session->Send(ReadyEvent(principal_.session_id, principal_.user_id));
    session_ = session;
    id_ = hub_->Add(principal_, session);
    g_open_sockets.fetch_add(1);
    inbox_->Push({std::nullopt, {Hub::Socket{*id_, principal_, std::move(session)}}});
  }

  void OnMessage(std::string_view message, bool text) override {
    if (!text || !IsPingMessage(message)) return;  // nothing else is expected
    if (auto session = session_.lock()) session->Send(PongEvent());
  }

  void OnClose(http::WebSocketEnd end) override {
    done_ = true;
    if (id_) {
      g_open_sockets.fetch_sub(1);
      hub_->Remove(*id_);  // false when the service closed it and removed it already
    } else {
      hub_->Release(principal_.user_id);
    }
    // Closes the service asked for were counted with their own reason.
    if (end != http::WebSocketEnd::kServer) CountClose(http::WebSocketEndName(end));
  }

 private:
  std::shared_ptr<Hub> hub_;
  std::shared_ptr<RealtimeService::Inbox> inbox_;
  const Principal principal_;
  std::weak_ptr<http::WebSocketSession> session_;  // weak: the session owns this handler
  std::optional<Hub::SocketId> id_;
  bool done_ = false;
};

}  // namespace

RealtimeService::RealtimeService(const Services& services, sessions::SessionService& sessions,
                                 const RealtimeOptions& options)
    : sessions_(sessions),
      store_(services.store),
      clock_(services.clock),
      options_(options),
      hub_(std::make_shared<Hub>(options.max_sockets_per_user)),
      inbox_(std::make_shared<Inbox>()) {}

RealtimeService::~RealtimeService() { Stop(); }

void RealtimeService::Stop() {
  {
    std::lock_guard<std::mutex> lock(inbox_->mu);
    inbox_->stopped = true;
  }
  inbox_->cv.notify_all();
  if (worker_.joinable()) worker_.join();
  hub_->Clear();
}

void RealtimeService::Start() {
  RegisterGauge();
  sessions_.AddInvalidationListener([inbox = inbox_](const sessions::InvalidationEvent& event) {
    inbox->Push({event, {}});
  });
  worker_ = std::thread([this] { WorkerLoop(); });
}

Result<http::WebSocketAccept> RealtimeService::Accept(Principal principal) {
  if (!hub_->Reserve(principal.user_id)) return Fail(MakeError(kTooManySockets));
  http::WebSocketAccept accept;
  accept.options.ping_interval = options_.ping_interval;
  accept.options.max_message_bytes = options_.max_message_bytes;
  accept.options.max_queued_messages = options_.max_queued_messages;
  accept.handler = std::make_shared<SocketHandler>(hub_, inbox_, std::move(principal));
  return accept;
}

void RealtimeService::WorkerLoop() {
  std::unique_lock<std::mutex> lock(inbox_->mu);
  while (!inbox_->stopped) {
    if (inbox_->jobs.empty()) {
      const TimeMs next = hub_->NextExpiry();
      auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(kMaxWait);
      if (next != 0) wait = std::min(wait, std::chrono::milliseconds(next - clock_.NowMs()));
      if (wait.count() > 0) inbox_->cv.wait_for(lock, wait);
    }
    std::deque<Inbox::Job> jobs;
    jobs.swap(inbox_->jobs);
    lock.unlock();
    for (const Inbox::Job& job : jobs) {
      if (job.event) Process(*job.event);
      if (!job.recheck.empty()) Recheck(job.recheck, EndReason::kRevoked);
    }
    if (std::vector<Hub::Socket> due = hub_->ExpiredAt(clock_.NowMs()); !due.empty()) {
      Recheck(due, EndReason::kExpired);  // a refreshed session lives on with its new expiry
    }
    lock.lock();
  }
}

void RealtimeService::Process(const sessions::InvalidationEvent& event) {
  // An invalidation says only that a row changed, not how: a session's
  // token is also announced when get-session extends it, a user when the
  // profile changes or the sessions go in bulk. So the affected sockets'
  // sessions are re-read, and only a session that is gone ends.
  using Kind = sessions::InvalidationEvent::Kind;
  switch (event.kind) {
    case Kind::kToken:  // refresh, or an expired row dropped
      Recheck(hub_->ByTokenHash(event.id), EndReason::kRevoked);
      break;
    case Kind::kSession: {  // sign-out, revoke-session, multi-session revoke
      std::vector<Hub::Socket> own = hub_->BySession(event.id);
      if (!own.empty()) {
        Recheck(own, EndReason::kRevoked);  // also tells the user's other sockets
      } else if (!event.user_id.empty()) {
        TellOthers(event.user_id, event.id);
      }
      break;
    }
    case Kind::kUser:  // profile change, or the user's sessions deleted in bulk
      Recheck(hub_->ByUser(event.id), EndReason::kRevoked);
      break;
    case Kind::kResumed:  // announcements were lost while the feed was down
      Recheck(hub_->All(), EndReason::kRevoked);
      break;
  }
}

void RealtimeService::TellOthers(const std::string& user_id, const std::string& session_id) {
  // A session with no socket here ended: the user's sockets (on this node)
  // hear "signed out elsewhere" once the row is really gone (the same
  // announcement also marks a sliding refresh, which changes nothing).
  std::vector<Hub::Socket> sockets = hub_->ByUser(user_id);
  if (sockets.empty()) return;
  auto exists = sessions::SessionExists(store_, session_id);
  if (!exists || *exists) return;  // still there (or unknown): nothing to say
  const std::string event = SessionRevokedEvent(session_id, EndReason::kRevoked);
  for (const Hub::Socket& socket : sockets) socket.session->Send(event);
}

void RealtimeService::Recheck(const std::vector<Hub::Socket>& sockets, EndReason reason_if_gone) {
  std::set<std::string> seen;
  for (const Hub::Socket& socket : sockets) {
    const Principal& p = socket.principal;
    if (!seen.insert(p.session_id).second) continue;
    std::vector<const Hub::Socket*> group;
    for (const Hub::Socket& other : sockets) {
      if (other.principal.session_id == p.session_id) group.push_back(&other);
    }
    if (p.token.empty()) {  // a JWT: its expiry, and the session its `sid` names
      if (p.expires_at <= clock_.NowMs()) {
        EndSession(p.user_id, p.session_id, EndReason::kExpired);
      } else if (!p.session_id.empty()) {
        auto live = sessions::SessionUnexpired(store_, p.session_id, clock_.NowMs());
        if (!live || !*live) EndSession(p.user_id, p.session_id, reason_if_gone);
      }
      continue;
    }
    auto found = sessions_.Resolve(p.token);
    if (!found) {
      // Fail closed: a session that cannot be checked may have been revoked.
      log::Warn("realtime: session re-check failed", {{"detail", found.error().detail}});
      for (const Hub::Socket* s : group) {
        CloseSocket(*s, kCloseRecheckFailed, "session check failed", "recheck_failed");
      }
      continue;
    }
    if (!*found) {
      EndSession(p.user_id, p.session_id, reason_if_gone);
      continue;
    }
    const std::string user_json = users::UserJson((*found)->user);
    for (const Hub::Socket* s : group) {
      if (s->principal.user_json != user_json) s->session->Send(UserUpdatedEvent(user_json));
      hub_->Update(s->id, (*found)->session.expires_at, user_json);
    }
  }
}

void RealtimeService::EndSession(const std::string& user_id, const std::string& session_id,
                                 EndReason reason) {
  const std::string event = SessionRevokedEvent(session_id, reason);
  for (const Hub::Socket& socket : hub_->ByUser(user_id)) {
    socket.session->Send(event);
    if (socket.principal.session_id == session_id) {
      CloseSocket(socket, kCloseSessionEnded, CloseReasonText(reason), EndReasonName(reason));
    }
  }
}

void RealtimeService::CloseSocket(const Hub::Socket& socket, int code, std::string_view reason,
                                  std::string_view metric_reason) {
  // Removed now, not when the close completes: a repeated notification (our
  // own NOTIFY comes back on PostgreSQL) then finds nothing to do.
  if (!hub_->Remove(socket.id)) return;
  socket.session->Close(code, std::string(reason));
  CountClose(metric_reason);
}

}  // namespace latchkey::realtime

// ChangeFeed: the one way a node hears that cached rows changed, its own
// writes and other nodes' alike (docs/architecture.md, "Caches and the
// change feed").
//
// A feature that caches rows Listen()s to a topic ("u:" for a user, "k:" for
// an API key, ...) and, inside every transaction that changes such a row,
// calls Announce(tx, topic, id). The announcement reaches this node's
// listeners right after tx commits (Transaction::OnCommit) and the other
// nodes' through one store subscription per node (PostgreSQL LISTEN on one
// channel, one connection, one thread), never after a rollback. On
// PostgreSQL a node also hears its own announcements a second time; dropping
// a cache entry twice is harmless.
//
// While the subscription is down announcements may be lost, so each
// listener's on_state(false) tells its cache to serve nothing; on_state(true)
// follows once listening again (the store reconnects with backoff). A feed
// whose first subscription failed stays down: its caches stay off.
//
// Thread-safety: safe for concurrent use. Callbacks run on the committing
// thread (this node's writes) or the subscription's thread (others'), possibly
// at once: they must be quick, thread-safe and must not throw; they run under
// the feed's lock, so they must not call Listen(), destroy a Listening or
// commit a transaction that announces (hand such work to another thread).
#ifndef LK_FEATURES_CHANGE_FEED_CHANGE_FEED_H_
#define LK_FEATURES_CHANGE_FEED_CHANGE_FEED_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace latchkey::change_feed {

class ChangeFeed {
 public:
  // The channel every node of a deployment listens on.
  static constexpr std::string_view kChannel = "latchkey_changes";

  // Subscribes to `channel` on `store` (tests pass their own channel). A
  // failure is logged and leaves the feed down.
  explicit ChangeFeed(store::Store& store, std::string channel = std::string(kChannel));
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;
  // Stops the subscription. REQUIRES: every Listening is gone already.
  ~ChangeFeed();

  // The id announced under a topic (what follows the topic in the payload).
  using OnChange = std::function<void(std::string_view id)>;
  using OnState = std::function<void(bool live)>;

  // A live Listen(); destroying it unregisters the callbacks, and no
  // callback runs once the destructor has returned.
  class Listening {
   public:
    Listening() = default;
    Listening(Listening&& other) noexcept;
    Listening& operator=(Listening&& other) noexcept;
    ~Listening();

   private:
    friend class ChangeFeed;
    Listening(ChangeFeed* feed, std::uint64_t id) : feed_(feed), id_(id) {}
    ChangeFeed* feed_ = nullptr;
    std::uint64_t id_ = 0;
  };

  // Calls on_change(id) for every announcement of `topic`, and on_state on
  // each change of the feed's state; on_state(live()) runs once before this
  // returns. Several listeners may share a topic; they run in the order they
  // listened. REQUIRES: `topic` is non-empty, ends with ':' and has no other
  // ':'. Either callback may be empty.
  [[nodiscard]] Listening Listen(std::string topic, OnChange on_change, OnState on_state);

  // Announces `id` under `topic` to every node, this one at commit. Call it
  // inside the transaction that makes the change. Errors: as
  // Transaction::Notify (STORE_INVALID_NOTIFICATION when topic + id is over
  // Transaction::kMaxNotifyPayload bytes or holds a NUL).
  Result<void> Announce(store::Transaction& tx, std::string_view topic, std::string_view id) const;

  // Whether announcements are being received (always true on SQLite).
  bool live() const { return live_.load(); }

 private:
  struct Listener {
    std::uint64_t id;
    std::string topic;
    OnChange on_change;
    OnState on_state;
  };

  // Runs the listeners of the payload's topic ("<topic><id>").
  void Deliver(std::string_view payload) const;
  void SetState(bool live);
  void Unlisten(std::uint64_t id);

  const std::string channel_;
  std::atomic<bool> live_{true};
  mutable std::shared_mutex mutex_;  // shared: delivering; exclusive: (un)listening
  std::vector<Listener> listeners_;  // GUARDED_BY(mutex_)
  std::uint64_t next_id_ = 1;        // GUARDED_BY(mutex_)
  // Declared last: destroyed (and its thread stopped) first.
  std::unique_ptr<store::Subscription> subscription_;
};

}  // namespace latchkey::change_feed

#endif  // LK_FEATURES_CHANGE_FEED_CHANGE_FEED_H_

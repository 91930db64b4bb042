#include "features/change_feed/change_feed.h"

#include <cassert>
#include <mutex>
#include <utility>

#include "observability/log.h"

namespace latchkey::change_feed {

ChangeFeed::ChangeFeed(store::Store& store, std::string channel) : channel_(std::move(channel)) {
  auto subscribed = store.Subscribe(
      channel_, [this](std::string_view payload) { Deliver(payload); },
      [this](bool live) { SetState(live); });
  if (subscribed) {
    subscription_ = std::move(*subscribed);
  } else {
    live_ = false;
    log::Warn("caches off: cannot subscribe to change notifications",
              {{"detail", subscribed.error().detail}});
  }
}

ChangeFeed::~ChangeFeed() {
  subscription_.reset();
  assert(listeners_.empty());
}

ChangeFeed::Listening::Listening(Listening&& other) noexcept
    : feed_(std::exchange(other.feed_, nullptr)), id_(other.id_) {}

ChangeFeed::Listening& ChangeFeed::Listening::operator=(Listening&& other) noexcept {
  if (this != &other) {
    if (feed_ != nullptr) feed_->Unlisten(id_);
    feed_ = std::exchange(other.feed_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

ChangeFeed::Listening::~Listening() {
  if (feed_ != nullptr) feed_->Unlisten(id_);
}

ChangeFeed::Listening ChangeFeed::Listen(std::string topic, OnChange on_change, OnState on_state) {
  assert(!topic.empty() && topic.find(':') == topic.size() - 1);
  std::unique_lock lock(mutex_);
  const std::uint64_t id = next_id_++;
  // Under the exclusive lock no state change is being delivered, so the
  // listener sees live() once and then every change after it.
  if (on_state) on_state(live_.load());
  listeners_.push_back({id, std::move(topic), std::move(on_change), std::move(on_state)});
  return Listening(this, id);
}

void ChangeFeed::Unlisten(std::uint64_t id) {
  std::unique_lock lock(mutex_);
  std::erase_if(listeners_, [id](const Listener& l) { return l.id == id; });
}

Result<void> ChangeFeed::Announce(store::Transaction& tx, std::string_view topic,
                                  std::string_view id) const {
  std::string payload;
  payload.reserve(topic.size() + id.size());
  payload.append(topic).append(id);
  LK_TRY(tx.Notify(channel_, payload));
  tx.OnCommit([this, payload = std::move(payload)] { Deliver(payload); });
  return {};
}

void ChangeFeed::Deliver(std::string_view payload) const {
  const std::size_t colon = payload.find(':');
  if (colon == std::string_view::npos) return;  // not an announcement of ours
  const std::string_view topic = payload.substr(0, colon + 1);
  const std::string_view id = payload.substr(colon + 1);
  std::shared_lock lock(mutex_);
  // A topic nobody here listens to (a newer node's) is dropped.
  for (const Listener& l : listeners_) {
    if (l.topic == topic && l.on_change) l.on_change(id);
  }
}

void ChangeFeed::SetState(bool live) {
  std::shared_lock lock(mutex_);
  live_ = live;
  if (!live) log::Warn("caches off: change notifications interrupted");
  for (const Listener& l : listeners_) {
    if (l.on_state) l.on_state(live);
  }
}

}  // namespace latchkey::change_feed

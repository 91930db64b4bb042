#include "features/audit/audit.h"

#include <map>
#include <shared_mutex>

#include "crypto/random.h"
#include "features/platform/hooks.h"

namespace latchkey::audit {

namespace {

store::Value NullIfEmpty(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

// User agents are attacker-controlled: keep them bounded.
std::string Truncate(std::string_view s, std::size_t max) {
  return std::string(s.substr(0, std::min(s.size(), max)));
}

std::shared_mutex& AttachedMutex() {
  static std::shared_mutex mu;
  return mu;
}
std::map<const Clock*, const platform::Hooks*>& Attached() {  // GUARDED_BY(AttachedMutex())
  static std::map<const Clock*, const platform::Hooks*> attached;
  return attached;
}

const platform::Hooks* HooksFor(const Clock& clock) {
  std::shared_lock lock(AttachedMutex());
  auto found = Attached().find(&clock);
  if (found == Attached().end() || !found->second->HasAuditRecordedHooks()) return nullptr;
  return found->second;
}

std::string_view TextOf(const store::Value& value) {
  const auto* text = std::get_if<std::string>(&value);
  return text == nullptr ? std::string_view() : std::string_view(*text);
}

// One row; address, agent and request id as given.
Result<void> Insert(store::Transaction& tx, const Clock& clock, const Event& event,
                    store::Value client_address, store::Value user_agent, store::Value request_id) {
  const std::string id = crypto::RandomAlnum(32);
  const std::int64_t now = clock.NowMs();
  const std::string address(TextOf(client_address));
  LK_TRY(tx.Exec(
      "INSERT INTO audit_events (id, created_at, event_type, outcome, user_id, session_id, "
      "client_address, user_agent, request_id, details, target_user_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, now, std::string(event.type), std::string(event.outcome), NullIfEmpty(event.user_id),
       NullIfEmpty(event.session_id), std::move(client_address), std::move(user_agent),
       std::move(request_id), event.details_json, NullIfEmpty(event.target_user_id)}));
  const platform::Hooks* hooks = HooksFor(clock);
  if (hooks == nullptr) return {};
  return hooks->RunAuditRecorded(tx, {.id = id,
                                      .created_at_ms = now,
                                      .type = event.type,
                                      .outcome = event.outcome,
                                      .user_id = event.user_id,
                                      .target_user_id = event.target_user_id,
                                      .session_id = event.session_id,
                                      .client_address = address,
                                      .details_json = event.details_json});
}

}  // namespace

Result<void> RecordInTransaction(store::Transaction& tx, const Clock& clock,
                                 const http::Request& request, const Event& event) {
  return Insert(tx, clock, event, request.client_address,
                Truncate(request.Header("user-agent").value_or(""), 512), request.request_id);
}

Result<void> RecordWithoutRequest(store::Transaction& tx, const Clock& clock,
                                  std::string_view source, const Event& event) {
  return Insert(tx, clock, event, nullptr, std::string(source), nullptr);
}

Result<void> RecordStandalone(store::Store& store, const Clock& clock, const http::Request& request,
                              const Event& event) {
  return store::InTransaction(store, [&](store::Transaction& tx) -> Result<void> {
    return RecordInTransaction(tx, clock, request, event);
  });
}

void AttachHooks(const Clock& clock, const platform::Hooks& hooks) {
  std::unique_lock lock(AttachedMutex());
  Attached()[&clock] = &hooks;
}

void DetachHooks(const Clock& clock) {
  std::unique_lock lock(AttachedMutex());
  Attached().erase(&clock);
}

}  // namespace latchkey::audit

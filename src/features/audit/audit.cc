#include "features/audit/audit.h"

#include "crypto/random.h"

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

// One row; address, agent and request id as given.
Result<void> Insert(store::Transaction& tx, const Clock& clock, const Event& event,
                    store::Value client_address, store::Value user_agent, store::Value request_id) {
  LK_TRY(
      tx.Exec("INSERT INTO audit_events (id, created_at, event_type, outcome, user_id, session_id, "
              "client_address, user_agent, request_id, details, target_user_id) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {crypto::RandomAlnum(32), clock.NowMs(), std::string(event.type),
               std::string(event.outcome), NullIfEmpty(event.user_id),
               NullIfEmpty(event.session_id), std::move(client_address), std::move(user_agent),
               std::move(request_id), event.details_json, NullIfEmpty(event.target_user_id)}));
  return {};
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

}  // namespace latchkey::audit

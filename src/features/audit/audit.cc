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

}  // namespace

Result<void> RecordInTransaction(store::Transaction& tx, const Clock& clock,
                                 const http::Request& request, const Event& event) {
  std::string user_agent = Truncate(request.Header("user-agent").value_or(""), 512);
  LK_TRY(tx.Exec(
      "INSERT INTO audit_events (id, created_at, event_type, outcome, user_id, session_id, "
      "client_address, user_agent, request_id, details, target_user_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {crypto::RandomAlnum(32), clock.NowMs(), std::string(event.type), std::string(event.outcome),
       NullIfEmpty(event.user_id), NullIfEmpty(event.session_id), request.client_address,
       user_agent, request.request_id, event.details_json, NullIfEmpty(event.target_user_id)}));
  return {};
}

Result<void> RecordStandalone(store::Store& store, const Clock& clock, const http::Request& request,
                              const Event& event) {
  return store::InTransaction(store, [&](store::Transaction& tx) -> Result<void> {
    return RecordInTransaction(tx, clock, request, event);
  });
}

}  // namespace latchkey::audit

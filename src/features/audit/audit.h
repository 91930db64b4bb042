// The audit trail: one row in audit_events per security-relevant action,
// written in the same transaction as the action (RecordInTransaction), or on
// its own when the action failed and nothing else commits (RecordStandalone).
// The table, its API and its retention: audit_feature.h (docs/audit.md).
// Thread-safety: stateless functions.
#ifndef LK_FEATURES_AUDIT_AUDIT_H_
#define LK_FEATURES_AUDIT_AUDIT_H_

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "http/request.h"
#include "store/store.h"

namespace latchkey::platform {
class Hooks;
}  // namespace latchkey::platform

namespace latchkey::audit {

inline constexpr std::string_view kSuccess = "success";
inline constexpr std::string_view kFailure = "failure";

struct Event {
  std::string_view type;            // "user.sign_in"
  std::string_view outcome;         // kSuccess | kFailure
  std::string user_id;              // empty = NULL
  std::string session_id;           // empty = NULL
  std::string target_user_id;       // whom it was done to, if not the actor; empty = NULL
  std::string details_json = "{}";  // never a secret
};

// Errors: whatever the transaction returns.
Result<void> RecordInTransaction(store::Transaction& tx, const Clock& clock,
                                 const http::Request& request, const Event& event);
// An action no request made (a scheduled key rotation, a command-line
// operation): client address and request id stay NULL; `source` takes the
// user agent's place ("server", "cli"). Errors: as RecordInTransaction.
Result<void> RecordWithoutRequest(store::Transaction& tx, const Clock& clock,
                                  std::string_view source, const Event& event);
// Opens its own transaction. Errors: as Store::Begin/Commit.
Result<void> RecordStandalone(store::Store& store, const Clock& clock, const http::Request& request,
                              const Event& event);

// Every event written with `clock` from now on also runs `hooks`'
// audit-recorded hooks in its transaction (docs/design.md "Hook points"). The
// clock names the application (tests run several in one process); the audit
// feature attaches in Register() and detaches when destroyed. `hooks` must
// outlive the attachment. Thread-safety: safe beside concurrent writes.
void AttachHooks(const Clock& clock, const platform::Hooks& hooks);
void DetachHooks(const Clock& clock);

}  // namespace latchkey::audit

#endif  // LK_FEATURES_AUDIT_AUDIT_H_

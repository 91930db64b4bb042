// The admin feature's impersonation table
// (migrations/0002_create_admin_impersonations.sql); every function runs in
// the caller's transaction. Errors: as Transaction::Exec/Query.
#ifndef LK_FEATURES_ADMIN_IMPERSONATION_STORE_H_
#define LK_FEATURES_ADMIN_IMPERSONATION_STORE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::admin {

struct Impersonation {
  std::string session_id;        // the impersonation session (the target's)
  std::string admin_user_id;     // who impersonates (session.impersonatedBy)
  std::string admin_session_id;  // the admin's own session, restored at the end
};

namespace impersonation_store {

Result<void> Insert(store::Transaction& tx, const Impersonation& impersonation, TimeMs now);
// nullopt when the session is not an impersonation session.
Result<std::optional<Impersonation>> Find(store::Transaction& tx, std::string_view session_id);
// The impersonation sessions an admin started (their ids).
Result<std::vector<std::string>> SessionsStartedBy(store::Transaction& tx,
                                                   std::string_view admin_user_id);

}  // namespace impersonation_store
}  // namespace latchkey::admin

#endif  // LK_FEATURES_ADMIN_IMPERSONATION_STORE_H_

// Reading the audit trail (docs/audit.md "The API"): the filters, the
// opaque keyset cursor and the page query, shared by the JSON list, the CSV
// export and `latchkey audit export`. Order: newest first, by
// (created_at DESC, id DESC), a total order the 0003 index serves, so a
// page boundary never moves when events are added meanwhile (they are newer
// than every cursor handed out). Thread-safety: stateless functions.
#ifndef LK_FEATURES_AUDIT_AUDIT_QUERY_H_
#define LK_FEATURES_AUDIT_AUDIT_QUERY_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::audit {

struct Filter {
  std::string type;            // exact; ending in '.' = every type with that prefix ("admin.")
  std::string actor;           // user_id
  std::string target;          // target_user_id
  std::string outcome;         // "success" | "failure"
  std::string address;         // client_address, exact
  std::optional<TimeMs> from;  // created_at >= from
  std::optional<TimeMs> to;    // created_at < to
};

// The position after the last event of a page.
struct Cursor {
  TimeMs created_at = 0;
  std::string id;
};

struct EventRow {
  std::string id;
  TimeMs created_at = 0;
  std::string type;
  std::string outcome;
  std::optional<std::string> user_id;
  std::optional<std::string> target_user_id;
  std::optional<std::string> session_id;
  std::optional<std::string> client_address;
  std::optional<std::string> user_agent;
  std::optional<std::string> request_id;
  std::string details;  // JSON text
};

inline constexpr int kDefaultLimit = 50;
inline constexpr int kMaxLimit = 500;

// Reads the filters through `param` (a query parameter by name; nullopt or
// empty = unset): type, actor, target, outcome, address, from, to.
// Errors: INVALID_FILTER naming the parameter.
Result<Filter> ParseFilter(
    const std::function<std::optional<std::string>(std::string_view)>& param);

// Milliseconds since the epoch ("1767225600000") or ISO-8601 in UTC or
// with an offset ("2026-01-01", "2026-01-01T10:00:00Z",
// "2026-01-01T10:00:00.250+02:00"). nullopt when neither.
std::optional<TimeMs> ParseTime(std::string_view text);

// base64url, no padding; opaque to clients.
std::string EncodeCursor(const Cursor& cursor);
// Errors: INVALID_CURSOR.
Result<Cursor> DecodeCursor(std::string_view text);

// Up to `limit` events matching `filter`, newest first, after `after`.
// Errors: as Store::QueryOnce.
Result<std::vector<EventRow>> ListEvents(store::Store& store, const Filter& filter,
                                         const std::optional<Cursor>& after, int limit);

// Deletes up to `batch` events created before `cutoff`, oldest first;
// returns how many. Errors: as Store::Begin / Exec.
Result<std::int64_t> PurgeBefore(store::Store& store, TimeMs cutoff, int batch);

}  // namespace latchkey::audit

#endif  // LK_FEATURES_AUDIT_AUDIT_QUERY_H_

#include "features/audit/audit_query.h"

#include <charconv>

#include "crypto/encoding.h"
#include "features/audit/audit_errors.h"

namespace latchkey::audit {
namespace {

constexpr std::size_t kMaxTypeLength = 64;
constexpr std::size_t kMaxIdLength = 128;
constexpr std::size_t kMaxAddressLength = 64;

Error BadFilter(std::string_view name, std::string_view what) {
  Error error = MakeError(errors::kInvalidFilter, std::string(name) + ": " + std::string(what));
  error.wire_message = "[query." + std::string(name) + "] " + std::string(what);
  return error;
}

bool AllOf(std::string_view s, std::size_t max, bool (*ok)(char)) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s) {
    if (!ok(c)) return false;
  }
  return true;
}
bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool TypeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}
bool IdChar(char c) { return IsAlnum(c) || c == '_' || c == '-'; }
// IPv4, IPv6 (with a zone), or "-" (unknown peer).
bool AddressChar(char c) { return IsAlnum(c) || c == '.' || c == ':' || c == '%' || c == '-'; }

// Reads exactly `n` digits at `pos`.
std::optional<int> Digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return std::int64_t{era} * 146097 + doe - 719468;
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::optional<TimeMs> ParseIso(std::string_view s) {
  auto y = Digits(s, 0, 4), mo = Digits(s, 5, 2), d = Digits(s, 8, 2);
  if (!y || !mo || !d || s[4] != '-' || s[7] != '-' || *mo < 1 || *mo > 12 || *d < 1 ||
      *d > DaysInMonth(*y, *mo)) {
    return std::nullopt;
  }
  TimeMs ms = DaysFromCivil(*y, *mo, *d) * 86'400'000;
  if (s.size() == 10) return ms;  // a date alone: its midnight, UTC
  auto h = Digits(s, 11, 2), mi = Digits(s, 14, 2);
  if (s[10] != 'T' || !h || !mi || s[13] != ':' || *h > 23 || *mi > 59) return std::nullopt;
  ms += (*h * 60LL + *mi) * 60'000;
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    auto sec = Digits(s, pos + 1, 2);
    if (!sec || *sec > 59) return std::nullopt;
    ms += *sec * 1000LL;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {  // fraction: milliseconds kept, finer dropped
      std::size_t start = ++pos;
      int frac = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (pos - start < 3) frac = frac * 10 + (s[pos] - '0');
        ++pos;
      }
      if (pos == start || pos - start > 9) return std::nullopt;
      for (std::size_t n = pos - start; n < 3; ++n) frac *= 10;
      ms += frac;
    }
  }
  // A time needs its zone: local time would be a guess.
  if (pos + 1 == s.size() && s[pos] == 'Z') return ms;
  if (pos + 6 != s.size() || (s[pos] != '+' && s[pos] != '-') || s[pos + 3] != ':') {
    return std::nullopt;
  }
  auto oh = Digits(s, pos + 1, 2), om = Digits(s, pos + 4, 2);
  if (!oh || !om || *oh > 23 || *om > 59) return std::nullopt;
  const TimeMs offset = (*oh * 60LL + *om) * 60'000;
  return s[pos] == '+' ? ms - offset : ms + offset;
}

}  // namespace

std::optional<TimeMs> ParseTime(std::string_view text) {
  if (!text.empty() && text.size() <= 15 &&
      text.find_first_not_of("0123456789") == std::string_view::npos) {
    TimeMs value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }
  return ParseIso(text);
}

Result<Filter> ParseFilter(
    const std::function<std::optional<std::string>(std::string_view)>& param) {
  auto get = [&](std::string_view name) { return param(name).value_or(""); };
  Filter filter;
  filter.type = get("type");
  if (!filter.type.empty() && !AllOf(filter.type, kMaxTypeLength, TypeChar)) {
    return Fail(BadFilter("type", "an event type (a-z, 0-9, _ and .) or a prefix ending in ."));
  }
  filter.actor = get("actor");
  if (!filter.actor.empty() && !AllOf(filter.actor, kMaxIdLength, IdChar)) {
    return Fail(BadFilter("actor", "a user id"));
  }
  filter.target = get("target");
  if (!filter.target.empty() && !AllOf(filter.target, kMaxIdLength, IdChar)) {
    return Fail(BadFilter("target", "a user id"));
  }
  filter.outcome = get("outcome");
  if (!filter.outcome.empty() && filter.outcome != "success" && filter.outcome != "failure") {
    return Fail(BadFilter("outcome", "success or failure"));
  }
  filter.address = get("address");
  if (!filter.address.empty() && !AllOf(filter.address, kMaxAddressLength, AddressChar)) {
    return Fail(BadFilter("address", "an IP address"));
  }
  for (auto [name, slot] : {std::pair{"from", &filter.from}, std::pair{"to", &filter.to}}) {
    std::string text = get(name);
    if (text.empty()) continue;
    *slot = ParseTime(text);
    if (!*slot) {
      return Fail(BadFilter(name, "milliseconds since the epoch or an ISO-8601 time with a zone"));
    }
  }
  if (filter.from && filter.to && *filter.from > *filter.to) {
    return Fail(BadFilter("from", "must not be after to"));
  }
  return filter;
}

std::string EncodeCursor(const Cursor& cursor) {
  return crypto::Base64UrlEncode(std::to_string(cursor.created_at) + ":" + cursor.id);
}

Result<Cursor> DecodeCursor(std::string_view text) {
  auto bad = [] { return Fail(MakeError(errors::kInvalidCursor)); };
  if (text.empty() || text.size() > 256) return bad();
  auto decoded = crypto::Base64UrlDecode(text);
  if (!decoded) return bad();
  const std::size_t colon = decoded->find(':');
  if (colon == std::string::npos || colon == 0 || colon > 15) return bad();
  Cursor cursor;
  const char* begin = decoded->data();
  auto [end, ec] = std::from_chars(begin, begin + colon, cursor.created_at);
  if (ec != std::errc() || end != begin + colon || cursor.created_at < 0) return bad();
  cursor.id = decoded->substr(colon + 1);
  if (!AllOf(cursor.id, kMaxIdLength, IdChar)) return bad();
  return cursor;
}

Result<std::vector<EventRow>> ListEvents(store::Store& store, const Filter& filter,
                                         const std::optional<Cursor>& after, int limit) {
  std::string sql =
      "SELECT id, created_at, event_type, outcome, user_id, target_user_id, session_id, "
      "client_address, user_agent, request_id, details FROM audit_events WHERE 1 = 1";
  std::vector<store::Value> args;
  if (!filter.type.empty() && filter.type.back() == '.') {
    // substr, not LIKE: no wildcard to escape, and the same on both databases.
    sql += " AND substr(event_type, 1, ?) = ?";
    args.emplace_back(static_cast<std::int64_t>(filter.type.size()));
    args.emplace_back(filter.type);
  } else if (!filter.type.empty()) {
    sql += " AND event_type = ?";
    args.emplace_back(filter.type);
  }
  for (auto [column, value] :
       {std::pair{"user_id", &filter.actor}, std::pair{"target_user_id", &filter.target},
        std::pair{"outcome", &filter.outcome}, std::pair{"client_address", &filter.address}}) {
    if (value->empty()) continue;
    sql += std::string(" AND ") + column + " = ?";
    args.emplace_back(*value);
  }
  if (filter.from) {
    sql += " AND created_at >= ?";
    args.emplace_back(*filter.from);
  }
  if (filter.to) {
    sql += " AND created_at < ?";
    args.emplace_back(*filter.to);
  }
  if (after) {
    // A row value: both databases walk the (created_at, id) index from it.
    sql += " AND (created_at, id) < (?, ?)";
    args.emplace_back(after->created_at);
    args.emplace_back(after->id);
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  args.emplace_back(std::int64_t{limit});
  LK_ASSIGN_OR_RETURN(auto rows, store.QueryOnce(sql, args));
  std::vector<EventRow> events;
  events.reserve(rows.size());
  for (const store::Row& row : rows) {
    EventRow e;
    LK_ASSIGN_OR_RETURN(e.id, row.GetString("id"));
    LK_ASSIGN_OR_RETURN(e.created_at, row.GetInt("created_at"));
    LK_ASSIGN_OR_RETURN(e.type, row.GetString("event_type"));
    LK_ASSIGN_OR_RETURN(e.outcome, row.GetString("outcome"));
    LK_ASSIGN_OR_RETURN(e.user_id, row.GetNullableString("user_id"));
    LK_ASSIGN_OR_RETURN(e.target_user_id, row.GetNullableString("target_user_id"));
    LK_ASSIGN_OR_RETURN(e.session_id, row.GetNullableString("session_id"));
    LK_ASSIGN_OR_RETURN(e.client_address, row.GetNullableString("client_address"));
    LK_ASSIGN_OR_RETURN(e.user_agent, row.GetNullableString("user_agent"));
    LK_ASSIGN_OR_RETURN(e.request_id, row.GetNullableString("request_id"));
    LK_ASSIGN_OR_RETURN(e.details, row.GetString("details"));
    events.push_back(std::move(e));
  }
  return events;
}

Result<std::int64_t> PurgeBefore(store::Store& store, TimeMs cutoff, int batch) {
  return store::InTransaction(store, [&](store::Transaction& tx) {
    return tx.Exec(
        "DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE created_at < ? "
        "ORDER BY created_at LIMIT ?)",
        {cutoff, std::int64_t{batch}});
  });
}

}  // namespace latchkey::audit

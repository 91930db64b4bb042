#include "features/audit/audit_csv.h"

namespace latchkey::audit {
namespace {

// A spreadsheet evaluates a cell starting with these (tab, CR and NUL too:
// some strip them and then see the next character). ASVS 5.0 1.2.10 lists
// = + - @ tab and NUL.
bool StartsFormula(std::string_view value) {
  if (value.empty()) return false;
  switch (value.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
    case '\0':
      return true;
    default:
      return false;
  }
}

void AppendOptional(std::string& out, const std::optional<std::string>& value) {
  AppendCsvCell(out, value.value_or(""));
}

}  // namespace

void AppendCsvCell(std::string& out, std::string_view value) {
  const bool defused = StartsFormula(value);
  const bool quoted = defused || value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quoted) out.push_back('"');
  if (defused) out.push_back('\'');
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  if (quoted) out.push_back('"');
}

void AppendCsvHeader(std::string& out) {
  out.append(
      "id,created_at,type,outcome,user_id,target_user_id,session_id,client_address,user_agent,"
      "request_id,details\r\n");
}

void AppendCsvRow(std::string& out, const EventRow& event) {
  AppendCsvCell(out, event.id);
  out.push_back(',');
  out.append(FormatIsoTime(event.created_at));  // digits, '-', ':', 'T', '.', 'Z': never escaped
  out.push_back(',');
  AppendCsvCell(out, event.type);
  out.push_back(',');
  AppendCsvCell(out, event.outcome);
  for (const auto* value : {&event.user_id, &event.target_user_id, &event.session_id,
                            &event.client_address, &event.user_agent, &event.request_id}) {
    out.push_back(',');
    AppendOptional(out, *value);
  }
  out.push_back(',');
  AppendCsvCell(out, event.details);
  out.append("\r\n");
}

Result<bool> CsvExporter::Next(std::string& out) {
  if (!started_) {
    started_ = true;
    AppendCsvHeader(out);
  }
  LK_ASSIGN_OR_RETURN(auto events, ListEvents(store_, filter_, after_, page_));
  for (const EventRow& event : events) AppendCsvRow(out, event);
  rows_ += static_cast<std::int64_t>(events.size());
  if (static_cast<int>(events.size()) < page_) return false;
  after_ = Cursor{events.back().created_at, events.back().id};
  return true;
}

}  // namespace latchkey::audit

// The audit trail as CSV (docs/audit.md "CSV"): RFC 4180 (CRLF line ends,
// a header row, fields with a quote, comma or line break quoted and their
// quotes doubled), and safe to open in a spreadsheet: a cell that would
// start with = + - @ TAB, CR or NUL gets a leading apostrophe (ASVS 5.0
// 1.2.10, CWE-1236), so no cell is ever read as a formula.
// Thread-safety: stateless functions and a single-owner exporter.
#ifndef LK_FEATURES_AUDIT_AUDIT_CSV_H_
#define LK_FEATURES_AUDIT_AUDIT_CSV_H_

#include <optional>
#include <string>
#include <string_view>

#include "features/audit/audit_query.h"

namespace latchkey::audit {

// One cell, escaped as above.
void AppendCsvCell(std::string& out, std::string_view value);
// The header row, CRLF included.
void AppendCsvHeader(std::string& out);
// One event, CRLF included.
void AppendCsvRow(std::string& out, const EventRow& event);

// Walks the matching events in keyset pages of `page` rows, newest first,
// one page per Next(): the first also carries the header. Memory stays one
// page whatever the number of rows; events added while it runs are newer
// than its first page and are left out.
class CsvExporter {
 public:
  static constexpr int kPageRows = 1000;

  CsvExporter(store::Store& store, Filter filter, int page = kPageRows)
      : store_(store), filter_(std::move(filter)), page_(page) {}

  // Appends the next rows to `out`. Returns true while more may follow,
  // false once done. Errors: as ListEvents.
  Result<bool> Next(std::string& out);
  std::int64_t rows() const { return rows_; }

 private:
  store::Store& store_;
  Filter filter_;
  int page_;
  std::optional<Cursor> after_;
  bool started_ = false;
  std::int64_t rows_ = 0;
};

}  // namespace latchkey::audit

#endif  // LK_FEATURES_AUDIT_AUDIT_CSV_H_

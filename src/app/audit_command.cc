// `latchkey audit export`: the audit trail as CSV on the command line, the
// same rows and escaping as GET /api/auth/admin/audit-events/export
// (docs/audit.md "Command line"). It only reads, a page at a time through
// the store's read connections, so it runs beside a server on the same
// database (SQLite's WAL readers or PostgreSQL's MVCC never block writers).
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <map>

#include "app/commands.h"
#include "features/audit/audit_csv.h"
#include "store/store.h"

namespace latchkey::app {
namespace {

int Refuse(const std::string& what) {
  std::fprintf(stderr, "latchkey audit export: %s\n", what.c_str());
  return 2;
}

// The export holds addresses and user ids: a new file is the owner's only.
std::FILE* OpenOutput(const std::string& path) {
  if (path.empty() || path == "-") return stdout;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return nullptr;
  std::FILE* file = ::fdopen(fd, "w");
  if (file == nullptr) ::close(fd);
  return file;
}

}  // namespace

int RunAuditExport(const Config& config, const AuditExportArgs& args) {
  const std::map<std::string_view, const std::string*> params = {{"type", &args.type},
                                                                 {"actor", &args.actor},
                                                                 {"target", &args.target},
                                                                 {"outcome", &args.outcome},
                                                                 {"address", &args.address},
                                                                 {"from", &args.from},
                                                                 {"to", &args.to}};
  auto filter = audit::ParseFilter([&](std::string_view name) -> std::optional<std::string> {
    auto it = params.find(name);
    return it == params.end() ? std::nullopt : std::optional<std::string>(*it->second);
  });
  if (!filter) return Refuse(filter.error().detail);
  store::StoreOptions options;
  options.url = config.database_url;
  options.pool_size = 1;
  auto store = store::Store::Open(options);
  if (!store) return Refuse("cannot open the database: " + store.error().detail);
  std::FILE* out = OpenOutput(args.output);
  if (out == nullptr) return Refuse("cannot write " + args.output);
  audit::CsvExporter exporter(**store, std::move(*filter));
  std::string page;
  bool ok = true;
  for (bool more = true; more && ok;) {
    page.clear();
    Result<bool> next = exporter.Next(page);
    if (!next) {
      std::fprintf(stderr, "latchkey audit export: %s\n", next.error().detail.c_str());
      ok = false;
      break;
    }
    more = *next;
    ok = std::fwrite(page.data(), 1, page.size(), out) == page.size();
  }
  ok = std::fflush(out) == 0 && ok;
  if (out != stdout) ok = std::fclose(out) == 0 && ok;
  if (!ok) {
    std::fprintf(stderr, "latchkey audit export: failed; the output is incomplete\n");
    return 1;
  }
  std::fprintf(stderr, "latchkey audit export: %lld events\n",
               static_cast<long long>(exporter.rows()));
  return 0;
}

}  // namespace latchkey::app

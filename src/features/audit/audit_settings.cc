#include "features/audit/audit_settings.h"

namespace latchkey::audit {

settings::Table AuditSettingsTable() {
  using S = AuditSettings;
  return settings::SettingsTable<S>("audit", "Audit log")
      .Int("audit_retention_days", &S::audit_retention_days, 0, 36500,
           "days an `audit_events` row is kept before the background purge deletes it; 0 = "
           "forever ([docs/audit.md](docs/audit.md))")
      .Build();
}

}  // namespace latchkey::audit

// The audit feature's configuration keys (docs/audit.md "Retention").
#ifndef LK_FEATURES_AUDIT_AUDIT_SETTINGS_H_
#define LK_FEATURES_AUDIT_AUDIT_SETTINGS_H_

#include "core/settings.h"

namespace latchkey::audit {

struct AuditSettings {
  int audit_retention_days = 365;  // 0 = keep forever
};

settings::Table AuditSettingsTable();

}  // namespace latchkey::audit

#endif  // LK_FEATURES_AUDIT_AUDIT_SETTINGS_H_

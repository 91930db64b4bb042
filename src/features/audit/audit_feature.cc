#include "features/audit/audit_feature.h"

#include "features/audit/audit.h"
#include "features/audit/audit_errors.h"
#include "features/audit/audit_routes.h"
#include "features/audit/audit_settings.h"

namespace latchkey::audit {

std::span<const store::Migration> EmbeddedMigrations();

std::span<const store::Migration> AuditFeature::Migrations() const { return EmbeddedMigrations(); }

std::span<const ErrorInfo> AuditFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {errors::kInvalidFilter, errors::kInvalidCursor,
                                          errors::kInvalidLimit};
  return kErrors;
}

Result<void> AuditFeature::Register(platform::Platform& platform) {
  policy_ = &platform.policy;
  AttachHooks(services_.clock, platform.hooks);
  attached_ = true;
  return {};
}

Result<void> AuditFeature::RegisterRoutes(platform::RouteTable& routes) {
  // No authorizer (the admin feature off): nobody could be allowed in, so
  // the routes are not there at all (404), as the admin plugin's own.
  if (policy_ == nullptr || !policy_->authorize) return {};
  LK_TRY(routes.Add(kListEventsRoute, [this](const http::Request& request, platform::Call&) {
    return ListAuditEvents(request, services_.store);
  }));
  return routes.Add(kExportEventsRoute, [this](const http::Request& request, platform::Call& call) {
    return ExportAuditEvents(request, services_, call.caller().user.id, call.caller().session.id);
  });
}

AuditFeature::~AuditFeature() {
  if (attached_) DetachHooks(services_.clock);
}

Result<void> AuditFeature::Start() {
  const int days = services_.config.Get<AuditSettings>().audit_retention_days;
  if (days <= 0) return {};  // kept forever
  purger_ = std::make_unique<Purger>(services_.store, services_.clock,
                                     Purger::Options{.retention_days = days});
  purger_->Start();
  return {};
}

void AuditFeature::Stop() {
  if (purger_) purger_->Stop();
}

}  // namespace latchkey::audit

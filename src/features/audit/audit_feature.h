// The audit feature (docs/audit.md): owns the audit_events table (written
// by every feature through audit.h), its read API under
// /api/auth/admin/audit-events, and the retention purge.
// The routes are admin routes: they exist only when an authorizer does (the
// admin feature, on). Register() runs for every feature before any
// RegisterRoutes(), so the admin feature's authorizer is known by then,
// whatever the order of the two features.
#ifndef LK_FEATURES_AUDIT_AUDIT_FEATURE_H_
#define LK_FEATURES_AUDIT_AUDIT_FEATURE_H_

#include <memory>

#include "features/audit/audit_purge.h"
#include "features/feature.h"

namespace latchkey::audit {

class AuditFeature final : public Feature {
 public:
  explicit AuditFeature(const Services& services) : services_(services) {}
  AuditFeature(const AuditFeature&) = delete;
  AuditFeature& operator=(const AuditFeature&) = delete;
  ~AuditFeature() override;
  std::string_view id() const override { return "audit"; }
  std::span<const store::Migration> Migrations() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable& routes) override;
  Result<void> Start() override;
  void Stop() override;

 private:
  const Services services_;
  const platform::AccessPolicy* policy_ = nullptr;
  std::unique_ptr<Purger> purger_;
  bool attached_ = false;  // audit-recorded hooks attached (audit.h AttachHooks)
};

}  // namespace latchkey::audit

#endif  // LK_FEATURES_AUDIT_AUDIT_FEATURE_H_

// Sessions bound to the device that opened them (issue 20,
// docs/session-binding.md): with session_binding on, each session keeps its
// user-agent family and client network, and a use that matches neither
// (per the mode) is refused with 401 SESSION_BINDING_MISMATCH, the session
// revoked, one audit event written and the owner mailed. A mobile client
// leaving its network is allowed for session_binding_ip_grace and re-bound
// by the refresh flow. Built only on the platform's hooks: session created
// (record), session fields (load with the cached session), session used
// (decide, on every use: no query unless the binding changes).
// Thread-safety: immutable after Register(); hooks run concurrently.
#ifndef LK_FEATURES_SESSION_BINDING_SESSION_BINDING_FEATURE_H_
#define LK_FEATURES_SESSION_BINDING_SESSION_BINDING_FEATURE_H_

#include "features/common/mail_queue.h"
#include "features/feature.h"
#include "features/platform/hooks.h"
#include "features/session_binding/binding.h"
#include "features/session_binding/session_binding_settings.h"
#include "features/sessions/session_service.h"

namespace latchkey::session_binding {

inline constexpr ErrorInfo kMismatch{
    "SESSION_BINDING_MISMATCH", ErrorKind::kUnauthenticated,
    "Session used from another device or network; it has been signed out"};

class SessionBindingFeature final : public Feature {
 public:
  SessionBindingFeature(const Services& services, const sessions::SessionService& sessions,
                        MailQueue& mail);
  std::string_view id() const override { return "session-binding"; }
  std::span<const std::string_view> DependsOn() const override;
  std::span<const store::Migration> Migrations() const override;
  std::span<const ErrorInfo> Errors() const override;
  Result<void> Register(platform::Platform& platform) override;
  Result<void> RegisterRoutes(platform::RouteTable&) override { return {}; }

 private:
  // The session-used hook. Errors: kMismatch; as the store.
  Result<void> OnUse(const platform::SessionUsedEvent& event) const;
  // Writes what `verdict` changes (kBind, kStartGrace, kRebind) and
  // announces it, so every node's cache re-reads the binding.
  Result<void> Update(const platform::SessionUsedEvent& event, Verdict verdict,
                      const std::optional<Binding>& stored, const Use& use) const;
  // Ends the session; the request that ended it audits and mails.
  // Returns kMismatch.
  Result<void> Refuse(const platform::SessionUsedEvent& event, Verdict verdict,
                      const Binding& stored, const Use& use) const;

  const Services& services_;
  const sessions::SessionService& sessions_;
  MailQueue& mail_;
  const Mode mode_;
  const TimeMs grace_ms_;
};

}  // namespace latchkey::session_binding

#endif  // LK_FEATURES_SESSION_BINDING_SESSION_BINDING_FEATURE_H_

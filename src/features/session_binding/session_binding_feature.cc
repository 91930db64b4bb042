#include "features/session_binding/session_binding_feature.h"

#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "features/common/mail_layout.h"
#include "features/platform/platform.h"
#include "features/session_binding/ua_family.h"

namespace latchkey::session_binding {

std::span<const store::Migration> EmbeddedMigrations();

namespace {

constexpr std::size_t kMaxUserAgent = 512;  // as sessions stores it

Use UseOf(const http::Request& request, TimeMs now, bool refresh) {
  const std::string_view agent = request.Header("user-agent").value_or("");
  return {.ua_family = UserAgentFamily(agent.substr(0, kMaxUserAgent)),
          .network = ClientNetwork(request.client_address),
          .now = now,
          .refresh = refresh};
}

std::optional<Binding> StoredBinding(const sessions::Session& session) {
  const std::string* field = sessions::FindPrivateField(session, kPrivateField);
  if (field == nullptr) return std::nullopt;
  return DecodeBinding(*field);
}

OutgoingMail RefusalMail(const Config& config, const users::User& user, const std::string& when,
                         std::string_view what) {
  return ComposeMail(
      config, user.email,
      {.subject = "A session of your account was signed out",
       .greeting_name = user.name,
       .before = {"One of your account's sessions was just used from " + std::string(what) +
                      " than the one it was opened on, so we signed that session out.",
                  "When: " + when},
       .after = {"If you switched browsers or networks, sign in again; there is nothing else "
                 "to do.",
                 "If it was not you, someone may have copied your session: change your "
                 "password now, which also signs out every other session."}});
}

}  // namespace

SessionBindingFeature::SessionBindingFeature(const Services& services,
                                             const sessions::SessionService& sessions,
                                             MailQueue& mail)
    : services_(services),
      sessions_(sessions),
      mail_(mail),
      // The settings table validated the mode.
      mode_(ParseMode(services.config.Get<SessionBindingSettings>().session_binding)
                .value_or(Mode::kOff)),
      grace_ms_(services.config.Get<SessionBindingSettings>().session_binding_ip_grace_s * 1000) {}

std::span<const std::string_view> SessionBindingFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit"};
  return kDeps;
}

std::span<const store::Migration> SessionBindingFeature::Migrations() const {
  return EmbeddedMigrations();
}

std::span<const ErrorInfo> SessionBindingFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {kMismatch};
  return kErrors;
}

Result<void> SessionBindingFeature::Register(platform::Platform& platform) {
  // The table exists either way; off costs nothing per request.
  if (mode_ == Mode::kOff) return {};
  // A refusal ends the session: its answer expires the cookies too.
  platform.policy.session_ending_codes.push_back(kMismatch.code);
  platform.hooks.OnSessionCreated(
      [this](store::Transaction& tx, const platform::SessionCreatedEvent& event) -> Result<void> {
        const Use use = UseOf(event.request, services_.clock.NowMs(), false);
        LK_TRY(
            tx.Exec("INSERT INTO session_bindings (session_id, ua_family, network, bound_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING",
                    {event.session.id, use.ua_family, use.network, use.now}));
        return {};
      });
  platform.hooks.AddSessionFields(
      [](store::Transaction& tx, sessions::SessionWithUser& found) -> Result<void> {
        LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT ua_family, network, network_left_at "
                                                "FROM session_bindings WHERE session_id = ?",
                                                {found.session.id}));
        if (rows.empty()) return {};
        Binding binding;
        LK_ASSIGN_OR_RETURN(binding.ua_family, rows[0].GetString("ua_family"));
        LK_ASSIGN_OR_RETURN(binding.network, rows[0].GetString("network"));
        LK_ASSIGN_OR_RETURN(binding.network_left_at, rows[0].GetNullableInt("network_left_at"));
        found.session.private_fields.emplace_back(kPrivateField, EncodeBinding(binding));
        return {};
      });
  platform.hooks.OnSessionUsed(
      [this](const platform::SessionUsedEvent& event) { return OnUse(event); });
  return {};
}

Result<void> SessionBindingFeature::OnUse(const platform::SessionUsedEvent& event) const {
  // An API key's stand-in is no session of its own.
  if (event.found.session.from_api_key) return {};
  const std::optional<Binding> stored = StoredBinding(event.found.session);
  const Use use = UseOf(event.request, services_.clock.NowMs(), event.refresh);
  const Verdict verdict = Decide(mode_, grace_ms_, stored, use);
  switch (verdict) {
    case Verdict::kAllow:
      return {};
    case Verdict::kBind:
    case Verdict::kStartGrace:
    case Verdict::kRebind:
      return Update(event, verdict, stored, use);
    case Verdict::kRefuseUserAgent:
    case Verdict::kRefuseNetwork:
      return Refuse(event, verdict, *stored, use);
  }
  return {};
}

Result<void> SessionBindingFeature::Update(const platform::SessionUsedEvent& event, Verdict verdict,
                                           const std::optional<Binding>& stored,
                                           const Use& use) const {
  const sessions::Session& session = event.found.session;
  Result<void> updated =
      store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<void> {
        if (verdict == Verdict::kBind) {
          // A session from before binding was on; of racing first uses one binds.
          LK_TRY(
              tx.Exec("INSERT INTO session_bindings (session_id, ua_family, network, bound_at) "
                      "VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING",
                      {session.id, use.ua_family, use.network, use.now}));
        } else if (verdict == Verdict::kStartGrace) {
          LK_TRY(
              tx.Exec("UPDATE session_bindings SET network_left_at = ? WHERE session_id = ? AND "
                      "network_left_at IS NULL",
                      {use.now, session.id}));
        } else {
          LK_TRY(tx.Exec(
              "UPDATE session_bindings SET network = ?, network_left_at = NULL, bound_at = ? "
              "WHERE session_id = ?",
              {use.network, use.now, session.id}));
          std::string details;
          json::ObjectWriter(details)
              .String("from", stored ? stored->network : "")
              .String("to", use.network)
              .Close();
          LK_TRY(audit::RecordInTransaction(tx, services_.clock, event.request,
                                            {.type = "session.binding_moved",
                                             .outcome = audit::kSuccess,
                                             .user_id = event.found.user.id,
                                             .session_id = session.id,
                                             .details_json = details}));
        }
        // Every node's cached copy re-reads the binding.
        return sessions_.InvalidateSession(tx, session.id, session.user_id);
      });
  // The binding's foreign key: the session ended after this request resolved
  // it (a racing refusal or sign-out deleted it, and its binding with it).
  if (!updated && updated.error().kind == ErrorKind::kConflict) {
    return Fail(MakeError(errors::kUnauthorized));
  }
  return updated;
}

Result<void> SessionBindingFeature::Refuse(const platform::SessionUsedEvent& event, Verdict verdict,
                                           const Binding& stored, const Use& use) const {
  const sessions::Session& session = event.found.session;
  const users::User& user = event.found.user;
  const bool agent = verdict == Verdict::kRefuseUserAgent;
  LK_TRY(store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(bool ended, sessions_.EndSession(tx, session.id, session.user_id));
    // Another request refusing the same session at once ended it: one event, one mail.
    if (!ended) return {};
    std::string details;
    json::ObjectWriter(details)
        .String("reason", agent ? "user_agent" : "network")
        .String("bound", agent ? stored.ua_family : stored.network)
        .String("seen", agent ? use.ua_family : use.network)
        .Bool("refresh", use.refresh)
        .Close();
    LK_TRY(audit::RecordInTransaction(tx, services_.clock, event.request,
                                      {.type = "session.binding_mismatch",
                                       .outcome = audit::kFailure,
                                       .user_id = user.id,
                                       .session_id = session.id,
                                       .details_json = details}));
    return mail_.Send(tx, RefusalMail(services_.config, user, FormatIsoTime(use.now),
                                      agent ? "another browser or device" : "another network"));
  }));
  return Fail(MakeError(kMismatch));
}

}  // namespace latchkey::session_binding

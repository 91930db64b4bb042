#include "features/two_factor/two_factor_feature.h"

#include "core/json_writer.h"
#include "features/common/mail_layout.h"
#include "features/two_factor/routes/two_factor_routes.h"
#include "features/two_factor/two_factor_errors.h"
#include "features/two_factor/two_factor_store.h"

namespace latchkey::two_factor {
namespace {

// Admin's reset-two-factor (docs/permissions.md "Account operations"): the
// user's 2FA and trusted devices go, their sessions are reloaded without it,
// and they are told by mail. The admin route records the audit event.
Result<std::string> ResetForOperator(const TwoFactorService& service, store::Transaction& tx,
                                     const platform::AccountActionEvent& event) {
  LK_ASSIGN_OR_RETURN(auto state, store_ops::LoadState(tx, event.user.id));
  const bool was_on = state && state->enabled;
  LK_TRY(store_ops::DeleteAll(tx, event.user.id));
  LK_TRY(service.deps().sessions.InvalidateUser(tx, event.user.id));
  if (was_on) {
    LK_TRY(service.deps().mail.Send(
        tx, ComposeMail(service.deps().services.config, event.user.email,
                        {.subject = "Two-factor authentication is off",
                         .greeting_name = event.user.name,
                         .before = {"An administrator turned two-factor authentication off for "
                                    "your account and forgot its trusted devices: signing in now "
                                    "asks for your password only."},
                         .after = {"If you did not ask for this, contact support and turn "
                                   "two-factor authentication on again."}})));
  }
  std::string details;
  json::ObjectWriter(details).Bool("was_enabled", was_on).Close();
  return details;
}

}  // namespace

std::span<const store::Migration> EmbeddedMigrations();

std::span<const std::string_view> TwoFactorFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit"};
  return kDeps;
}

std::span<const store::Migration> TwoFactorFeature::Migrations() const {
  return EmbeddedMigrations();
}

std::span<const ErrorInfo> TwoFactorFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {
      errors::kInvalidTwoFactorCookie, errors::kInvalidCode,        errors::kInvalidBackupCode,
      errors::kTotpNotEnabled,         errors::kTotpAlreadyEnabled, errors::kTwoFactorNotEnabled,
      errors::kBackupCodesNotEnabled,  errors::kOtpHasExpired,      errors::kOtpNotConfigured,
      errors::kTooManyAttempts,        errors::kNoPendingSetup};
  return kErrors;
}

Result<void> TwoFactorFeature::Register(platform::Platform& platform) {
  // The tables exist either way (migrations do not depend on settings).
  if (!service_.settings().two_factor) return {};
  platform.hooks.OnAfterFirstFactor(
      [this](const platform::SignInEvent& event) { return service_.Gate(event); });
  platform.hooks.OnSignInResponse(
      [this](const platform::SessionCreatedEvent& event, http::Response& response) {
        service_.RotateTrust(event, response);
        return Result<void>();
      });
  platform.hooks.AddUserFields([this](store::Transaction& tx, users::User& user) {
    return service_.AddUserFields(tx, user);
  });
  platform.hooks.OnSessionsRevoked([](store::Transaction& tx, const std::string& user_id) {
    return store_ops::ForgetUserDevices(tx, user_id);
  });
  platform.hooks.OfferAccountAction(
      "reset-two-factor",
      [this](store::Transaction& tx, const platform::AccountActionEvent& event) {
        return ResetForOperator(service_, tx, event);
      });
  return {};
}

Result<void> TwoFactorFeature::RegisterRoutes(platform::RouteTable& routes) {
  if (!service_.settings().two_factor) return {};
  using Setup = Result<http::Response> (*)(const http::Request&, const TwoFactorService&,
                                           const sessions::SessionWithUser&);
  const std::pair<const http::RouteSpec*, Setup> setup[] = {
      {&kEnableRoute, &Enable},
      {&kDisableRoute, &Disable},
      {&kGetTotpUriRoute, &GetTotpUri},
      {&kGenerateBackupCodesRoute, &GenerateBackupCodes},
      {&kViewBackupCodesRoute, &ViewBackupCodes},
      {&kQrRoute, &TotpQr},
  };
  // (Plain variables: clang 14 cannot capture structured bindings.)
  for (const auto& entry : setup) {
    const Setup handler = entry.second;
    LK_TRY(
        routes.Add(*entry.first, [this, handler](const http::Request& req, platform::Call& call) {
          return handler(req, service_, call.caller());
        }));
  }
  const std::pair<const http::RouteSpec*, Factor> verify[] = {
      {&kVerifyTotpRoute, Factor::kTotp},
      {&kVerifyOtpRoute, Factor::kOtp},
      {&kVerifyBackupCodeRoute, Factor::kBackupCode},
  };
  platform::RouteTable* table = &routes;
  for (const auto& entry : verify) {
    const http::RouteSpec* spec = entry.first;
    const Factor factor = entry.second;
    LK_TRY(
        routes.Add(*spec, [this, table, spec, factor](const http::Request& req, platform::Call&) {
          return VerifyCode(req, service_, *table, *spec, factor);
        }));
  }
  return routes.Add(kSendOtpRoute, [this, table](const http::Request& req, platform::Call&) {
    return SendOtp(req, service_, *table);
  });
}

}  // namespace latchkey::two_factor

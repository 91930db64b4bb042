#include "features/two_factor/two_factor_feature.h"

#include "features/two_factor/routes/two_factor_routes.h"
#include "features/two_factor/two_factor_errors.h"

namespace latchkey::two_factor {

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
      });
  platform.hooks.AddUserFields([this](store::Transaction& tx, users::User& user) {
    return service_.AddUserFields(tx, user);
  });
  platform.hooks.OnSessionsRevoked([](store::Transaction& tx, const std::string& user_id) {
    return store_ops::ForgetUserDevices(tx, user_id);
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

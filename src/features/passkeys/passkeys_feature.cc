#include "features/passkeys/passkeys_feature.h"

#include "features/passkeys/passkey_errors.h"
#include "features/passkeys/routes/passkey_routes.h"

namespace latchkey::passkeys {

std::span<const store::Migration> EmbeddedMigrations();

std::span<const std::string_view> PasskeysFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions", "audit"};
  return kDeps;
}

std::span<const store::Migration> PasskeysFeature::Migrations() const {
  return EmbeddedMigrations();
}

std::span<const ErrorInfo> PasskeysFeature::Errors() const {
  static constexpr ErrorInfo kErrors[] = {errors::kChallengeNotFound,
                                          errors::kFailedToVerifyRegistration,
                                          errors::kPasskeyNotFound,
                                          errors::kPasskeyNotFoundManage,
                                          errors::kAuthenticationFailed,
                                          errors::kAuthenticationInvalid,
                                          errors::kNotAllowed};
  return kErrors;
}

Result<void> PasskeysFeature::RegisterRoutes(platform::RouteTable& routes) {
  if (!service_.settings().passkey) return {};
  using Managing = Result<http::Response> (*)(const http::Request&, const PasskeyService&,
                                              const sessions::SessionWithUser&);
  const std::pair<const http::RouteSpec*, Managing> signed_in[] = {
      {&kRegisterOptionsRoute, &RegisterOptions},
      {&kVerifyRegistrationRoute, &VerifyRegistration},
      {&kListRoute, &ListPasskeys},
      {&kUpdateRoute, &UpdatePasskey},
      {&kDeleteRoute, &DeletePasskey},
  };
  for (const auto& entry : signed_in) {
    const Managing handler = entry.second;
    LK_TRY(
        routes.Add(*entry.first, [this, handler](const http::Request& req, platform::Call& call) {
          return handler(req, service_, call.caller());
        }));
  }
  platform::RouteTable* table = &routes;
  for (const http::RouteSpec* spec :
       {&kAuthenticateOptionsGetRoute, &kAuthenticateOptionsPostRoute}) {
    LK_TRY(routes.Add(*spec, [this, table](const http::Request& req, platform::Call&) {
      return AuthenticateOptions(req, service_, *table);
    }));
  }
  return routes.Add(kVerifyAuthenticationRoute, [this](const http::Request& req, platform::Call&) {
    // Every refusal counted once (docs/design.md "Signing in").
    return service_.deps().sign_in.Refused("passkey", VerifyAuthentication(req, service_));
  });
}

}  // namespace latchkey::passkeys

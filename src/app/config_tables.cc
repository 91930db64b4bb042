// Every table of configuration keys, in the order `config check` and
// README's keys table show them: the server's, then one line per feature
// that has settings, in the feature order of app/application.cc.
#include "app/config_loader.h"
#include "features/abuse/abuse_settings.h"
#include "features/account/account_settings.h"
#include "features/admin/admin_settings.h"
#include "features/api_keys/api_key_settings.h"
#include "features/audit/audit_settings.h"
#include "features/email_password/email_password_settings.h"
#include "features/email_verification/email_verification_settings.h"
#include "features/jwt/jwt_settings.h"
#include "features/last_login_method/last_login_method_settings.h"
#include "features/oidc_provider/oidc_settings.h"
#include "features/organizations/organizations_settings.h"
#include "features/passkeys/passkey_settings.h"
#include "features/plans/plan_settings.h"
#include "features/realtime/realtime_settings.h"
#include "features/refresh_tokens/refresh_settings.h"
#include "features/session_binding/session_binding_settings.h"
#include "features/sessions/session_settings.h"
#include "features/social/social_settings.h"
#include "features/two_factor/two_factor_settings.h"
#include "features/web_ui/web_ui_settings.h"
#include "features/webhooks/webhook_settings.h"

namespace latchkey::app {

const std::vector<settings::Table>& ConfigTables() {
  static const std::vector<settings::Table> tables = [] {
    std::vector<settings::Table> all;
    all.push_back(ServerSettingsTable());
    all.push_back(audit::AuditSettingsTable());
    all.push_back(sessions::SessionSettingsTable());
    all.push_back(email_password::EmailPasswordSettingsTable());
    all.push_back(account::AccountSettingsTable());
    all.push_back(email_verification::EmailVerificationSettingsTable());
    all.push_back(abuse::AbuseSettingsTable());
    all.push_back(jwt::JwtSettingsTable());
    all.push_back(refresh_tokens::RefreshSettingsTable());
    all.push_back(api_keys::ApiKeySettingsTable());
    all.push_back(realtime::RealtimeSettingsTable());
    all.push_back(last_login_method::LastLoginMethodSettingsTable());
    all.push_back(session_binding::SessionBindingSettingsTable());
    all.push_back(admin::AdminSettingsTable());
    all.push_back(two_factor::TwoFactorSettingsTable());
    all.push_back(passkeys::PasskeySettingsTable());
    all.push_back(social::SocialSettingsTable());
    all.push_back(organizations::OrganizationSettingsTable());
    all.push_back(plans::PlanSettingsTable());
    all.push_back(oidc_provider::OidcSettingsTable());
    all.push_back(webhooks::WebhookSettingsTable());
    all.push_back(web_ui::WebUiSettingsTable());
    return all;
  }();
  return tables;
}

}  // namespace latchkey::app

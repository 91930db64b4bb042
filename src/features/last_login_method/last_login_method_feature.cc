#include "features/last_login_method/last_login_method_feature.h"

#include "core/json_writer.h"

namespace latchkey::last_login_method {

std::span<const store::Migration> EmbeddedMigrations();

namespace {

// Better Auth's cookie: readable by the app's scripts (not HttpOnly), so a
// sign-in page can say "you last used e-mail"; 30 days.
constexpr std::string_view kCookieName = "last_used_login_method";
constexpr long long kCookieMaxAgeS = 30LL * 24 * 60 * 60;

}  // namespace

std::optional<std::string_view> ReportedMethod(std::string_view flow_method) {
  if (flow_method == "email" || flow_method == "sign-up") return "email";
  // Not sign-ins: a password change or two-factor switch replacing the session.
  if (flow_method == "change-password" || flow_method == "session-rotation") return std::nullopt;
  return flow_method;  // "email-verification", later "passkey", a social provider id, …
}

std::span<const std::string_view> LastLoginMethodFeature::DependsOn() const {
  static constexpr std::string_view kDeps[] = {"users", "sessions"};
  return kDeps;
}

std::span<const store::Migration> LastLoginMethodFeature::Migrations() const {
  return EmbeddedMigrations();
}

Result<void> LastLoginMethodFeature::Register(platform::Platform& platform) {
  // The table exists either way (migrations do not depend on settings); the
  // hooks only when the plugin is on.
  if (!settings_.last_login_method) return {};
  platform.hooks.OnSessionCreated(
      [this](store::Transaction& tx, const platform::SessionCreatedEvent& event) -> Result<void> {
        auto method = ReportedMethod(event.method);
        if (!method) return {};
        LK_TRY(
            tx.Exec("INSERT INTO last_login_methods (user_id, method, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (user_id) DO UPDATE SET method = excluded.method, "
                    "updated_at = excluded.updated_at",
                    {event.user.id, std::string(*method), services_.clock.NowMs()}));
        return {};
      });
  platform.hooks.OnSignInResponse(
      [this](const platform::SessionCreatedEvent& event, http::Response& response) -> Result<void> {
        auto method = ReportedMethod(event.method);
        if (!method) return {};
        http::CookieSpec cookie;
        cookie.name = services_.config.cookie_prefix + "." + std::string(kCookieName);
        cookie.value = std::string(*method);
        cookie.max_age = kCookieMaxAgeS;
        cookie.http_only = false;
        cookie.secure = services_.config.secure_cookies;
        response.SetCookie(http::SerializeCookie(cookie));
        return {};
      });
  platform.hooks.AddUserFields([](store::Transaction& tx, users::User& user) -> Result<void> {
    LK_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT method FROM last_login_methods WHERE "
                                            "user_id = ?",
                                            {user.id}));
    std::string value = "null";
    if (!rows.empty()) {
      LK_ASSIGN_OR_RETURN(std::string method, rows.front().GetString("method"));
      value.clear();
      json::AppendString(value, method);
    }
    user.extra_fields.emplace_back("lastLoginMethod", std::move(value));
    return {};
  });
  return {};
}

}  // namespace latchkey::last_login_method

// unlink-account, get-access-token, refresh-token and account-info
// (docs/api.md "Social sign-in"): the signed-in user's linked accounts.
// An account is named by its row id (`accountId`, Better Auth 1.7) or, for
// older clients, by `providerId`.
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/common/validation.h"
#include "features/social/provider_json.h"
#include "features/social/routes/social_routes.h"
#include "features/social/social_errors.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::social {
namespace {

// Refreshed ahead of expiry by this much (Better Auth: 5 s).
constexpr TimeMs kRefreshAheadMs = 5000;

struct Selection {
  std::optional<std::string> account_id;
  std::optional<std::string> provider_id;
  std::optional<std::string> user_id;
};

Result<Selection> ParseSelection(const http::Request& request) {
  Selection s;
  if (request.method == http::Method::kGet) {
    s.account_id = request.QueryParam("accountId");
    s.provider_id = request.QueryParam("providerId");
    s.user_id = request.QueryParam("userId");
  } else {
    LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
    LK_ASSIGN_OR_RETURN(s.account_id, validation::OptionalString(body, "accountId", 128));
    LK_ASSIGN_OR_RETURN(s.provider_id, validation::OptionalString(body, "providerId", 64));
    LK_ASSIGN_OR_RETURN(s.user_id, validation::OptionalString(body, "userId", 128));
  }
  if (!s.account_id && !s.provider_id) {
    return Fail(validation::FieldError("accountId", "expected string, received undefined"));
  }
  return s;
}

// The caller's account the selection names.
Result<users::Account> Select(store::Transaction& tx, const Selection& s,
                              const std::string& user_id) {
  if (s.user_id && *s.user_id != user_id) return Fail(MakeError(errors::kAccountNotFound));
  LK_ASSIGN_OR_RETURN(auto all, users::ListAccounts(tx, user_id));
  for (const users::Account& a : all) {
    if (s.account_id ? (a.id == *s.account_id || a.account_id == *s.account_id) &&
                           (!s.provider_id || a.provider_id == *s.provider_id)
                     : a.provider_id == *s.provider_id) {
      return a;
    }
  }
  return Fail(MakeError(errors::kAccountNotFound));
}

struct Linked {
  users::Account account;
  social_store::StoredTokens stored;  // sealed
  const Provider* provider = nullptr;
};

Result<Linked> Load(const http::Request& request, const SocialService& service,
                    const std::string& user_id) {
  LK_ASSIGN_OR_RETURN(Selection s, ParseSelection(request));
  Linked linked;
  LK_TRY(store::InReadTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        LK_ASSIGN_OR_RETURN(linked.account, Select(tx, s, user_id));
        LK_ASSIGN_OR_RETURN(auto stored, social_store::FindTokens(tx, linked.account.id));
        if (stored) linked.stored = std::move(*stored);
        return {};
      }));
  linked.provider = service.Find(linked.account.provider_id);
  if (linked.account.provider_id == users::kCredentialProvider) {
    return Fail(MakeError(errors::kProviderNotSupported));
  }
  if (linked.provider == nullptr) return Fail(MakeError(errors::kProviderNotSupported));
  return linked;
}

// Refreshes at the provider and stores the new tokens (the refresh token
// kept when the provider does not rotate it).
Result<TokenSet> RefreshStored(const SocialService& service, const Linked& linked) {
  const std::string& row = linked.account.id;
  LK_ASSIGN_OR_RETURN(std::string refresh,
                      service.Open(row, "refresh_token", linked.stored.refresh_token));
  if (refresh.empty()) return Fail(MakeError(errors::kRefreshTokenNotFound));
  auto fresh = linked.provider->Refresh(refresh);
  if (!fresh) return Fail(MakeError(errors::kFailedToRefreshAccessToken, fresh.error().detail));
  if (fresh->refresh_token.empty()) fresh->refresh_token = refresh;
  if (fresh->id_token.empty()) {
    LK_ASSIGN_OR_RETURN(fresh->id_token, service.Open(row, "id_token", linked.stored.id_token));
  }
  if (fresh->scope.empty()) fresh->scope = linked.stored.scope;
  LK_ASSIGN_OR_RETURN(std::string profile, service.Open(row, "profile", linked.stored.profile));
  LK_ASSIGN_OR_RETURN(auto sealed, service.SealTokens(row, *fresh, profile));
  LK_TRY(store::InTransaction(service.deps().services.store, [&](store::Transaction& tx) {
    return social_store::PutTokens(tx, row, sealed, service.Now());
  }));
  return std::move(*fresh);
}

std::string ScopesJson(const std::string& scope) {
  std::vector<std::string> scopes;
  std::size_t start = 0;
  while (start < scope.size()) {
    std::size_t end = scope.find_first_of(", ", start);
    if (end == std::string::npos) end = scope.size();
    if (end > start) scopes.push_back(scope.substr(start, end - start));
    start = end + 1;
  }
  return json::StringArray(scopes);
}

void OptionalTime(json::ObjectWriter& w, std::string_view key, TimeMs t) {
  if (t != 0) w.String(key, FormatIsoTime(t));
}

}  // namespace

Result<http::Response> UnlinkAccount(const http::Request& request, const SocialService& service,
                                     const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(Selection s, ParseSelection(request));
  const std::string& user_id = caller.user.id;
  auto unlinked = store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        LK_ASSIGN_OR_RETURN(users::Account account, Select(tx, s, user_id));
        LK_ASSIGN_OR_RETURN(auto all, users::ListAccounts(tx, user_id));
        // The last way to sign in stays (Better Auth's allowUnlinkingAll off).
        if (all.size() <= 1 && !service.settings().allow_unlinking_all) {
          return Fail(MakeError(errors::kFailedToUnlinkLastAccount));
        }
        LK_TRY(users::DeleteUserAccount(tx, user_id, account.id));
        std::string details;
        json::ObjectWriter(details)
            .String("provider", account.provider_id)
            .String("account_row_id", account.id)
            .Close();
        return audit::RecordInTransaction(tx, service.deps().services.clock, request,
                                          {.type = "account.unlinked",
                                           .outcome = audit::kSuccess,
                                           .user_id = user_id,
                                           .session_id = caller.session.id,
                                           .details_json = details});
      });
  if (!unlinked) {
    std::string details;
    json::ObjectWriter(details).String("reason", unlinked.error().code).Close();
    LK_TRY(audit::RecordStandalone(service.deps().services.store, service.deps().services.clock,
                                   request,
                                   {.type = "account.unlinked",
                                    .outcome = audit::kFailure,
                                    .user_id = user_id,
                                    .session_id = caller.session.id,
                                    .details_json = details}));
    return Fail(std::move(unlinked).error());
  }
  return http::Response::Json(R"({"status":true})");
}

Result<http::Response> GetAccessToken(const http::Request& request, const SocialService& service,
                                      const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(Linked linked, Load(request, service, caller.user.id));
  const std::string& row = linked.account.id;
  TokenSet tokens;
  LK_ASSIGN_OR_RETURN(tokens.access_token,
                      service.Open(row, "access_token", linked.stored.access_token));
  LK_ASSIGN_OR_RETURN(tokens.id_token, service.Open(row, "id_token", linked.stored.id_token));
  tokens.access_expires_at = linked.stored.access_expires_at;
  tokens.scope = linked.stored.scope;
  if (tokens.access_token.empty()) return Fail(MakeError(errors::kAccessTokenNotFound));
  if (tokens.access_expires_at != 0 && tokens.access_expires_at - service.Now() < kRefreshAheadMs) {
    auto fresh = RefreshStored(service, linked);
    if (!fresh) return Fail(MakeError(errors::kFailedToGetAccessToken, fresh.error().detail));
    tokens = std::move(*fresh);
  }
  std::string body;
  json::ObjectWriter w(body);
  w.String("accessToken", tokens.access_token);
  OptionalTime(w, "accessTokenExpiresAt", tokens.access_expires_at);
  w.Raw("scopes", ScopesJson(tokens.scope));
  if (!tokens.id_token.empty()) w.String("idToken", tokens.id_token);
  w.Close();
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  return response;
}

Result<http::Response> RefreshToken(const http::Request& request, const SocialService& service,
                                    const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(Linked linked, Load(request, service, caller.user.id));
  LK_ASSIGN_OR_RETURN(TokenSet fresh, RefreshStored(service, linked));
  std::string body;
  json::ObjectWriter w(body);
  w.String("accessToken", fresh.access_token).String("refreshToken", fresh.refresh_token);
  OptionalTime(w, "accessTokenExpiresAt", fresh.access_expires_at);
  OptionalTime(w, "refreshTokenExpiresAt", fresh.refresh_expires_at);
  w.String("scope", fresh.scope);
  if (!fresh.id_token.empty()) w.String("idToken", fresh.id_token);
  w.String("providerId", linked.account.provider_id).String("accountId", linked.account.id).Close();
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  return response;
}

Result<http::Response> AccountInfo(const http::Request& request, const SocialService& service,
                                   const sessions::SessionWithUser& caller) {
  LK_ASSIGN_OR_RETURN(Linked linked, Load(request, service, caller.user.id));
  const std::string& row = linked.account.id;
  TokenSet tokens;
  LK_ASSIGN_OR_RETURN(tokens.access_token,
                      service.Open(row, "access_token", linked.stored.access_token));
  // The provider's answer now; what it said at sign-in when it has no
  // userinfo endpoint (Apple) or does not answer.
  std::string raw;
  Profile profile;
  if (auto live = linked.provider->FetchProfile(tokens, std::nullopt)) {
    profile = std::move(*live);
    raw = profile.raw_json;
  } else {
    LK_ASSIGN_OR_RETURN(raw, service.Open(row, "profile", linked.stored.profile));
    auto doc = ParseObject(raw);
    if (!doc) return Fail(MakeError(errors::kFailedToGetUserInfo));
    auto stored = ProfileFromClaims(
        MapUserInfo(*doc, linked.provider->settings(), !linked.provider->IsOpenId()));
    if (!stored) return Fail(MakeError(errors::kFailedToGetUserInfo));
    profile = std::move(*stored);
  }
  std::string user;
  json::ObjectWriter u(user);
  u.String("id", profile.account_id)
      .String("name", profile.name)
      .String("email", profile.email)
      .NullableString("image", profile.image)
      .Bool("emailVerified", profile.email_verified)
      .Close();
  std::string account;
  json::ObjectWriter(account)
      .String("id", linked.account.id)
      .String("providerId", linked.account.provider_id)
      .String("accountId", linked.account.account_id)
      .Close();
  std::string body;
  json::ObjectWriter(body).Raw("user", user).Raw("data", raw).Raw("account", account).Close();
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  return response;
}

}  // namespace latchkey::social

// GET /oauth2/authorize and POST /oauth2/consent (docs/oidc.md
// "Authorization"). Until the client and its redirect URI are known good,
// every refusal is a page here, never a redirect (RFC 6749 §4.1.2.1); after
// that, errors go to the redirect URI with state and iss (RFC 9207).
#include <boost/json.hpp>

#include "core/json_writer.h"
#include "crypto/constant_time.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "crypto/token_hash.h"
#include "features/audit/audit.h"
#include "features/oidc_provider/client_store.h"
#include "features/oidc_provider/oidc_errors.h"
#include "features/oidc_provider/oidc_feature.h"
#include "features/oidc_provider/pkce.h"
#include "features/oidc_provider/redirect_uri.h"
#include "http/body.h"
#include "http/request.h"

namespace latchkey::oidc_provider {
namespace {

constexpr std::int64_t kSignedQueryTtlS = 600;
constexpr std::size_t kMaxState = 1024;
constexpr std::size_t kMaxNonce = 512;
constexpr TimeMs kKeepSpentCodesMs = TimeMs{3600} * 1000;
constexpr std::string_view kAuthAfter = "lk_auth_after";

struct AuthorizationRequest {
  std::string client_id;
  std::string redirect_uri;
  std::string response_type;
  std::string scope;
  std::optional<std::string> state;
  std::optional<std::string> nonce;
  std::string code_challenge;
  std::string code_challenge_method;
  std::vector<std::string> prompt;
  std::optional<std::int64_t> max_age;
  bool bad_max_age = false;
  // Set on the request the sign-in page returns to after prompt=login: the
  // session must be newer than this (unix ms).
  std::optional<std::int64_t> auth_after;
};

std::optional<std::int64_t> ParseNonNegative(const std::string& text, bool& bad) {
  try {
    std::size_t used = 0;
    const std::int64_t value = std::stoll(text, &used);
    bad = used != text.size() || value < 0;
    return value;
  } catch (const std::exception&) {
    bad = true;
    return std::nullopt;
  }
}

AuthorizationRequest Parse(std::string_view query) {
  http::Request holder;
  holder.query = std::string(query);
  AuthorizationRequest ar;
  ar.client_id = holder.QueryParam("client_id").value_or("");
  ar.redirect_uri = holder.QueryParam("redirect_uri").value_or("");
  ar.response_type = holder.QueryParam("response_type").value_or("");
  ar.scope = holder.QueryParam("scope").value_or("");
  ar.state = holder.QueryParam("state");
  ar.nonce = holder.QueryParam("nonce");
  ar.code_challenge = holder.QueryParam("code_challenge").value_or("");
  ar.code_challenge_method = holder.QueryParam("code_challenge_method").value_or("");
  ar.prompt = SplitScope(holder.QueryParam("prompt").value_or(""));
  if (auto max_age = holder.QueryParam("max_age"))
    ar.max_age = ParseNonNegative(*max_age, ar.bad_max_age);
  if (auto after = holder.QueryParam(kAuthAfter))
    ar.auth_after = ParseNonNegative(*after, ar.bad_max_age);
  return ar;
}

bool Has(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::string Append(std::string_view uri, std::string_view params) {
  std::string out(uri);
  out += uri.find('?') == std::string_view::npos ? '?' : '&';
  out += params;
  return out;
}

using Refusal = std::pair<std::string_view, std::string_view>;

// What an authorization request from a known client, at one of its redirect
// URIs, is refused for (error, description), or nullopt.
std::optional<Refusal> CheckRequest(const Client& client, const AuthorizationRequest& ar) {
  if (ar.response_type != "code") {
    return Refusal{"unsupported_response_type", "only response_type=code is supported"};
  }
  if (!client.Allows(kGrantCode)) {
    return Refusal{"unauthorized_client", "the client may not use authorization_code"};
  }
  // OAuth 2.1 §4.1.1 / RFC 9700 §2.1.1: PKCE for every client, S256 only.
  if (ar.code_challenge.empty()) {
    return Refusal{"invalid_request", "code_challenge is required (PKCE S256)"};
  }
  if (ar.code_challenge_method != "S256") {
    return Refusal{"invalid_request", "code_challenge_method must be S256"};
  }
  if (!IsValidS256Challenge(ar.code_challenge)) {
    return Refusal{"invalid_request", "code_challenge is not an S256 challenge"};
  }
  if ((ar.state && ar.state->size() > kMaxState) || (ar.nonce && ar.nonce->size() > kMaxNonce) ||
      ar.bad_max_age) {
    return Refusal{"invalid_request", "state, nonce or max_age is invalid"};
  }
  if (Has(ar.prompt, "none") && ar.prompt.size() > 1) {
    return Refusal{"invalid_request", "prompt=none cannot be combined"};
  }
  const std::vector<std::string> scopes = SplitScope(ar.scope);
  if (scopes.empty()) return Refusal{"invalid_scope", "scope is required"};
  for (const std::string& scope : scopes) {
    if (!client.AllowsScope(scope)) {
      return Refusal{"invalid_scope", "scope not allowed for this client"};
    }
  }
  return std::nullopt;
}

// What a code is bound to (docs/oidc.md "Authorization").
struct CodeFacts {
  std::string client_id;
  const platform::Principal& principal;
  const AuthorizationRequest& ar;
  std::string scope;
  bool consented = false;
  TimeMs ttl_ms = 0;
};

// A new code: single use, short-lived, bound to the client, the redirect
// URI, the PKCE challenge, the nonce and the session; only its hash is
// stored. Audited as oauth.authorize.
Result<std::string> IssueCode(store::Transaction& tx, const Clock& clock,
                              const http::Request& request, const CodeFacts& f) {
  const TimeMs now = clock.NowMs();
  // Codes long expired go: a spent code is kept an hour past its expiry
  // so that a late replay still revokes what it issued.
  LK_TRY(tx.Exec("DELETE FROM oauth_codes WHERE expires_at < ?", {now - kKeepSpentCodesMs}));
  const std::string code = crypto::RandomAlnum(43);
  const sessions::Session& session = f.principal.session();
  std::string amr;
  for (const std::string& method : session.amr) amr += (amr.empty() ? "" : " ") + method;
  LK_TRY(tx.Exec(
      "INSERT INTO oauth_codes (code_hash, client_id, user_id, session_id, redirect_uri, scope, "
      "nonce, code_challenge, auth_time, amr, created_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {crypto::HashToken(code), f.client_id, f.principal.user().id, session.id, f.ar.redirect_uri,
       f.scope, f.ar.nonce ? store::Value(*f.ar.nonce) : store::Value(), f.ar.code_challenge,
       session.created_at, amr, now, now + f.ttl_ms}));
  std::string details;
  json::ObjectWriter(details)
      .String("clientId", f.client_id)
      .String("scope", f.scope)
      .Bool("consented", f.consented)
      .Close();
  LK_TRY(audit::RecordInTransaction(tx, clock, request,
                                    {.type = "oauth.authorize",
                                     .outcome = audit::kSuccess,
                                     .user_id = f.principal.user().id,
                                     .session_id = session.id,
                                     .details_json = details}));
  return code;
}

http::Response BadRequestPage(std::string_view error, std::string_view description) {
  return OAuthError(400, error, description);
}

}  // namespace

std::string OidcProviderFeature::SignQuery(std::string_view query) const {
  std::string body = std::string(query) +
                     "&exp=" + std::to_string(services_.clock.NowMs() / 1000 + kSignedQueryTtlS);
  return body + "&sig=" + crypto::Base64UrlEncode(crypto::HmacSha256(query_key_, body));
}

std::optional<std::string> OidcProviderFeature::VerifySignedQuery(
    std::string_view signed_query) const {
  const std::size_t sig_at = signed_query.rfind("&sig=");
  if (sig_at == std::string_view::npos) return std::nullopt;
  const std::string_view body = signed_query.substr(0, sig_at);
  const std::string_view sig = signed_query.substr(sig_at + 5);
  if (!crypto::ConstantTimeEquals(crypto::Base64UrlEncode(crypto::HmacSha256(query_key_, body)),
                                  sig)) {
    return std::nullopt;
  }
  // The last exp is ours: one the request itself carried comes earlier.
  const std::size_t exp_at = body.rfind("&exp=");
  if (exp_at == std::string_view::npos) return std::nullopt;
  std::int64_t exp = 0;
  try {
    exp = std::stoll(std::string(body.substr(exp_at + 5)));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (services_.clock.NowMs() / 1000 > exp) return std::nullopt;
  return std::string(body.substr(0, exp_at));
}

Result<OidcProviderFeature::Answer> OidcProviderFeature::Authorize(
    const http::Request& request, std::string_view query,
    const std::optional<platform::Principal>& who, Decision decision,
    std::string_view accepted_scope) const {
  const AuthorizationRequest ar = Parse(query);
  if (ar.client_id.empty()) {
    return Answer{BadRequestPage("invalid_request", "client_id is missing"), {}};
  }
  const TimeMs now = services_.clock.NowMs();
  Answer answer;
  LK_TRY(store::InTransaction(services_.store, [&](store::Transaction& tx) -> Result<void> {
    answer = Answer{};
    LK_ASSIGN_OR_RETURN(auto client, FindClient(tx, ar.client_id));
    if (!client) {
      answer.page = BadRequestPage("invalid_request", "unknown client_id");
      return {};
    }
    if (!MatchesRegisteredRedirect(client->redirect_uris, ar.redirect_uri)) {
      answer.page = BadRequestPage("invalid_request",
                                   "redirect_uri is missing or not registered for this client");
      return {};
    }
    // From here on the redirect URI is the client's own.
    auto to_client = [&](std::string params) {
      if (ar.state) params += "&state=" + http::PercentEncode(*ar.state);
      params += "&iss=" + http::PercentEncode(issuer_);
      answer.location = Append(ar.redirect_uri, params);
    };
    auto fail = [&](std::string_view error, std::string_view description) -> Result<void> {
      to_client("error=" + std::string(error) +
                "&error_description=" + http::PercentEncode(description));
      return {};
    };
    if (auto refused = CheckRequest(*client, ar)) return fail(refused->first, refused->second);
    std::vector<std::string> scopes = SplitScope(ar.scope);
    // Who: a session, recent enough for max_age, fresh when prompt=login.
    const bool prompt_none = Has(ar.prompt, "none");
    const bool too_old =
        who && ((ar.max_age && now - who->session().created_at > *ar.max_age * 1000) ||
                (ar.auth_after && who->session().created_at <= *ar.auth_after));
    // prompt=login once: the request that returns from the sign-in page
    // carries lk_auth_after and is judged by it instead.
    // select_account: the sign-in page is where another account is chosen.
    const bool force_login = decision == Decision::kAsk &&
                             (Has(ar.prompt, "login") || Has(ar.prompt, "select_account")) &&
                             !ar.auth_after;
    if (!who || too_old || force_login) {
      if (prompt_none) return fail("login_required", "the user is not signed in");
      // After prompt=login only a session made from now on goes on (the
      // sign-in page always shows its form, so this cannot loop by itself).
      const std::string back = force_login ? std::string(query) + "&" + std::string(kAuthAfter) +
                                                 "=" + std::to_string(now)
                                           : std::string(query);
      // The page gets ?redirect= (the hosted page goes back there) and the
      // request itself, signed: a sign-in that sends it as oauth_query
      // continues the authorization (sign_in_continue.cc).
      answer.location = Append(
          settings_.oidc_login_page,
          SignQuery("redirect=" +
                    http::PercentEncode(std::string(http::kApiBase) + "/oauth2/authorize?" + back) +
                    "&" + back));
      return {};
    }
    if (decision == Decision::kDeny) {
      return fail("access_denied", "the user denied the request");
    }
    const std::string& user_id = who->user().id;
    if (decision == Decision::kAccept) {
      if (!accepted_scope.empty()) {
        std::vector<std::string> narrowed = SplitScope(accepted_scope);
        for (const std::string& scope : narrowed) {
          if (!Has(scopes, scope)) {
            return fail("invalid_scope", "accepted scope was not requested");
          }
        }
        scopes = std::move(narrowed);
      }
      LK_TRY(tx.Exec("DELETE FROM oauth_consents WHERE user_id = ? AND client_id = ?",
                     {user_id, client->client_id}));
      LK_TRY(
          tx.Exec("INSERT INTO oauth_consents (user_id, client_id, scopes, created_at, "
                  "updated_at) VALUES (?, ?, ?, ?, ?)",
                  {user_id, client->client_id, JoinScope(scopes), now, now}));
    } else if (!client->skip_consent) {
      LK_ASSIGN_OR_RETURN(auto rows,
                          tx.Query("SELECT scopes FROM oauth_consents WHERE user_id = ? AND "
                                   "client_id = ?",
                                   {user_id, client->client_id}));
      bool granted = !rows.empty() && !Has(ar.prompt, "consent");
      if (granted) {
        LK_ASSIGN_OR_RETURN(std::string held, rows[0].GetString("scopes"));
        const std::vector<std::string> held_scopes = SplitScope(held);
        for (const std::string& scope : scopes) granted = granted && Has(held_scopes, scope);
      }
      if (!granted) {
        if (prompt_none) {
          return fail("consent_required", "the user has not consented");
        }
        // The page names the client from the signed query (lk_client_name, the
        // last one: the request could carry its own), never from the request.
        answer.location = Append(
            settings_.oidc_consent_page,
            SignQuery(std::string(query) + "&lk_client_name=" + http::PercentEncode(client->name)));
        return {};
      }
    }
    LK_ASSIGN_OR_RETURN(std::string code, IssueCode(tx, services_.clock, request,
                                                    {.client_id = client->client_id,
                                                     .principal = *who,
                                                     .ar = ar,
                                                     .scope = JoinScope(scopes),
                                                     .consented = decision == Decision::kAccept,
                                                     .ttl_ms = settings_.oidc_code_ttl_s * 1000}));
    to_client("code=" + code);
    return {};
  }));
  return answer;
}

Result<http::Response> OidcProviderFeature::Consent(const http::Request& request,
                                                    platform::Call& call) const {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/true));
  LK_ASSIGN_OR_RETURN(auto accept, http::OptionalBool(body, "accept"));
  LK_ASSIGN_OR_RETURN(auto scope, http::OptionalString(body, "scope"));
  LK_ASSIGN_OR_RETURN(auto oauth_query, http::OptionalString(body, "oauth_query"));
  if (!accept || !oauth_query) return Fail(MakeError(kInvalidConsent, "accept and oauth_query"));
  std::string_view signed_query = *oauth_query;
  if (signed_query.starts_with('?')) signed_query.remove_prefix(1);
  auto query = VerifySignedQuery(signed_query);
  if (!query) return Fail(MakeError(kInvalidConsent, "bad or expired signature"));
  std::optional<platform::Principal> who = call.principal();
  LK_ASSIGN_OR_RETURN(Answer answer,
                      Authorize(request, *query, who, *accept ? Decision::kAccept : Decision::kDeny,
                                scope.value_or("")));
  if (answer.page) return std::move(*answer.page);
  std::string out;
  json::ObjectWriter(out).Bool("redirect", true).String("url", answer.location).Close();
  http::Response response = http::Response::Json(std::move(out));
  response.no_store = true;
  return response;
}

}  // namespace latchkey::oidc_provider

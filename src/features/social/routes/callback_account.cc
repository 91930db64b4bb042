#include "features/social/routes/callback_account.h"

#include "core/json_writer.h"
#include "crypto/random.h"
#include "features/audit/audit.h"
#include "features/users/user_store.h"

namespace latchkey::social {
namespace {

std::string Details(const Arrival& a, bool linked) {
  std::string out;
  json::ObjectWriter(out)
      .String("method", "social")
      .String("provider", a.provider.id())
      .Bool("linked", linked)
      .Close();
  return out;
}

// The granted scopes as Better Auth stores them: comma-separated.
std::string GrantedScopes(const TokenSet& tokens) {
  std::string scope = tokens.scope;
  for (char& c : scope) {
    if (c == ' ') c = ',';
  }
  return scope;
}

// Creates the account row and its sealed tokens.
Result<void> AddAccount(store::Transaction& tx, const Arrival& a, const std::string& user_id) {
  users::Account account;
  account.id = crypto::RandomAlnum(32);
  account.user_id = user_id;
  account.provider_id = a.provider.id();
  account.account_id = a.profile.account_id;
  account.scope = GrantedScopes(a.tokens);
  account.created_at = account.updated_at = a.service.Now();
  LK_TRY(users::CreateAccount(tx, account));
  LK_ASSIGN_OR_RETURN(auto sealed, a.service.SealTokens(account.id, a.tokens, a.profile.raw_json));
  return social_store::PutTokens(tx, account.id, sealed, a.service.Now());
}

Result<void> UpdateTokens(store::Transaction& tx, const Arrival& a, const std::string& row_id) {
  LK_TRY(users::UpdateAccountScope(tx, row_id, GrantedScopes(a.tokens), a.service.Now()));
  LK_ASSIGN_OR_RETURN(auto sealed, a.service.SealTokens(row_id, a.tokens, a.profile.raw_json));
  return social_store::PutTokens(tx, row_id, sealed, a.service.Now());
}

// Who signs in, decided before anything is written.
struct Plan {
  std::optional<users::User> user;         // an existing user
  std::optional<std::string> account_row;  // their linked account's row
  std::string refusal;
};

Result<Plan> Decide(const Arrival& a) {
  return store::InReadTransaction(
      a.service.deps().services.store, [&](store::Transaction& tx) -> Result<Plan> {
        Plan plan;
        LK_ASSIGN_OR_RETURN(
            auto account, users::FindAccountByProvider(tx, a.provider.id(), a.profile.account_id));
        if (account) {
          LK_ASSIGN_OR_RETURN(plan.user, users::FindUserById(tx, account->user_id));
          plan.account_row = account->id;
          return plan;
        }
        LK_ASSIGN_OR_RETURN(plan.user, users::FindUserByEmail(tx, a.profile.email));
        if (plan.user) {
          const bool may_link = a.service.Trusted(a.provider.id()) && a.profile.email_verified &&
                                plan.user->email_verified;
          if (!may_link) plan.refusal = "account_not_linked";
        } else if (a.provider.settings().disable_sign_up) {
          plan.refusal = "signup_disabled";
        }
        return plan;
      });
}

// A sign-in a second factor interrupts: the account is linked (the rules
// held: docs/social.md "Linking rules") or its tokens updated before the
// challenge, so the user lands linked when the second factor completes. The
// link grants nothing alone: every sign-in through it meets the second
// factor too. "" when kept, else the callback error code.
Result<std::string> KeepBeforeSecondFactor(const Arrival& a, const Plan& plan,
                                           const std::string& user_id) {
  const SocialDeps& deps = a.service.deps();
  auto kept =
      store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<void> {
        if (plan.account_row) return UpdateTokens(tx, a, *plan.account_row);
        LK_TRY(AddAccount(tx, a, user_id));
        std::string details;
        json::ObjectWriter(details)
            .String("provider", a.provider.id())
            .Bool("implicit", true)
            .String("pending", "two_factor")
            .Close();
        return audit::RecordInTransaction(tx, deps.services.clock, a.request,
                                          {.type = "account.linked",
                                           .outcome = audit::kSuccess,
                                           .user_id = user_id,
                                           .details_json = details});
      });
  if (!kept && kept.error().code == "STORE_CONFLICT") return std::string("unable_to_link_account");
  if (!kept) return Fail(std::move(kept).error());
  return std::string();
}

}  // namespace

Result<SignInOutcome> SignInWithAccount(const Arrival& a) {
  const SocialDeps& deps = a.service.deps();
  LK_ASSIGN_OR_RETURN(Plan plan, Decide(a));
  SignInOutcome outcome;
  // Counted as method "social" (docs/design.md "Signing in").
  const std::string method = a.provider.id();
  if (plan.user) outcome.user_id = plan.user->id;
  if (!plan.refusal.empty()) {
    deps.sign_in.Refused(method, "rejected");
    outcome.refusal = plan.refusal;
    return outcome;
  }
  outcome.is_new = !plan.user;
  auto user = std::make_shared<users::User>();
  if (plan.user) {
    *user = *plan.user;
  } else {
    user->id = crypto::RandomAlnum(32);
    user->email = a.profile.email;
    user->name = a.profile.name.empty() ? a.profile.email.substr(0, a.profile.email.find('@'))
                                        : a.profile.name;
    user->email_verified = a.profile.email_verified;
    user->image = a.profile.image;
    user->created_at = user->updated_at = a.service.Now();
  }
  if (plan.user) {
    const sessions::SignInAttempt attempt{a.request, *user, method};
    auto instead = deps.sign_in.AfterFirstFactor(attempt);
    // A hook's refusal (a ban) is the callback's error code (Better Auth
    // passes API error codes such as BANNED_USER on).
    if (!instead) {
      deps.sign_in.Refused(method, platform::SignInOutcomeOf(instead.error()));
      outcome.refusal = std::string(instead.error().code);
      return outcome;
    }
    outcome.instead = std::move(*instead);
    if (outcome.instead) {
      // The second factor comes next, on two-factor's own routes: what the
      // provider proved is kept now, as a sign-in without one would.
      LK_ASSIGN_OR_RETURN(outcome.refusal, KeepBeforeSecondFactor(a, plan, user->id));
      return outcome;
    }
  }
  auto session = std::make_shared<sessions::Session>();
  auto device_id = std::make_shared<std::string>();
  auto written =
      store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<void> {
        if (outcome.is_new) {
          LK_TRY(users::CreateUser(tx, *user));
          LK_TRY(AddAccount(tx, a, user->id));
          LK_TRY(deps.hooks.RunUserCreated(tx, *user));
        } else if (plan.account_row) {
          LK_TRY(UpdateTokens(tx, a, *plan.account_row));
        } else {
          LK_TRY(AddAccount(tx, a, user->id));
        }
        const sessions::SignInAttempt attempt{a.request, *user, method};
        LK_ASSIGN_OR_RETURN(*session, deps.sign_in.StartSession(tx, attempt));
        LK_ASSIGN_OR_RETURN(
            *device_id, deps.devices.OnSignIn(tx, a.request, *user, /*notify=*/!outcome.is_new));
        LK_TRY(audit::RecordInTransaction(
            tx, deps.services.clock, a.request,
            {.type = outcome.is_new ? "user.sign_up" : "user.sign_in",
             .outcome = audit::kSuccess,
             .user_id = user->id,
             .session_id = session->id,
             .details_json = Details(a, !outcome.is_new && !plan.account_row)}));
        return deps.hooks.LoadUserFields(tx, *user);
      });
  if (!written) {
    // A concurrent first sign-in with the same account or e-mail lost the race.
    if (written.error().code == "STORE_CONFLICT") {
      deps.sign_in.Refused(method, "rejected");
      outcome.refusal = "unable_to_create_user";
      return outcome;
    }
    deps.sign_in.Refused(method, platform::SignInOutcomeOf(written.error()));
    return Fail(std::move(written).error());
  }
  // Committed: counted now, whatever happens to the answer.
  if (outcome.is_new) deps.services.activity.SignUp("social");
  deps.sign_in.Succeeded(method);
  outcome.user = user;
  outcome.session = session;
  const SocialDeps* d = &deps;
  const http::Request* request = &a.request;
  outcome.finish = [d, request, user, session, device_id,
                    method](http::Response& response) -> Result<void> {
    LK_TRY(d->sign_in.SetCookies({*request, *user, method}, *session, response));
    d->devices.SetCookie(response, *device_id);
    return {};
  };
  return outcome;
}

Result<std::string> LinkAccount(const Arrival& a) {
  const SocialDeps& deps = a.service.deps();
  const std::string& user_id = a.flow.link_user_id;
  auto linked =
      store::InTransaction(deps.services.store, [&](store::Transaction& tx) -> Result<std::string> {
        LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, user_id));
        if (!user) return std::string("unable_to_link_account");
        LK_ASSIGN_OR_RETURN(
            auto account, users::FindAccountByProvider(tx, a.provider.id(), a.profile.account_id));
        if (account && account->user_id != user_id) {
          return std::string("account_already_linked_to_different_user");
        }
        if (account) {
          LK_TRY(UpdateTokens(tx, a, account->id));
        } else {
          LK_TRY(AddAccount(tx, a, user_id));
        }
        std::string details;
        json::ObjectWriter(details).String("provider", a.provider.id()).Close();
        LK_TRY(audit::RecordInTransaction(tx, deps.services.clock, a.request,
                                          {.type = "account.linked",
                                           .outcome = audit::kSuccess,
                                           .user_id = user_id,
                                           .details_json = details}));
        return std::string();
      });
  if (!linked && linked.error().code == "STORE_CONFLICT") {
    return std::string("account_already_linked_to_different_user");
  }
  return linked;
}

}  // namespace latchkey::social

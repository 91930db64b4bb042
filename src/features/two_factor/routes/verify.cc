// verify-totp, verify-otp, verify-backup-code (docs/api.md "Two-factor
// authentication"): a code answers the sign-in challenge (the two_factor
// cookie) and completes the sign-in through the common path, or, with a
// session and no challenge, proves the authenticator (enable flow) or
// re-proves the second factor. Counters, the single-use claims and the
// sign-in are one transaction; a wrong code commits its counts and answers
// the error after.
#include "core/json_writer.h"
#include "crypto/otp.h"
#include "crypto/token_hash.h"
#include "features/audit/audit.h"
#include "features/common/validation.h"
#include "features/two_factor/routes/two_factor_routes.h"
#include "features/two_factor/two_factor_errors.h"
#include "features/users/user_store.h"
#include "http/body.h"

namespace latchkey::two_factor {
namespace {

struct VerifyInput {
  std::string code;
  bool trust_device = false;
};

Result<VerifyInput> ParseVerify(const http::Request& request) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, /*allow_form=*/false));
  VerifyInput in;
  LK_ASSIGN_OR_RETURN(in.code, validation::RequireString(body, "code", 64));
  LK_ASSIGN_OR_RETURN(auto trust, validation::OptionalBool(body, "trustDevice"));
  in.trust_device = trust.value_or(false);
  // disableSession (verify-backup-code) is accepted; a code never ends a session here.
  LK_TRY(validation::OptionalBool(body, "disableSession"));
  return in;
}

const char* FactorName(Factor factor) {
  switch (factor) {
    case Factor::kTotp:
      return "totp";
    case Factor::kOtp:
      return "otp";
    case Factor::kBackupCode:
      return "backup_code";
  }
  return "";
}

// What one verification decided; errors are answered after commit.
struct Outcome {
  const ErrorInfo* refusal = nullptr;
  bool code_checked = false;  // a code was compared (counts for the lockout)
  bool code_valid = false;
  std::optional<sessions::Session> session;  // a new session (sign-in or rotation)
  std::string device_id;
  std::string trust_value;
  users::User user;
};

class Verification {
 public:
  Verification(const http::Request& request, const TwoFactorService& service, Factor factor,
               const VerifyInput& in, VerifyContext& context)
      : request_(request), service_(service), factor_(factor), in_(in), context_(context) {}

  Result<Outcome> Run(store::Transaction& tx) {
    const TimeMs now = service_.Now();
    out_.user = context_.user;
    // After the 5th wrong code (which still answers INVALID_CODE, as Better
    // Auth does) the challenge answers only this until the lock ends.
    if (context_.challenge && context_.challenge->locked_until > now) {
      return Refuse(errors::kTooManyAttempts);
    }
    LK_ASSIGN_OR_RETURN(state_, store_ops::LoadState(tx, context_.user.id));
    LK_ASSIGN_OR_RETURN(const ErrorInfo* refusal, Check(tx, now));
    if (refusal != nullptr) return Refuse(*refusal);
    if (!out_.code_valid) return Fail(tx, now);
    return Succeed(tx);
  }

 private:
  Result<Outcome> Refuse(const ErrorInfo& error) {
    out_.refusal = &error;
    return std::move(out_);
  }

  // Compares the code. nullptr with code_valid false = a wrong code.
  Result<const ErrorInfo*> Check(store::Transaction& tx, TimeMs now) {
    switch (factor_) {
      case Factor::kTotp:
        return CheckTotp(tx, now);
      case Factor::kOtp:
        return CheckOtp(tx, now);
      case Factor::kBackupCode:
        return CheckBackupCode(tx);
    }
    return nullptr;
  }

  Result<const ErrorInfo*> CheckTotp(store::Transaction& tx, TimeMs now) {
    // A challenge needs a proven authenticator; a session may be proving it.
    if (!state_ || !state_->totp_secret || (context_.challenge && !state_->totp_verified)) {
      return &errors::kTotpNotEnabled;
    }
    LK_ASSIGN_OR_RETURN(std::string key,
                        service_.keys().OpenTotpKey(context_.user.id, *state_->totp_secret));
    out_.code_checked = true;
    LK_ASSIGN_OR_RETURN(auto step, crypto::MatchTotp(key, in_.code, now / 1000));
    if (!step) return nullptr;
    // RFC 6238 §5.2: each code once, also for two requests at the same moment.
    LK_ASSIGN_OR_RETURN(out_.code_valid, store_ops::ClaimTotpStep(tx, context_.user.id, *step));
    if (!out_.code_valid) replayed_ = true;
    return nullptr;
  }

  Result<const ErrorInfo*> CheckOtp(store::Transaction& tx, TimeMs now) {
    // Without mailed codes nothing was sent: Better Auth answers "expired" too.
    const std::string subject = OtpSubject(context_);
    LK_ASSIGN_OR_RETURN(auto otp, store_ops::FindOtp(tx, subject));
    if (!otp || otp->expires_at <= now) {
      if (otp) LK_TRY(store_ops::DeleteOtp(tx, subject));
      return &errors::kOtpHasExpired;
    }
    if (otp->attempts >= kOtpMaxAttempts) {
      LK_TRY(store_ops::DeleteOtp(tx, subject));
      return &errors::kTooManyAttempts;
    }
    out_.code_checked = true;
    LK_ASSIGN_OR_RETURN(auto hashes, service_.keys().OtpHashes(subject, in_.code));
    LK_ASSIGN_OR_RETURN(out_.code_valid, store_ops::ConsumeOtp(tx, subject, hashes));
    if (!out_.code_valid) {
      // After 5 wrong tries the next request kills the code (above), as
      // Better Auth does.
      LK_TRY(store_ops::BumpOtpAttempts(tx, subject));
    }
    return nullptr;
  }

  Result<const ErrorInfo*> CheckBackupCode(store::Transaction& tx) {
    if (!state_ || !state_->enabled) return &errors::kBackupCodesNotEnabled;
    out_.code_checked = true;
    LK_ASSIGN_OR_RETURN(auto hashes, service_.keys().BackupCodeHashes(context_.user.id, in_.code));
    LK_ASSIGN_OR_RETURN(out_.code_valid, store_ops::UseBackupCode(tx, context_.user.id, hashes));
    if (!out_.code_valid) return nullptr;
    LK_ASSIGN_OR_RETURN(std::int64_t left, store_ops::CountBackupCodes(tx, context_.user.id));
    std::string details;
    json::ObjectWriter(details).Int("remaining", left).Close();
    LK_TRY(service_.Announce(
        tx, request_, context_.user, SessionId(),
        {.type = "two_factor.backup_code_used",
         .details_json = details,
         .subject = "A recovery code was used",
         .paragraphs = {"A recovery code was just used to pass two-factor "
                        "authentication on your account. You have " +
                        std::to_string(left) + " recovery code" + (left == 1 ? "" : "s") +
                        " left; you can make new ones in your security "
                        "settings."}}));
    return nullptr;
  }

  Result<Outcome> Fail(store::Transaction& tx, TimeMs now) {
    const ErrorInfo* error =
        factor_ == Factor::kBackupCode ? &errors::kInvalidBackupCode : &errors::kInvalidCode;
    bool locked = false;
    if (context_.challenge) {
      LK_ASSIGN_OR_RETURN(
          locked, store_ops::FailChallenge(tx, context_.challenge->id_hash, kChallengeMaxFailures,
                                           now + kChallengeLockMs));
    }
    std::string details;
    json::ObjectWriter(details)
        .String("factor", FactorName(factor_))
        .String("reason", replayed_ ? "replayed_code" : "wrong_code")
        .Bool("challenge_locked", locked)
        .Close();
    LK_TRY(audit::RecordInTransaction(tx, service_.deps().services.clock, request_,
                                      {.type = "two_factor.verify",
                                       .outcome = audit::kFailure,
                                       .user_id = context_.user.id,
                                       .session_id = SessionId(),
                                       .details_json = details}));
    out_.refusal = error;
    return std::move(out_);
  }

  Result<Outcome> Succeed(store::Transaction& tx) {
    if (context_.challenge) return CompleteSignIn(tx);
    const sessions::SessionWithUser& caller = *context_.session;
    // The enable flow: the first code proves the authenticator and turns 2FA on.
    if (factor_ == Factor::kTotp && !state_->totp_verified) {
      LK_TRY(store_ops::MarkTotpVerified(tx, caller.user.id, service_.Now()));
      LK_TRY(service_.deps().sessions.InvalidateUser(tx, caller.user.id));
      if (!state_->enabled) {
        LK_ASSIGN_OR_RETURN(out_.session,
                            service_.RotateSession(tx, request_, caller, {"otp", "mfa"}));
      }
      LK_TRY(service_.Announce(
          tx, request_, caller.user, caller.session.id,
          {.type = "two_factor.enabled",
           .details_json = R"({"method":"totp"})",
           .subject = "Two-factor authentication is on",
           .paragraphs = {"Two-factor authentication was just turned on for your account: "
                          "signing in now also asks for a code from your authenticator app."}}));
    } else {
      // A code proven while signed in is a step-up: the session now counts
      // as multi-factor (the admin routes' rule, docs/permissions.md).
      LK_TRY(service_.deps().sessions.AddAmr(tx, caller.session, {"otp", "mfa"}));
      LK_TRY(Audit(tx, caller.session.id));
    }
    out_.user.extra_fields.clear();
    LK_TRY(service_.deps().hooks.LoadUserFields(tx, out_.user));
    return std::move(out_);
  }

  Result<Outcome> CompleteSignIn(store::Transaction& tx) {
    const Challenge& challenge = *context_.challenge;
    // Of two requests answering one challenge, one signs in.
    LK_ASSIGN_OR_RETURN(bool consumed, store_ops::ConsumeChallenge(tx, challenge.id_hash));
    if (!consumed) return Refuse(errors::kInvalidTwoFactorCookie);
    // The first factor's amr, then the second (RFC 8176: a one-time code
    // from an app, a mail or the recovery list is "otp"), then "mfa".
    std::vector<std::string> amr = sessions::AmrForMethod(challenge.method);
    amr.insert(amr.end(), {"otp", "mfa"});
    const sessions::SignInAttempt attempt{request_, context_.user, challenge.method,
                                          challenge.remember, std::move(amr)};
    LK_ASSIGN_OR_RETURN(out_.session, service_.deps().sign_in.StartSession(tx, attempt));
    std::string details;
    json::ObjectWriter(details)
        .String("method", challenge.method)
        .String("second_factor", FactorName(factor_))
        .Bool("trusted_device", in_.trust_device)
        .Close();
    LK_TRY(audit::RecordInTransaction(tx, service_.deps().services.clock, request_,
                                      {.type = "user.sign_in",
                                       .outcome = audit::kSuccess,
                                       .user_id = context_.user.id,
                                       .session_id = out_.session->id,
                                       .details_json = details}));
    LK_ASSIGN_OR_RETURN(out_.device_id, service_.deps().devices.OnSignIn(
                                            tx, request_, context_.user, /*notify=*/true));
    if (in_.trust_device) {
      LK_ASSIGN_OR_RETURN(out_.trust_value, service_.NewTrust(tx, context_.user.id));
      LK_TRY(service_.Announce(
          tx, request_, context_.user, out_.session->id,
          {.type = "two_factor.device_trusted",
           .subject = "A device was trusted",
           .paragraphs = {"A device was just trusted for your account: for " +
                          std::to_string(service_.settings().two_factor_trust_days) +
                          " days, signing in there will not ask for a second factor. Signing "
                          "out everywhere, or turning two-factor authentication off, forgets "
                          "every trusted device."}}));
    }
    out_.user.extra_fields.clear();
    LK_TRY(service_.deps().hooks.LoadUserFields(tx, out_.user));
    return std::move(out_);
  }

  Result<void> Audit(store::Transaction& tx, std::string_view session_id) {
    std::string details;
    json::ObjectWriter(details).String("factor", FactorName(factor_)).Close();
    return audit::RecordInTransaction(tx, service_.deps().services.clock, request_,
                                      {.type = "two_factor.verify",
                                       .outcome = audit::kSuccess,
                                       .user_id = context_.user.id,
                                       .session_id = std::string(session_id),
                                       .details_json = details});
  }

  std::string SessionId() const {
    return context_.session ? context_.session->session.id : std::string();
  }

  const http::Request& request_;
  const TwoFactorService& service_;
  const Factor factor_;
  const VerifyInput& in_;
  VerifyContext& context_;
  std::optional<TwoFactorState> state_;
  bool replayed_ = false;
  Outcome out_;
};

Result<http::Response> Answer(const http::Request& request, const TwoFactorService& service,
                              const VerifyContext& context, Outcome& outcome) {
  const sessions::SessionService& sessions = service.deps().sessions;
  std::string token;
  if (outcome.session) {
    token = outcome.session->token;
  } else if (context.session) {
    token = context.session->session.token;
  }
  std::string body;
  json::ObjectWriter(body)
      .String("token", token)
      .Raw("user", users::UserJson(outcome.user))
      .Close();
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  if (!outcome.session) return response;
  if (context.challenge) {
    const sessions::SignInAttempt attempt{request, context.user, context.challenge->method,
                                          context.challenge->remember};
    LK_TRY(service.deps().sign_in.SetCookies(attempt, *outcome.session, response));
    service.deps().devices.SetCookie(response, outcome.device_id);
    service.ExpireCookie(response, "two_factor");
    if (!outcome.trust_value.empty()) {
      service.SetTrustCookie(response, outcome.trust_value);
      if (sessions.HasDontRemember(request)) service.ExpireCookie(response, "dont_remember");
    }
    return response;
  }
  LK_TRY(service.SetRotatedCookies(request, context.user, *outcome.session, response));
  return response;
}

}  // namespace

std::string OtpSubject(const VerifyContext& context) {
  if (context.challenge) return "c:" + context.challenge->id_hash;
  return "u:" + context.user.id;
}

Result<VerifyContext> ResolveVerifyContext(const http::Request& request,
                                           const TwoFactorService& service,
                                           const platform::RouteTable& routes,
                                           const http::RouteSpec& spec) {
  VerifyContext context;
  // A live challenge wins over a session the browser also holds: the
  // request is answering that sign-in (docs/compatibility.md).
  if (auto id = service.ChallengeId(request)) {
    LK_TRY(store::InReadTransaction(
        service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
          LK_ASSIGN_OR_RETURN(context.challenge,
                              store_ops::FindChallenge(tx, crypto::HashToken(*id), service.Now()));
          if (!context.challenge) return {};
          LK_ASSIGN_OR_RETURN(auto user, users::FindUserById(tx, context.challenge->user_id));
          if (!user) {
            context.challenge.reset();
            return {};
          }
          context.user = std::move(*user);
          return {};
        }));
    if (context.challenge) return context;
  }
  LK_ASSIGN_OR_RETURN(auto principal, routes.Resolve(request, spec));
  if (!principal || principal->kind != platform::CredentialKind::kSessionToken) {
    return Fail(MakeError(errors::kInvalidTwoFactorCookie));
  }
  context.session = principal->caller;
  context.user = principal->caller.user;
  return context;
}

namespace {

Result<http::Response> VerifyWith(const http::Request& request, const TwoFactorService& service,
                                  VerifyContext& context, Factor factor, const VerifyInput& in) {
  CredentialGuard* guard = service.deps().guard;
  if (guard) LK_TRY(guard->BeforeSecondFactor(request, context.user.email));
  Verification verification(request, service, factor, in, context);
  LK_ASSIGN_OR_RETURN(Outcome outcome, store::InTransaction(service.deps().services.store,
                                                            [&](store::Transaction& tx) {
                                                              return verification.Run(tx);
                                                            }));
  if (guard && outcome.code_checked) {
    guard->AfterSecondFactor(request, context.user.email, context.user.id, outcome.code_valid);
  }
  if (outcome.refusal != nullptr) return Fail(MakeError(*outcome.refusal));
  return Answer(request, service, context, outcome);
}

}  // namespace

Result<http::Response> VerifyCode(const http::Request& request, const TwoFactorService& service,
                                  const platform::RouteTable& routes, const http::RouteSpec& spec,
                                  Factor factor) {
  // A request answering a sign-in's challenge is a sign-in attempt, counted
  // once (docs/design.md "Signing in"); proving the authenticator for a
  // session is not. A challenge cookie that names no live challenge counts
  // unless a session answers instead.
  bool signing_in = service.ChallengeId(request).has_value();
  Result<http::Response> answer = [&]() -> Result<http::Response> {
    LK_ASSIGN_OR_RETURN(VerifyInput in, ParseVerify(request));
    LK_ASSIGN_OR_RETURN(VerifyContext context,
                        ResolveVerifyContext(request, service, routes, spec));
    signing_in = context.challenge.has_value();
    return VerifyWith(request, service, context, factor, in);
  }();
  if (!signing_in) return answer;
  if (answer) service.deps().sign_in.Succeeded("two_factor");
  return service.deps().sign_in.Refused("two_factor", std::move(answer));
}

}  // namespace latchkey::two_factor

// POST /two-factor/send-otp (docs/api.md "Two-factor authentication"): a
// six-digit code by mail for the challenge (or the signed-in user), valid
// 3 minutes and 5 tries; a new one replaces the last. Stored as a keyed
// hash; the mail goes through the outbox in the same transaction.
#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/common/mail_layout.h"
#include "features/two_factor/routes/two_factor_routes.h"
#include "features/two_factor/two_factor_errors.h"
#include "http/body.h"

namespace latchkey::two_factor {

Result<http::Response> SendOtp(const http::Request& request, const TwoFactorService& service,
                               const platform::RouteTable& routes) {
  LK_TRY(http::ParseBody(request, /*allow_form=*/false));
  if (!service.settings().two_factor_otp) return Fail(MakeError(errors::kOtpNotConfigured));
  LK_ASSIGN_OR_RETURN(VerifyContext context,
                      ResolveVerifyContext(request, service, routes, kSendOtpRoute));
  // One inbox cannot be flooded from many addresses.
  if (CredentialGuard* guard = service.deps().guard) {
    LK_TRY(guard->LimitAccount(request, "two-factor-otp", context.user.email));
  }
  const std::string code = TwoFactorKeys::NewOtp();
  const std::string subject = OtpSubject(context);
  LK_ASSIGN_OR_RETURN(auto hashes, service.keys().OtpHashes(subject, code));
  const TimeMs now = service.Now();
  const Config& config = service.deps().services.config;
  LK_TRY(store::InTransaction(
      service.deps().services.store, [&](store::Transaction& tx) -> Result<void> {
        LK_TRY(
            store_ops::PutOtp(tx, subject, context.user.id, hashes.front(), now + kOtpLifeMs, now));
        LK_TRY(audit::RecordInTransaction(
            tx, service.deps().services.clock, request,
            {.type = "two_factor.otp_sent",
             .outcome = audit::kSuccess,
             .user_id = context.user.id,
             .session_id = context.session ? context.session->session.id : std::string()}));
        return service.deps().mail.Send(
            tx, ComposeMail(config, context.user.email,
                            {.subject = "Your sign-in code",
                             .greeting_name = context.user.name,
                             .before = {"Your sign-in code is " + code +
                                        ". It works once, for the next 3 minutes."},
                             .after = {"If you did not just sign in, someone knows your password: "
                                       "change it now."}}));
      }));
  http::Response response = http::Response::Json(R"({"status":true})");
  response.no_store = true;
  return response;
}

}  // namespace latchkey::two_factor

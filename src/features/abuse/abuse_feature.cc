#include "features/abuse/abuse_feature.h"

#include "core/json_writer.h"
#include "features/abuse/abuse_docs.h"
#include "features/abuse/abuse_errors.h"
#include "features/abuse/captcha_widget.h"
#include "features/abuse/checks/errors.h"
#include "features/abuse/limits/errors.h"
#include "features/common/validation.h"
#include "features/platform/platform.h"
#include "http/body.h"

namespace latchkey::abuse {
namespace {

constexpr http::RouteSpec kCheckRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/password/check",
    .auth = http::Auth::kPublic,
    .body_limit = std::size_t{8} * 1024,
    .rate_limit_bucket = "password-check",
    .summary =
        "Strength (zxcvbn score 0-4, feedback), common-list and breach status of a candidate "
        "password",
    .doc = &kCheckDoc,
};

// Every code this folder defines (app/error_codes.cc checks them at startup).
constexpr ErrorInfo kErrors[] = {kPasswordTooCommon,
                                 kPasswordCompromised,
                                 kPasswordTooWeak,
                                 kBreachCheckUnavailable,
                                 kInvalidCaptchaRoutes,
                                 kMissingResponse,
                                 kVerificationFailed,
                                 kCaptchaUnavailable,
                                 kAccountLocked,
                                 kTooManyRequests,
                                 kInvalidRules,
                                 kInvalidTrustedProxy,
                                 kOutboundTimeout,
                                 kOutboundUnreachable,
                                 kOutboundTls,
                                 kOutboundTooLarge,
                                 kOutboundBadUrl,
                                 kHibpBadStatus,
                                 kHibpMalformed,
                                 kPwnedImportMalformed,
                                 kPwnedIo,
                                 kPwnedCorrupt};

}  // namespace

std::span<const ErrorInfo> AbuseFeature::Errors() const { return kErrors; }

Result<void> AbuseFeature::Register(platform::Platform& platform) {
  // Admin's unlock-user: the locks go once its transaction (and audit
  // event) commits.
  platform.hooks.OfferAccountAction(
      "unlock",
      [this](store::Transaction& tx,
             const platform::AccountActionEvent& event) -> Result<std::string> {
        const bool locked = guard_.IsLocked(event.user.email);
        tx.OnCommit([this, email = event.user.email] { guard_.Unlock(email); });
        std::string details;
        json::ObjectWriter(details).Bool("was_locked", locked).Close();
        return details;
      });
  ContributeCaptchaWidget(settings_, guard_.CaptchaAlwaysRoutes(), platform.pages);
  return {};
}

Result<void> AbuseFeature::RegisterRoutes(platform::RouteTable& routes) {
  return routes.Add(
      kCheckRoute, [this](const http::Request& request, platform::Call&) -> Result<http::Response> {
        LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
        LK_ASSIGN_OR_RETURN(std::string password,
                            validation::RequireString(body, "password", 4096));
        // The same cap as every other password route, before any zxcvbn or
        // breach work: strength estimation grows with the input.
        LK_TRY(validation::CheckPasswordMax(password, max_password_length_));
        LK_ASSIGN_OR_RETURN(auto email, validation::OptionalString(body, "email", 320));
        LK_ASSIGN_OR_RETURN(auto name, validation::OptionalString(body, "name", 256));
        std::vector<std::string> context;
        if (email) context.push_back(*email);
        if (name) context.push_back(*name);
        LK_ASSIGN_OR_RETURN(PasswordReport report, guard_.passwords().Evaluate(password, context));
        std::string suggestions = "[";
        for (const std::string& s : report.strength.suggestions) {
          if (suggestions.size() > 1) suggestions += ',';
          json::AppendString(suggestions, s);
        }
        suggestions += ']';
        std::string feedback;
        json::ObjectWriter(feedback)
            .String("warning", report.strength.warning)
            .Raw("suggestions", suggestions)
            .Close();
        std::string out;
        json::ObjectWriter writer(out);
        writer.Int("score", report.strength.score)
            .Raw("feedback", feedback)
            .Bool("common", report.common);
        if (report.breached) {
          writer.Bool("breached", *report.breached);
        } else {
          writer.Raw("breached", "null");
        }
        writer.Bool("acceptable", guard_.passwords().Judge(report).has_value()).Close();
        http::Response response = http::Response::Json(std::move(out));
        response.no_store = true;  // about a secret
        return response;
      });
}

}  // namespace latchkey::abuse

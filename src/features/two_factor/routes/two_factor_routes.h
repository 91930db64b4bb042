// The twoFactor plugin's HTTP routes (docs/api.md "Two-factor
// authentication"). Setup routes re-check the password and refuse API keys
// (kSensitiveSession); the verify routes answer a sign-in challenge (the
// two_factor cookie) or serve a signed-in user, so the route table lets
// them through (kPublic) and they resolve the caller themselves. All draw
// on the "two-factor" rate-limit bucket (3 per 10 s).
#ifndef LK_FEATURES_TWO_FACTOR_ROUTES_TWO_FACTOR_ROUTES_H_
#define LK_FEATURES_TWO_FACTOR_ROUTES_TWO_FACTOR_ROUTES_H_

#include <optional>
#include <string>

#include "features/platform/route_table.h"
#include "features/two_factor/routes/two_factor_docs.h"
#include "features/two_factor/two_factor_service.h"
#include "http/route.h"

namespace latchkey::two_factor {

inline constexpr std::string_view kBucket = "two-factor";

inline constexpr http::RouteSpec kEnableRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/two-factor/enable",
    .auth = http::Auth::kSensitiveSession,
    .rate_limit_bucket = kBucket,
    .summary = "Starts TOTP setup (URI and recovery codes) or turns mailed codes on",
    .hashes_password = true,
    .doc = &kEnableDoc,
};
inline constexpr http::RouteSpec kDisableRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/two-factor/disable",
    .auth = http::Auth::kSensitiveSession,
    .rate_limit_bucket = kBucket,
    .summary = "Turns two-factor authentication off and forgets every trusted device",
    .hashes_password = true,
    .doc = &kDisableDoc,
};
inline constexpr http::RouteSpec kGetTotpUriRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/two-factor/get-totp-uri",
    .auth = http::Auth::kSensitiveSession,
    .rate_limit_bucket = kBucket,
    .summary = "The otpauth URI of the user's authenticator",
    .hashes_password = true,
    .doc = &kGetTotpUriDoc,
};
inline constexpr http::RouteSpec kGenerateBackupCodesRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/two-factor/generate-backup-codes",
    .auth = http::Auth::kSensitiveSession,
    .rate_limit_bucket = kBucket,
    .summary = "Ten new recovery codes; the old ones stop working",
    .hashes_password = true,
    .doc = &kGenerateBackupCodesDoc,
};
inline constexpr http::RouteSpec kViewBackupCodesRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/two-factor/view-backup-codes",
    .auth = http::Auth::kSensitiveSession,
    .rate_limit_bucket = kBucket,
    .summary = "How many recovery codes are left (codes are stored hashed)",
    .doc = &kViewBackupCodesDoc,
};
inline constexpr http::RouteSpec kQrRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/two-factor/qr",
    .auth = http::Auth::kSensitiveSession,
    .rate_limit_bucket = kBucket,
    .summary = "The pending authenticator's otpauth URI as a QR code (SVG)",
    .doc = &kQrDoc,
};
inline constexpr http::RouteSpec kVerifyTotpRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/two-factor/verify-totp",
    .rate_limit_bucket = kBucket,
    .summary = "Answers the sign-in challenge (or proves the authenticator) with a TOTP code",
    .doc = &kVerifyTotpDoc,
};
inline constexpr http::RouteSpec kVerifyOtpRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/two-factor/verify-otp",
    .rate_limit_bucket = kBucket,
    .summary = "Answers the sign-in challenge with a code sent by mail",
    .doc = &kVerifyOtpDoc,
};
inline constexpr http::RouteSpec kVerifyBackupCodeRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/two-factor/verify-backup-code",
    .rate_limit_bucket = kBucket,
    .summary = "Answers the sign-in challenge with a recovery code (single use)",
    .doc = &kVerifyBackupCodeDoc,
};
inline constexpr http::RouteSpec kSendOtpRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/two-factor/send-otp",
    .rate_limit_bucket = kBucket,
    .summary = "Mails a six-digit code for the sign-in challenge (3 minutes, 5 tries)",
    .doc = &kSendOtpDoc,
};

enum class Factor { kTotp, kOtp, kBackupCode };

// Who a verify route serves: the sign-in challenge's user, or the caller.
struct VerifyContext {
  users::User user;
  std::optional<Challenge> challenge;
  std::optional<sessions::SessionWithUser> session;
};

// Errors: INVALID_TWO_FACTOR_COOKIE (401) with neither a live challenge
// nor a session; a bad credential's.
Result<VerifyContext> ResolveVerifyContext(const http::Request& request,
                                           const TwoFactorService& service,
                                           const platform::RouteTable& routes,
                                           const http::RouteSpec& spec);
// The key of the mailed code for this context.
std::string OtpSubject(const VerifyContext& context);

// 200 {"token","user"}; a sign-in sets the session cookies, expires
// two_factor and with trustDevice sets trust_device. Errors: VALIDATION_ERROR,
// TOTP_NOT_ENABLED, OTP_NOT_CONFIGURED, OTP_HAS_EXPIRED, BACKUP_CODES_NOT_ENABLED,
// TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE (400); INVALID_TWO_FACTOR_COOKIE,
// INVALID_CODE, INVALID_BACKUP_CODE (401); ACCOUNT_TEMPORARILY_LOCKED (429).
Result<http::Response> VerifyCode(const http::Request& request, const TwoFactorService& service,
                                  const platform::RouteTable& routes, const http::RouteSpec& spec,
                                  Factor factor);
// 200 {"status":true}. Errors: OTP_NOT_CONFIGURED (400),
// INVALID_TWO_FACTOR_COOKIE (401), 429.
Result<http::Response> SendOtp(const http::Request& request, const TwoFactorService& service,
                               const platform::RouteTable& routes);

Result<http::Response> Enable(const http::Request& request, const TwoFactorService& service,
                              const sessions::SessionWithUser& caller);
Result<http::Response> Disable(const http::Request& request, const TwoFactorService& service,
                               const sessions::SessionWithUser& caller);
Result<http::Response> GetTotpUri(const http::Request& request, const TwoFactorService& service,
                                  const sessions::SessionWithUser& caller);
Result<http::Response> GenerateBackupCodes(const http::Request& request,
                                           const TwoFactorService& service,
                                           const sessions::SessionWithUser& caller);
Result<http::Response> ViewBackupCodes(const http::Request& request,
                                       const TwoFactorService& service,
                                       const sessions::SessionWithUser& caller);
Result<http::Response> TotpQr(const http::Request& request, const TwoFactorService& service,
                              const sessions::SessionWithUser& caller);

}  // namespace latchkey::two_factor

#endif  // LK_FEATURES_TWO_FACTOR_ROUTES_TWO_FACTOR_ROUTES_H_

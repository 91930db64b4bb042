// The tables are listed here, beside the check, rather than in each module:
// the modules need no registration API of their own, and error_codes_test.cc
// fails when a code defined under src/ is in neither these tables nor a
// feature's Errors().
#include "app/shared_errors.h"

#include "core/settings.h"
#include "crypto/errors.h"
#include "crypto/jose/errors.h"
#include "crypto/webauthn/errors.h"
#include "features/common/base_errors.h"
#include "features/common/qr_svg.h"
#include "http/http_errors.h"
#include "mail/errors.h"
#include "mail/outbox.h"
#include "store/errors.h"
#include "store/redis/redis_errors.h"

namespace latchkey::app {
namespace {

constexpr ErrorInfo kBaseErrors[] = {
    errors::kUnauthorized,
    errors::kInvalidEmail,
    errors::kPasswordTooShort,
    errors::kPasswordTooLong,
    errors::kUserAlreadyExists,
    errors::kFailedToCreateUser,
    errors::kFailedToCreateSession,
    errors::kInvalidEmailOrPassword,
    errors::kEmailCanNotBeUpdated,
    errors::kNoFieldsToUpdate,
    errors::kMissingOrNullOrigin,
    errors::kInvalidOrigin,
    errors::kInvalidCallbackUrl,
    errors::kInvalidRedirectUrl,
    errors::kInvalidErrorCallbackUrl,
    errors::kInvalidNewUserCallbackUrl,
    errors::kCrossSiteNavigationLoginBlocked,
    errors::kSessionNotFresh,
    errors::kCredentialAccountNotFound,
    errors::kInvalidPassword,
    errors::kEmailNotVerified,
    errors::kBusy,
};

constexpr ErrorInfo kHttpErrors[] = {
    http::kBadRequest,      http::kInvalidJson,     http::kDuplicateJsonKey,
    http::kBodyNotObject,   http::kValidationError, http::kUnsupportedMediaType,
    http::kPayloadTooLarge, http::kDuplicateRoute,  http::kInvalidRoute,
};

constexpr ErrorInfo kStoreErrors[] = {
    store::kStoreConflict,           store::kStoreSerializationFailure,
    store::kInvalidDatabaseUrl,      store::kStoreInvalidText,
    store::kStoreInvalidChannel,     store::kStoreInvalidNotification,
    store::redis::kInvalidRedisUrl,  store::redis::kRedisTlsUnsupported,
    store::redis::kRedisUnavailable, store::redis::kRedisCommandFailed,
};

// The loader's and every feature settings table's refusal (core/settings.h).
constexpr ErrorInfo kSettingsErrors[] = {settings::kInvalidConfig};
constexpr ErrorInfo kMailErrors[] = {mail::kInvalidRecipient, mail::kInvalidMessage,
                                     mail::kInvalidSender, mail::kInvalidSmtpUrl};
constexpr ErrorInfo kQrErrors[] = {qr::kQrTooLong};

ErrorInfo InfoOf(const Error& error) { return {error.code, error.kind, error.message}; }

}  // namespace

std::vector<DeclaredErrors> SharedErrors() {
  // core/error.h builds these two without a table; their codes and messages
  // are string literals, so the views stay valid.
  static const ErrorInfo kCoreErrors[] = {InfoOf(InternalError({})), InfoOf(UnavailableError({}))};
  return {{"common", kBaseErrors},
          {"http", kHttpErrors},
          {"store", kStoreErrors},
          {"crypto", crypto::CryptoErrors()},
          {"jose", crypto::jose::JoseErrors()},
          {"webauthn", crypto::webauthn::WebAuthnErrors()},
          {"mail", kMailErrors},
          {"qr", kQrErrors},
          {"settings", kSettingsErrors},
          {"core", kCoreErrors}};
}

}  // namespace latchkey::app

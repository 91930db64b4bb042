// POST /api-key/create, with Better Auth's checks in Better Auth's order.
#include <boost/json/object.hpp>

#include "core/json_writer.h"
#include "crypto/random.h"
#include "crypto/token_hash.h"
#include "features/api_keys/api_key_errors.h"
#include "features/api_keys/api_key_store.h"
#include "features/api_keys/routes/api_key_routes.h"
#include "features/api_keys/routes/key_fields.h"
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "http/body.h"

namespace latchkey::api_keys {
namespace {

struct CreateRequest {
  std::optional<std::string> name;
  std::optional<double> expires_in_s;
  std::optional<std::string> prefix;
  const boost::json::value* metadata = nullptr;
};

Result<CreateRequest> ParseCreate(const boost::json::object& body) {
  CreateRequest out;
  LK_TRY(http::OptionalString(body, "configId"));  // one configuration: any id means it
  LK_ASSIGN_OR_RETURN(out.name, http::OptionalString(body, "name"));
  LK_ASSIGN_OR_RETURN(out.expires_in_s, OptionalNumber(body, "expiresIn", 1, true));
  LK_ASSIGN_OR_RETURN(out.prefix, http::OptionalString(body, "prefix"));
  if (out.prefix && !IsValidPrefix(*out.prefix)) {
    return Fail(http::ValidationError(
        "prefix",
        "Invalid prefix format, must be alphanumeric and contain only underscores and hyphens."));
  }
  out.metadata = body.if_contains("metadata");
  return out;
}

}  // namespace

Result<void> CheckCreateKeyBody(const http::Request& request) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_TRY(ParseCreate(body));
  LK_TRY(RefuseServerOnly(body));
  // Only the server may name the owner; over HTTP it is always the caller.
  if (body.contains("userId")) return Fail(MakeError(errors::kUnauthorizedSession));
  return {};
}

Result<http::Response> CreateKey(const http::Request& request,
                                 const sessions::SessionWithUser& current, const Services& services,
                                 const ApiKeyService& keys, const platform::Hooks& hooks) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(CreateRequest req, ParseCreate(body));
  const ApiKeySettings& config = keys.settings();
  std::optional<std::string> metadata;
  if (Truthy(req.metadata)) {
    if (!config.api_key_metadata) return Fail(MakeError(errors::kMetadataDisabled));
    LK_ASSIGN_OR_RETURN(metadata, MetadataJson(*req.metadata));
  }
  if (req.expires_in_s) LK_TRY(CheckExpiresIn(*req.expires_in_s));
  if (req.prefix && req.prefix->size() > 32) return Fail(MakeError(errors::kInvalidPrefixLength));
  if (req.name && !req.name->empty()) LK_TRY(CheckName(*req.name));

  const TimeMs now = services.clock.NowMs();
  ApiKey key;
  key.id = crypto::RandomAlnum(32);
  key.name = req.name;
  key.reference_id = current.user.id;
  key.prefix = req.prefix && !req.prefix->empty() ? req.prefix : std::nullopt;
  if (!key.prefix && !config.api_key_prefix.empty()) key.prefix = config.api_key_prefix;
  const std::string plain = GenerateKey(key.prefix.value_or(""));
  key.start = KeyStart(plain);
  if (req.expires_in_s) key.expires_at = now + static_cast<TimeMs>(*req.expires_in_s * 1000);
  key.rate_limit_enabled = config.api_key_rate_limit_enabled;
  key.rate_limit_time_window = config.api_key_rate_limit_window_ms;
  key.rate_limit_max = config.api_key_rate_limit_max;
  key.created_at = key.updated_at = now;
  key.metadata = metadata;

  std::string details;
  json::ObjectWriter(details).String("keyId", key.id).Close();
  LK_TRY(store::InTransaction(services.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(std::int64_t owned, CountKeys(tx, current.user.id));
    LK_TRY(hooks.RunBeforeLimitedCreate(tx, {.request = request,
                                             .subject_type = "user",
                                             .subject_id = current.user.id,
                                             .limit = "api_keys",
                                             .current = owned}));
    LK_TRY(InsertKey(tx, key, crypto::HashToken(plain)));
    LK_TRY(keys.QueueCreatedNotice(tx, request, current.user, key));
    return audit::RecordInTransaction(tx, services.clock, request,
                                      {.type = "api_key.create",
                                       .outcome = audit::kSuccess,
                                       .user_id = current.user.id,
                                       .session_id = current.session.id,
                                       .details_json = details});
  }));
  http::Response response = http::Response::Json(ApiKeyJson(key, &plain));
  response.no_store = true;  // the only time the key is shown
  return response;
}

}  // namespace latchkey::api_keys

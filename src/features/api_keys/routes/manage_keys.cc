// GET /api-key/get, GET /api-key/list, POST /api-key/update, POST /api-key/delete.
#include <boost/json/object.hpp>

#include "core/json_writer.h"
#include "features/api_keys/api_key_errors.h"
#include "features/api_keys/api_key_store.h"
#include "features/api_keys/routes/api_key_routes.h"
#include "features/api_keys/routes/key_fields.h"
#include "features/audit/audit.h"
#include "features/common/base_errors.h"
#include "http/body.h"

namespace latchkey::api_keys {
namespace {

// The key `id` when `user_id` owns it. Errors: KEY_NOT_FOUND (404) for
// unknown keys and for other users' keys alike (no enumeration).
Result<ApiKey> OwnedKey(store::Transaction& tx, const std::string& id, const std::string& user_id) {
  LK_ASSIGN_OR_RETURN(auto found, FindKeyById(tx, id));
  if (!found || found->reference_id != user_id) return Fail(MakeError(errors::kKeyNotFound));
  return std::move(*found);
}

Result<void> Audit(store::Transaction& tx, const Services& services, const http::Request& request,
                   std::string_view type, const sessions::SessionWithUser& current,
                   const std::string& key_id) {
  std::string details;
  json::ObjectWriter(details).String("keyId", key_id).Close();
  return audit::RecordInTransaction(tx, services.clock, request,
                                    {.type = type,
                                     .outcome = audit::kSuccess,
                                     .user_id = current.user.id,
                                     .session_id = current.session.id,
                                     .details_json = details});
}

// Applies update's client-settable fields. Errors: as UpdateKey.
Result<void> ApplyChanges(const boost::json::object& body, const ApiKeySettings& config, TimeMs now,
                          ApiKey& key) {
  bool changed = false;
  LK_ASSIGN_OR_RETURN(auto name, http::OptionalString(body, "name"));
  if (name) {
    LK_TRY(CheckName(*name));
    key.name = name;
    changed = true;
  }
  LK_ASSIGN_OR_RETURN(auto enabled, http::OptionalBool(body, "enabled"));
  if (enabled) {
    key.enabled = *enabled;
    changed = true;
  }
  if (body.contains("expiresIn")) {
    LK_ASSIGN_OR_RETURN(auto seconds, OptionalNumber(body, "expiresIn", 1, true));
    if (seconds) LK_TRY(CheckExpiresIn(*seconds));
    key.expires_at =
        seconds ? std::optional<TimeMs>(now + static_cast<TimeMs>(*seconds * 1000)) : std::nullopt;
    changed = true;
  }
  // Metadata is ignored, not refused, when disabled (as Better Auth).
  if (const auto* metadata = body.if_contains("metadata"); metadata && config.api_key_metadata) {
    LK_ASSIGN_OR_RETURN(key.metadata, MetadataJson(*metadata));
    changed = true;
  }
  if (!changed) return Fail(MakeError(errors::kNoValuesToUpdate));
  key.updated_at = now;
  return {};
}

http::Response KeyResponse(const ApiKey& key) { return http::Response::Json(ApiKeyJson(key)); }

}  // namespace

Result<http::Response> GetKey(const http::Request& request,
                              const sessions::SessionWithUser& current, const Services& services,
                              const ApiKeyService& keys) {
  auto id = request.QueryParam("id");
  if (!id) {
    Error error = http::ValidationError("id", "Invalid input: expected string, received undefined");
    error.wire_message = "[query.id] Invalid input: expected string, received undefined";
    return Fail(std::move(error));
  }
  LK_ASSIGN_OR_RETURN(ApiKey key,
                      store::InReadTransaction(services.store, [&](store::Transaction& tx) {
                        return OwnedKey(tx, *id, current.user.id);
                      }));
  return KeyResponse(key);
}

Result<http::Response> ListKeys(const http::Request& request,
                                const sessions::SessionWithUser& current, const Services& services,
                                const ApiKeyService& keys) {
  auto number = [&](std::string_view name) -> std::optional<std::size_t> {
    auto value = request.QueryParam(name);
    if (!value || value->empty() || value->size() > 9) return std::nullopt;
    for (char c : *value) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    return static_cast<std::size_t>(std::stoul(*value));
  };
  const auto limit = number("limit");
  const auto offset = number("offset");
  LK_ASSIGN_OR_RETURN(auto all,
                      store::InReadTransaction(services.store, [&](store::Transaction& tx) {
                        return api_keys::ListKeys(tx, current.user.id);
                      }));
  const std::size_t begin = std::min(all.size(), offset.value_or(0));
  const std::size_t end = limit ? std::min(all.size(), begin + *limit) : all.size();
  std::string list = "[";
  for (std::size_t i = begin; i < end; ++i) {
    if (i > begin) list += ",";
    list += ApiKeyJson(all[i]);
  }
  list += "]";
  std::string body;
  json::ObjectWriter w(body);
  w.Raw("apiKeys", list).Int("total", static_cast<std::int64_t>(all.size()));
  if (limit) w.Int("limit", static_cast<std::int64_t>(*limit));
  if (offset) w.Int("offset", static_cast<std::int64_t>(*offset));
  w.Close();
  return http::Response::Json(std::move(body));
}

Result<void> CheckUpdateKeyBody(const http::Request& request) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_TRY(http::RequiredString(body, "keyId"));
  LK_TRY(http::OptionalString(body, "configId"));
  return {};
}

Result<http::Response> UpdateKey(const http::Request& request,
                                 const sessions::SessionWithUser& current, const Services& services,
                                 const ApiKeyService& keys) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string key_id, http::RequiredString(body, "keyId"));
  if (body.contains("userId")) return Fail(MakeError(errors::kUnauthorizedSession));
  // Over HTTP every counter and permission field is server-only; remaining
  // counts even when null here (update has no null default).
  if (body.contains("remaining")) return Fail(MakeError(errors::kServerOnlyProperty));
  LK_TRY(RefuseServerOnly(body));
  const TimeMs now = services.clock.NowMs();
  ApiKey key;
  LK_TRY(store::InTransaction(services.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(key, OwnedKey(tx, key_id, current.user.id));
    LK_TRY(ApplyChanges(body, keys.settings(), now, key));
    LK_TRY(api_keys::UpdateKey(tx, key));
    LK_TRY(keys.Invalidate(tx, key.id));
    return Audit(tx, services, request, "api_key.update", current, key.id);
  }));
  return KeyResponse(key);
}

Result<http::Response> DeleteKey(const http::Request& request,
                                 const sessions::SessionWithUser& current, const Services& services,
                                 const ApiKeyService& keys) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseBody(request, /*allow_form=*/false));
  LK_ASSIGN_OR_RETURN(std::string key_id, http::RequiredString(body, "keyId"));
  LK_TRY(http::OptionalString(body, "configId"));
  LK_TRY(store::InTransaction(services.store, [&](store::Transaction& tx) -> Result<void> {
    LK_TRY(OwnedKey(tx, key_id, current.user.id));
    LK_TRY(api_keys::DeleteKey(tx, key_id));
    LK_TRY(keys.Invalidate(tx, key_id));
    return Audit(tx, services, request, "api_key.delete", current, key_id);
  }));
  return http::Response::Json(R"({"success":true})");
}

}  // namespace latchkey::api_keys

// OpenAPI docs of the webhook admin routes (http/route_doc.h, docs/webhooks.md).
#ifndef LK_FEATURES_WEBHOOKS_WEBHOOK_DOCS_H_
#define LK_FEATURES_WEBHOOKS_WEBHOOK_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::webhooks {

inline constexpr std::string_view kDocTag = "Webhooks";

inline constexpr http::FieldDoc kListQuery[] = {
    {"status", http::FieldType::kString, false, "`pending`, `delivered` or `dead`"},
    {"limit", http::FieldType::kInteger, false, "Deliveries per page, 1–500"},
    {"cursor", http::FieldType::kString, false, "`nextCursor` of the previous page"},
};
inline constexpr http::FieldDoc kReplayBody[] = {
    {"id", http::FieldType::kString, true, "The delivery's id"},
};
inline constexpr http::SchemaDoc kSchemas[] = {
    {"WebhookDelivery",
     R"({"type":"object","required":["id","endpoint","type","status","attempts","createdAt","updatedAt","payload"],
         "properties":{"id":{"type":"string"},"endpoint":{"type":"string"},"type":{"type":"string"},
                       "auditEventId":{"type":"string"},
                       "status":{"type":"string","enum":["pending","delivered","dead"]},
                       "attempts":{"type":"integer"},
                       "createdAt":{"type":"string","format":"date-time"},
                       "updatedAt":{"type":"string","format":"date-time"},
                       "nextAttemptAt":{"type":"string","format":"date-time"},
                       "lastStatus":{"type":"integer"},"lastError":{"type":["string","null"]},
                       "payload":{"type":"object"}}})"},
};
inline constexpr http::ResponseDoc kListResponses[] = {
    {200, "A page of deliveries, newest first, and the cursor of the next (null on the last)",
     R"({"type":"object","required":["deliveries","nextCursor"],
         "properties":{"deliveries":{"type":"array","items":{"$ref":"#/components/schemas/WebhookDelivery"}},
                       "nextCursor":{"type":["string","null"]}}})"},
};
inline constexpr http::ResponseDoc kReplayResponses[] = {
    {200, "The delivery is pending again (its next attempt is now)",
     R"({"type":"object","required":["status"],"properties":{"status":{"type":"boolean"}}})"},
};
inline constexpr http::ErrorDoc kListErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED", "no webhooks:read"},
    {ErrorKind::kInvalidArgument, "WEBHOOK_INVALID_QUERY", "a malformed status or limit"},
    {ErrorKind::kInvalidArgument, "INVALID_CURSOR", "a cursor this server did not hand out"},
};
inline constexpr http::ErrorDoc kReplayErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED", "no webhooks:replay"},
    {ErrorKind::kNotFound, "WEBHOOK_DELIVERY_NOT_FOUND", "no delivery with that id"},
};
inline constexpr http::RouteDoc kListDoc{
    .tag = kDocTag,
    .description = "Security webhook deliveries and their state (docs/webhooks.md).",
    .query = kListQuery,
    .responses = kListResponses,
    .errors = kListErrors,
    .schemas = kSchemas,
};
inline constexpr http::RouteDoc kReplayDoc{
    .tag = kDocTag,
    .description = "Queues the delivery again under its webhook-id; audited as webhooks.replay.",
    .body = kReplayBody,
    .responses = kReplayResponses,
    .errors = kReplayErrors,
    .schemas = kSchemas,
};

}  // namespace latchkey::webhooks

#endif  // LK_FEATURES_WEBHOOKS_WEBHOOK_DOCS_H_

// OpenAPI docs of the audit API (http/route_doc.h, docs/audit.md).
#ifndef LK_FEATURES_AUDIT_AUDIT_DOCS_H_
#define LK_FEATURES_AUDIT_AUDIT_DOCS_H_

#include "http/route_doc.h"

namespace latchkey::audit {

inline constexpr std::string_view kTag = "Audit";

// The filters both routes read (ParseFilter).
inline constexpr http::FieldDoc kExportQuery[] = {
    {"type", http::FieldType::kString, false,
     "An event type (`user.sign_in`), or a prefix ending in `.` (`admin.`)"},
    {"actor", http::FieldType::kString, false, "The acting user's id (`user_id`)"},
    {"target", http::FieldType::kString, false, "The id of the user acted on"},
    {"outcome", http::FieldType::kString, false, "`success` or `failure`"},
    {"address", http::FieldType::kString, false, "The client's IP address, exact"},
    {"from", http::FieldType::kString, false,
     "Events at or after: ms since the epoch or ISO-8601 with a zone (or a date, UTC)"},
    {"to", http::FieldType::kString, false, "Events before (same forms as `from`)"},
};
inline constexpr http::FieldDoc kListQuery[] = {
    {"type", http::FieldType::kString, false,
     "An event type (`user.sign_in`), or a prefix ending in `.` (`admin.`)"},
    {"actor", http::FieldType::kString, false, "The acting user's id (`user_id`)"},
    {"target", http::FieldType::kString, false, "The id of the user acted on"},
    {"outcome", http::FieldType::kString, false, "`success` or `failure`"},
    {"address", http::FieldType::kString, false, "The client's IP address, exact"},
    {"from", http::FieldType::kString, false,
     "Events at or after: ms since the epoch or ISO-8601 with a zone (or a date, UTC)"},
    {"to", http::FieldType::kString, false, "Events before (same forms as `from`)"},
    {"limit", http::FieldType::kInteger, false, "Events per page, 1–500 (default 50)"},
    {"cursor", http::FieldType::kString, false, "`nextCursor` of the previous page"},
};

inline constexpr http::SchemaDoc kSchemas[] = {
    {"AuditEvent",
     R"({"type":"object","required":["id","type","outcome","createdAt","details"],
         "properties":{"id":{"type":"string"},"type":{"type":"string"},
                       "outcome":{"type":"string","enum":["success","failure"]},
                       "createdAt":{"type":"string","format":"date-time"},
                       "userId":{"type":["string","null"]},
                       "targetUserId":{"type":["string","null"]},
                       "sessionId":{"type":["string","null"]},
                       "clientAddress":{"type":["string","null"]},
                       "userAgent":{"type":["string","null"]},
                       "requestId":{"type":["string","null"]},
                       "details":{"type":"object"}}})"},
};
inline constexpr http::ResponseDoc kListResponses[] = {
    {200, "A page of events, newest first, and the cursor of the next (null on the last)",
     R"({"type":"object","required":["events","nextCursor"],
         "properties":{"events":{"type":"array","items":{"$ref":"#/components/schemas/AuditEvent"}},
                       "nextCursor":{"type":["string","null"]}}})"},
};
inline constexpr http::ResponseDoc kExportResponses[] = {
    {200, "Every matching event as CSV (RFC 4180), newest first, streamed", R"({"type":"string"})",
     "text/csv"},
};
inline constexpr http::ErrorDoc kListErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED", "no audit:read"},
    {ErrorKind::kInvalidArgument, "INVALID_FILTER", "a malformed filter"},
    {ErrorKind::kInvalidArgument, "INVALID_CURSOR", "a cursor this server did not hand out"},
    {ErrorKind::kInvalidArgument, "INVALID_LIMIT", "limit is not 1–500"},
};
inline constexpr http::ErrorDoc kExportErrors[] = {
    {ErrorKind::kPermissionDenied, "YOU_ARE_NOT_ALLOWED", "no audit:export"},
    {ErrorKind::kInvalidArgument, "INVALID_FILTER", "a malformed filter"},
};
inline constexpr http::RouteDoc kListDoc{
    .tag = kTag,
    .description =
        "Filters combine with AND. Pages are keyed on (createdAt, id): events "
        "recorded meanwhile never shift a page (docs/audit.md).",
    .query = kListQuery,
    .responses = kListResponses,
    .errors = kListErrors,
    .schemas = kSchemas,
};
inline constexpr http::RouteDoc kExportDoc{
    .tag = kTag,
    .description =
        "Cells that would start a spreadsheet formula get a leading apostrophe "
        "(docs/audit.md \"CSV\").",
    .query = kExportQuery,
    .responses = kExportResponses,
    .errors = kExportErrors,
};

}  // namespace latchkey::audit

#endif  // LK_FEATURES_AUDIT_AUDIT_DOCS_H_

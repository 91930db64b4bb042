// The audit API (docs/audit.md "The API"): the trail as JSON pages and as a
// streamed CSV export. Admin routes: the admin feature's authorizer checks
// the permission each declares before the handler runs.
#ifndef LK_FEATURES_AUDIT_AUDIT_ROUTES_H_
#define LK_FEATURES_AUDIT_AUDIT_ROUTES_H_

#include "features/audit/audit_docs.h"
#include "features/services.h"
#include "http/request.h"
#include "http/response.h"
#include "http/route.h"

namespace latchkey::audit {

inline constexpr http::RouteSpec kListEventsRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/admin/audit-events",
    .auth = http::Auth::kAdmin,
    .summary = "Audit events, filtered, newest first, a page at a time",
    .permission = "audit:read",
    .doc = &kListDoc,
};
inline constexpr http::RouteSpec kExportEventsRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/admin/audit-events/export",
    .auth = http::Auth::kAdmin,
    .summary = "Audit events as CSV, streamed",
    .permission = "audit:export",
    .doc = &kExportDoc,
};

// Errors: INVALID_FILTER, INVALID_CURSOR, INVALID_LIMIT (400); the store's.
Result<http::Response> ListAuditEvents(const http::Request& request, store::Store& store);

// Records `audit.export` (who exported what: the caller's user and session
// ids), then answers with a streamed body that reads the trail a page at a
// time. Errors: INVALID_FILTER (400); the store's.
Result<http::Response> ExportAuditEvents(const http::Request& request, const Services& services,
                                         std::string user_id, std::string session_id);

}  // namespace latchkey::audit

#endif  // LK_FEATURES_AUDIT_AUDIT_ROUTES_H_

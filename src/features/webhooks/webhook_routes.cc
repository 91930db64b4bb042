#include "features/webhooks/webhook_routes.h"

#include <charconv>

#include "core/clock.h"
#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/audit/audit_query.h"
#include "features/webhooks/webhook_docs.h"
#include "features/webhooks/webhook_outbox.h"
#include "http/body.h"

namespace latchkey::webhooks {
namespace {

constexpr http::RouteSpec kListRoute{
    .method = http::Method::kGet,
    .path = "/api/auth/admin/webhook-deliveries",
    .auth = http::Auth::kAdmin,
    .summary = "Webhook deliveries, newest first (status filter, cursor)",
    .permission = "webhooks:read",
    .doc = &kListDoc,
};
constexpr http::RouteSpec kReplayRoute{
    .method = http::Method::kPost,
    .path = "/api/auth/admin/replay-webhook-delivery",
    .auth = http::Auth::kAdmin,
    .summary = "Sends a webhook delivery again, with a fresh attempt count",
    .permission = "webhooks:replay",
    .doc = &kReplayDoc,
};

Error QueryProblem(std::string message) {
  Error error = MakeError(kInvalidQuery);
  error.wire_message = std::move(message);
  return error;
}

// The audit log's cursor format (created_at, id), so both admin lists page alike.
Result<std::optional<std::pair<std::int64_t, std::string>>> ParseCursor(
    const http::Request& request) {
  const std::string text = request.QueryParam("cursor").value_or("");
  if (text.empty()) return std::optional<std::pair<std::int64_t, std::string>>();
  LK_ASSIGN_OR_RETURN(audit::Cursor cursor, audit::DecodeCursor(text));
  return std::optional(std::pair(cursor.created_at, std::move(cursor.id)));
}

void AppendDelivery(std::string& out, const Delivery& d) {
  json::ObjectWriter w(out);
  w.String("id", d.id)
      .String("endpoint", d.endpoint)
      .String("type", d.event_type)
      .String("auditEventId", d.audit_event_id)
      .String("status", d.status)
      .Int("attempts", d.attempts)
      .String("createdAt", FormatIsoTime(d.created_at))
      .String("updatedAt", FormatIsoTime(d.updated_at));
  if (d.status == kPending) w.String("nextAttemptAt", FormatIsoTime(d.next_attempt_at));
  if (d.last_status) w.Int("lastStatus", *d.last_status);
  w.NullableString("lastError", d.last_error).Raw("payload", d.payload).Close();
}

Result<http::Response> ListDeliveries(const http::Request& request, store::Store& store) {
  std::string status = request.QueryParam("status").value_or("");
  if (!status.empty() && status != kPending && status != kDelivered && status != kDead) {
    return Fail(QueryProblem("[query.status] pending, delivered or dead"));
  }
  int limit = 50;
  if (const std::string text = request.QueryParam("limit").value_or(""); !text.empty()) {
    const char* begin = text.c_str();
    const char* end = begin + text.size();
    auto [stop, ec] = std::from_chars(begin, end, limit);
    if (ec != std::errc() || stop != end || limit < 1 || limit > 500) {
      return Fail(QueryProblem("[query.limit] a whole number from 1 to 500"));
    }
  }
  LK_ASSIGN_OR_RETURN(auto after, ParseCursor(request));
  LK_ASSIGN_OR_RETURN(auto rows, List(store, status, after, limit + 1));
  const bool more = static_cast<int>(rows.size()) > limit;
  if (more) rows.resize(static_cast<std::size_t>(limit));
  std::string body = "{\"deliveries\":[";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) body.push_back(',');
    AppendDelivery(body, rows[i]);
  }
  body += "],\"nextCursor\":";
  if (more) {
    json::AppendString(body, audit::EncodeCursor({rows.back().created_at, rows.back().id}));
  } else {
    body += "null";
  }
  body += "}";
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  return response;
}

Result<http::Response> ReplayDelivery(const http::Request& request, platform::Call& call,
                                      const Services& services) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, false));
  LK_ASSIGN_OR_RETURN(std::string id, http::RequiredString(body, "id"));
  LK_TRY(store::InTransaction(services.store, [&](store::Transaction& tx) -> Result<void> {
    LK_ASSIGN_OR_RETURN(bool found, Replay(tx, id, services.clock.NowMs()));
    if (!found) return Fail(MakeError(kDeliveryNotFound));
    std::string details;
    json::ObjectWriter(details).String("deliveryId", id).Close();
    return audit::RecordInTransaction(tx, services.clock, request,
                                      {.type = "webhooks.replay",
                                       .outcome = audit::kSuccess,
                                       .user_id = call.caller().user.id,
                                       .session_id = call.caller().session.id,
                                       .details_json = std::move(details)});
  }));
  http::Response response = http::Response::Json("{\"status\":true}");
  response.no_store = true;
  return response;
}

}  // namespace

Result<void> AddWebhookRoutes(platform::RouteTable& routes, const Services& services,
                              std::function<void()> wake) {
  LK_TRY(routes.Add(kListRoute, [&services](const http::Request& request, platform::Call&) {
    return ListDeliveries(request, services.store);
  }));
  return routes.Add(kReplayRoute, [&services, wake = std::move(wake)](const http::Request& request,
                                                                      platform::Call& call) {
    auto answer = ReplayDelivery(request, call, services);
    if (answer) wake();
    return answer;
  });
}

}  // namespace latchkey::webhooks

#include "features/audit/audit_routes.h"

#include <boost/json/parse.hpp>
#include <memory>

#include "core/json_writer.h"
#include "features/audit/audit.h"
#include "features/audit/audit_csv.h"
#include "features/audit/audit_errors.h"

namespace latchkey::audit {
namespace {

auto QueryOf(const http::Request& request) {
  return [&request](std::string_view name) { return request.QueryParam(name); };
}

Result<int> ParseLimit(const http::Request& request) {
  std::optional<std::string> text = request.QueryParam("limit");
  if (!text || text->empty()) return kDefaultLimit;
  int value = 0;
  for (char c : *text) {
    if (c < '0' || c > '9' || value > kMaxLimit) return Fail(MakeError(errors::kInvalidLimit));
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > kMaxLimit) return Fail(MakeError(errors::kInvalidLimit));
  return value;
}

// details is written by our own features as JSON; a row that is not (a
// hand-edited database) is sent as a string rather than break the page.
void AppendDetails(json::ObjectWriter& writer, const std::string& details) {
  boost::system::error_code ec;
  (void)boost::json::parse(details, ec);
  if (ec) {
    writer.String("details", details);
  } else {
    writer.Raw("details", details);
  }
}

void AppendEventJson(std::string& out, const EventRow& e) {
  json::ObjectWriter writer(out);
  writer.String("id", e.id)
      .String("type", e.type)
      .String("outcome", e.outcome)
      .String("createdAt", FormatIsoTime(e.created_at))
      .NullableString("userId", e.user_id)
      .NullableString("targetUserId", e.target_user_id)
      .NullableString("sessionId", e.session_id)
      .NullableString("clientAddress", e.client_address)
      .NullableString("userAgent", e.user_agent)
      .NullableString("requestId", e.request_id);
  AppendDetails(writer, e.details);
  writer.Close();
}

// The filters as given, for the audit.export event's details.
std::string FilterJson(const Filter& filter) {
  std::string out;
  json::ObjectWriter writer(out);
  for (auto [name, value] :
       {std::pair{"type", &filter.type}, std::pair{"actor", &filter.actor},
        std::pair{"target", &filter.target}, std::pair{"outcome", &filter.outcome},
        std::pair{"address", &filter.address}}) {
    if (!value->empty()) writer.String(name, *value);
  }
  if (filter.from) writer.Int("from", *filter.from);
  if (filter.to) writer.Int("to", *filter.to);
  writer.Close();
  return out;
}

std::string AttachmentName(TimeMs now) {
  std::string stamp = FormatIsoTime(now);  // 2026-01-01T00:00:00.000Z
  std::string compact;
  for (char c : stamp.substr(0, 19)) {
    if (c != '-' && c != ':') compact.push_back(c);
  }
  return "attachment; filename=\"audit-events-" + compact + "Z.csv\"";
}

}  // namespace

Result<http::Response> ListAuditEvents(const http::Request& request, store::Store& store) {
  LK_ASSIGN_OR_RETURN(Filter filter, ParseFilter(QueryOf(request)));
  LK_ASSIGN_OR_RETURN(int limit, ParseLimit(request));
  std::optional<Cursor> after;
  if (auto cursor = request.QueryParam("cursor"); cursor && !cursor->empty()) {
    LK_ASSIGN_OR_RETURN(after, DecodeCursor(*cursor));
  }
  // One row more than the page says whether another page follows.
  LK_ASSIGN_OR_RETURN(auto events, ListEvents(store, filter, after, limit + 1));
  const bool more = static_cast<int>(events.size()) > limit;
  if (more) events.resize(static_cast<std::size_t>(limit));
  std::string body = "{\"events\":[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) body.push_back(',');
    AppendEventJson(body, events[i]);
  }
  body += "],\"nextCursor\":";
  if (more) {
    json::AppendString(body, EncodeCursor({events.back().created_at, events.back().id}));
  } else {
    body += "null";
  }
  body += "}";
  http::Response response = http::Response::Json(std::move(body));
  response.no_store = true;
  return response;
}

Result<http::Response> ExportAuditEvents(const http::Request& request, const Services& services,
                                         std::string user_id, std::string session_id) {
  LK_ASSIGN_OR_RETURN(Filter filter, ParseFilter(QueryOf(request)));
  // Reading the trail in bulk is itself an event (ASVS 7.3: access to logs).
  LK_TRY(RecordStandalone(services.store, services.clock, request,
                          {.type = "audit.export",
                           .outcome = kSuccess,
                           .user_id = std::move(user_id),
                           .session_id = std::move(session_id),
                           .details_json = FilterJson(filter)}));
  http::Response response = http::Response::Text("", "text/csv; charset=utf-8");
  response.AddHeader("Content-Disposition", AttachmentName(services.clock.NowMs()));
  response.no_store = true;
  auto exporter = std::make_shared<CsvExporter>(services.store, std::move(filter));
  response.producer = [exporter](std::string& chunk) {
    Result<bool> more = exporter->Next(chunk);
    if (!more) return http::BodyChunk::kFailed;
    return *more ? http::BodyChunk::kMore : http::BodyChunk::kDone;
  };
  return response;
}

}  // namespace latchkey::audit

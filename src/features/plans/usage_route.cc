// POST /api/auth/usage (docs/plans.md "Recording usage"): one record, or a
// batch of up to 100 in one transaction (one synced commit for all).
#include <boost/json/array.hpp>

#include "core/json_writer.h"
#include "features/plans/plan_docs.h"
#include "features/plans/plan_routes.h"
#include "features/plans/plans_errors.h"
#include "http/body.h"

namespace latchkey::plans {
namespace {

constexpr std::size_t kMaxBatch = 100;

constexpr http::RouteSpec kUsageRoute{.method = http::Method::kPost,
                                      .path = "/api/auth/usage",
                                      .auth = http::Auth::kApiKey,
                                      .body_limit = std::size_t{64} * 1024,
                                      .summary = "Records usage; 402 at the monthly cap",
                                      .key_permission = {"usage", "record"},
                                      .doc = &kUsageDoc};

// A field's name in a validation error: "quantity", or "records.3.quantity".
std::string FieldName(std::string_view prefix, std::string_view field) {
  return prefix.empty() ? std::string(field) : std::string(prefix) + std::string(field);
}

Result<UsageRecord> ParseRecord(const boost::json::object& body, std::string_view prefix,
                                std::string key_id) {
  UsageRecord record{.key_id = std::move(key_id)};
  LK_ASSIGN_OR_RETURN(auto user_id, http::OptionalString(body, "userId"));
  LK_ASSIGN_OR_RETURN(auto org_id, http::OptionalString(body, "organizationId"));
  if (user_id.has_value() == org_id.has_value()) {
    return Fail(http::ValidationError(FieldName(prefix, "userId"),
                                      "Exactly one of userId and organizationId"));
  }
  record.subject = user_id ? Subject{"user", *user_id} : Subject{"organization", *org_id};
  LK_ASSIGN_OR_RETURN(record.meter, http::RequiredString(body, "meter"));
  LK_ASSIGN_OR_RETURN(record.idempotency_key, http::RequiredString(body, "idempotencyKey"));
  if (record.idempotency_key.empty() || record.idempotency_key.size() > 128) {
    return Fail(http::ValidationError(FieldName(prefix, "idempotencyKey"), "1 to 128 characters"));
  }
  LK_ASSIGN_OR_RETURN(auto quantity, http::OptionalInt(body, "quantity"));
  if (!quantity || *quantity < 1 || *quantity > 1'000'000'000'000) {
    return Fail(http::ValidationError(FieldName(prefix, "quantity"), "A whole number from 1"));
  }
  record.quantity = *quantity;
  return record;
}

void AppendAnswer(std::string& out, const RecordAnswer& answer) {
  json::ObjectWriter w(out);
  w.Bool("recorded", answer.accepted).String("month", answer.month).Int("used", answer.used);
  if (answer.cap == kUnlimited) {
    w.Raw("cap", "null");
  } else {
    w.Int("cap", answer.cap);
  }
  if (!answer.accepted) w.String("code", errors::kSpendCapReached.code);
  w.Close();
}

// Every record in one transaction; an unknown subject or meter fails them all.
Result<std::vector<RecordAnswer>> RecordAll(const Services& services, const PlanService& plans,
                                            const std::vector<UsageRecord>& records) {
  return store::InTransaction(
      services.store, [&](store::Transaction& tx) -> Result<std::vector<RecordAnswer>> {
        std::vector<RecordAnswer> answers;
        answers.reserve(records.size());
        for (const UsageRecord& record : records) {
          LK_ASSIGN_OR_RETURN(bool exists, plans.Exists(tx, record.subject));
          if (!exists) return Fail(MakeError(errors::kSubjectNotFound));
          LK_ASSIGN_OR_RETURN(RecordAnswer answer, plans.Record(tx, record));
          answers.push_back(std::move(answer));
        }
        return answers;
      });
}

Result<http::Response> RecordUsage(const http::Request& request, platform::Call& call,
                                   const Services& services, const PlanService& plans) {
  LK_ASSIGN_OR_RETURN(auto body, http::ParseRequiredBody(request, false));
  const std::string& key_id = call.principal().credential_id;
  std::vector<UsageRecord> records;
  const boost::json::value* batch = body.if_contains("records");
  if (batch != nullptr) {
    if (!batch->is_array() || batch->as_array().empty() || batch->as_array().size() > kMaxBatch) {
      return Fail(http::ValidationError("records", "An array of 1 to 100 records"));
    }
    std::size_t i = 0;
    for (const boost::json::value& item : batch->as_array()) {
      const std::string prefix = "records." + std::to_string(i++) + ".";
      if (!item.is_object()) return Fail(http::ValidationError(prefix, "Expected object"));
      LK_ASSIGN_OR_RETURN(UsageRecord record, ParseRecord(item.as_object(), prefix, key_id));
      records.push_back(std::move(record));
    }
  } else {
    LK_ASSIGN_OR_RETURN(UsageRecord record, ParseRecord(body, "", key_id));
    records.push_back(std::move(record));
  }
  LK_ASSIGN_OR_RETURN(auto answers, RecordAll(services, plans, records));
  std::string out;
  if (batch == nullptr) {
    // One record: at the cap, the route's 402.
    if (!answers.front().accepted) return Fail(MakeError(errors::kSpendCapReached));
    AppendAnswer(out, answers.front());
  } else {
    // A batch answers 200 with each record's answer; refused ones carry the code.
    out = "{\"results\":[";
    for (std::size_t i = 0; i < answers.size(); ++i) {
      if (i > 0) out.push_back(',');
      AppendAnswer(out, answers[i]);
    }
    out += "]}";
  }
  http::Response response = http::Response::Json(std::move(out));
  response.no_store = true;
  return response;
}

}  // namespace

Result<void> AddUsageRoute(platform::RouteTable& routes, const Services& services,
                           const PlanService& plans) {
  return routes.Add(kUsageRoute, [&services, &plans](const http::Request& r, platform::Call& c) {
    return RecordUsage(r, c, services, plans);
  });
}

}  // namespace latchkey::plans

#include "features/realtime/events.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/json_writer.h"

namespace latchkey::realtime {

std::string_view EndReasonName(EndReason reason) {
  switch (reason) {
    case EndReason::kRevoked:
      return "revoked";
    case EndReason::kExpired:
      return "expired";
  }
  return "revoked";
}

std::string_view CloseReasonText(EndReason reason) {
  switch (reason) {
    case EndReason::kRevoked:
      return "session revoked";
    case EndReason::kExpired:
      return "session expired";
  }
  return "session revoked";
}

std::string SessionRevokedEvent(std::string_view session_id, EndReason reason) {
  std::string out;
  json::ObjectWriter(out)
      .String("type", "session.revoked")
      .String("sessionId", session_id)
      .String("reason", EndReasonName(reason))
      .Close();
  return out;
}

std::string UserUpdatedEvent(std::string_view user_json) {
  std::string out;
  json::ObjectWriter(out).String("type", "user.updated").Raw("user", user_json).Close();
  return out;
}

std::string ReadyEvent(std::string_view session_id, std::string_view user_id) {
  std::string out;
  json::ObjectWriter(out)
      .String("type", "ready")
      .String("sessionId", session_id)
      .String("userId", user_id)
      .Close();
  return out;
}

std::string PongEvent() { return R"({"type":"pong"})"; }

bool IsPingMessage(std::string_view message) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(message, ec);
  if (ec || !value.is_object()) return false;
  const boost::json::value* type = value.as_object().if_contains("type");
  return type != nullptr && type->is_string() && type->get_string() == "ping";
}

}  // namespace latchkey::realtime

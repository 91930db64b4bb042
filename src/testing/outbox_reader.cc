#include "testing/outbox_reader.h"

#include "http/request.h"

namespace latchkey::testing {
namespace {

Result<std::string> Open(const mail::OutboxKeys& keys, const std::optional<std::string>& key_id,
                         const std::string& row_id, std::string_view part,
                         const std::string& stored) {
  if (!key_id) return stored;  // a legacy clear-text row
  std::optional<crypto::AeadKey> key = keys.find(*key_id);
  if (!key) return Fail(InternalError("no outbox key " + *key_id + " for mail " + row_id));
  return mail::OpenBody(*key, *key_id, row_id, part, stored);
}

}  // namespace

Result<std::vector<QueuedMail>> ReadOutbox(store::Store& store, const mail::OutboxKeys& keys) {
  LK_ASSIGN_OR_RETURN(
      auto rows,
      store.QueryOnce("SELECT id, to_address, subject, text_body, html_body, "
                      "body_key_id, status FROM mail_outbox ORDER BY created_at, rowid"));
  std::vector<QueuedMail> out;
  for (const store::Row& row : rows) {
    QueuedMail m;
    LK_ASSIGN_OR_RETURN(m.id, row.GetString("id"));
    LK_ASSIGN_OR_RETURN(m.to, row.GetString("to_address"));
    LK_ASSIGN_OR_RETURN(m.subject, row.GetString("subject"));
    LK_ASSIGN_OR_RETURN(m.status, row.GetString("status"));
    LK_ASSIGN_OR_RETURN(auto key_id, row.GetNullableString("body_key_id"));
    LK_ASSIGN_OR_RETURN(std::string text, row.GetString("text_body"));
    LK_ASSIGN_OR_RETURN(std::string html, row.GetString("html_body"));
    LK_ASSIGN_OR_RETURN(m.text, Open(keys, key_id, m.id, mail::kTextPart, text));
    if (!html.empty()) {
      LK_ASSIGN_OR_RETURN(m.html, Open(keys, key_id, m.id, mail::kHtmlPart, html));
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::optional<std::string> FirstLink(std::string_view text) {
  std::size_t start = text.find("http://");
  std::size_t secure = text.find("https://");
  if (secure < start) start = secure;
  if (start == std::string_view::npos) return std::nullopt;
  std::size_t end = text.find_first_of(" \t\r\n<>\"'", start);
  return std::string(text.substr(start, end == std::string_view::npos ? end : end - start));
}

std::string LinkToken(std::string_view link) {
  std::size_t question = link.find('?');
  http::Request parsed;
  parsed.query = question == std::string_view::npos ? "" : std::string(link.substr(question + 1));
  if (auto token = parsed.QueryParam("token")) return *token;
  std::string_view path = link.substr(0, question);
  return http::PercentDecode(path.substr(path.rfind('/') + 1), /*plus_is_space=*/false);
}

}  // namespace latchkey::testing

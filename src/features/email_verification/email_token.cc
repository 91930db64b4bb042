#include "features/email_verification/email_token.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/json_writer.h"
#include "crypto/constant_time.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace latchkey::email_verification {
namespace {

constexpr std::string_view kHeader = R"({"alg":"HS256"})";

std::string Mac(std::string_view secret, std::string_view signing_input) {
  return crypto::Base64UrlEncode(crypto::HmacSha256(secret, signing_input));
}

Result<boost::json::object> DecodeObject(std::string_view part) {
  auto bytes = crypto::Base64UrlDecode(part);
  if (!bytes) return Fail(MakeError(kInvalidToken));
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(*bytes, ec);
  if (ec || !value.is_object()) return Fail(MakeError(kInvalidToken));
  return value.as_object();
}

}  // namespace

std::string CredentialBinding(std::string_view secret, std::string_view user_id,
                              std::string_view password_hash) {
  std::string message = "latchkey change-email credential";
  message.push_back('\0');
  message.append(user_id);
  message.push_back('\0');
  message.append(password_hash);
  return crypto::Base64UrlEncode(crypto::HmacSha256(secret, message).substr(0, 16));
}

std::string SignEmailToken(std::string_view secret, const EmailClaims& claims) {
  std::string payload;
  json::ObjectWriter writer(payload);
  writer.String("email", claims.email);
  if (!claims.update_to.empty()) writer.String("updateTo", claims.update_to);
  if (!claims.request_type.empty()) writer.String("requestType", claims.request_type);
  writer.String("userId", claims.user_id);
  if (!claims.session_id.empty()) writer.String("sid", claims.session_id);
  if (!claims.credential.empty()) writer.String("cred", claims.credential);
  writer.Int("iat", claims.iat).Int("exp", claims.exp).Close();
  std::string input = crypto::Base64UrlEncode(kHeader) + "." + crypto::Base64UrlEncode(payload);
  return input + "." + Mac(secret, input);
}

Result<EmailClaims> VerifyEmailToken(std::string_view secret, std::string_view token,
                                     std::int64_t now_s) {
  const std::string secrets[] = {std::string(secret)};
  return VerifyEmailToken(secrets, token, now_s);
}

Result<EmailClaims> VerifyEmailToken(std::span<const std::string> secrets, std::string_view token,
                                     std::int64_t now_s) {
  const auto first = token.find('.');
  const auto last = token.rfind('.');
  if (first == std::string_view::npos || first == last || token.size() > 4096) {
    return Fail(MakeError(kInvalidToken));
  }
  const std::string_view input = token.substr(0, last);
  bool signed_by_us = false;
  for (const std::string& secret : secrets) {
    signed_by_us =
        signed_by_us ||
        (!secret.empty() && crypto::ConstantTimeEquals(Mac(secret, input), token.substr(last + 1)));
  }
  if (!signed_by_us) return Fail(MakeError(kInvalidToken));
  LK_ASSIGN_OR_RETURN(auto header, DecodeObject(token.substr(0, first)));
  const auto* alg = header.if_contains("alg");
  if (!alg || !alg->is_string() || alg->get_string() != "HS256") {
    return Fail(MakeError(kInvalidToken));
  }
  LK_ASSIGN_OR_RETURN(auto payload, DecodeObject(token.substr(first + 1, last - first - 1)));
  const auto* email = payload.if_contains("email");
  const auto* exp = payload.if_contains("exp");
  if (!email || !email->is_string() || !exp || !exp->is_int64()) {
    return Fail(MakeError(kInvalidToken));
  }
  EmailClaims claims;
  claims.email = std::string(email->get_string());
  if (const auto* uid = payload.if_contains("userId"); uid && uid->is_string()) {
    claims.user_id = std::string(uid->get_string());
  }
  claims.exp = exp->get_int64();
  if (const auto* v = payload.if_contains("updateTo"); v && v->is_string()) {
    claims.update_to = std::string(v->get_string());
  }
  if (const auto* v = payload.if_contains("requestType"); v && v->is_string()) {
    claims.request_type = std::string(v->get_string());
  }
  if (const auto* v = payload.if_contains("sid"); v && v->is_string()) {
    claims.session_id = std::string(v->get_string());
  }
  if (const auto* v = payload.if_contains("cred"); v && v->is_string()) {
    claims.credential = std::string(v->get_string());
  }
  if (claims.exp <= now_s) return Fail(MakeError(kTokenExpired));
  return claims;
}

}  // namespace latchkey::email_verification

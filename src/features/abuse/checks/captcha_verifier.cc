// One POST per verification; the reply is parsed with Boost.JSON without
// exceptions. Classification order matters: transport and protocol errors
// first (kProviderDown), then success=false (kFailed), then the context
// checks (hostname, action: kMismatched), then the score.
#include "features/abuse/checks/captcha_verifier.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <utility>

#include "core/trusted_origins.h"
#include "features/common/outbound/outbound_http.h"

namespace latchkey::abuse {
namespace {

namespace json = boost::json;

constexpr std::size_t kTurnstileMaxToken = 2048;
constexpr std::size_t kMaxToken = std::size_t{8} * 1024;

CaptchaVerdict Verdict(CaptchaOutcome outcome, std::string detail) {
  CaptchaVerdict v;
  v.outcome = outcome;
  v.detail = std::move(detail);
  return v;
}

// Fills score and error codes; returns false if `reply` is not a siteverify
// object (no boolean "success").
bool ReadReply(const json::value& reply, bool& success, CaptchaVerdict& v) {
  const json::object* obj = reply.if_object();
  if (obj == nullptr) return false;
  const json::value* s = obj->if_contains("success");
  if (s == nullptr || !s->is_bool()) return false;
  success = s->get_bool();
  if (const json::value* score = obj->if_contains("score");
      score != nullptr && score->is_number()) {
    v.score = score->to_number<double>();
  }
  if (const json::value* codes = obj->if_contains("error-codes");
      codes != nullptr && codes->is_array()) {
    for (const json::value& c : codes->get_array()) {
      if (c.is_string()) v.error_codes.emplace_back(c.get_string());
    }
  }
  return true;
}

std::string StringField(const json::value& reply, std::string_view key) {
  const json::value* f = reply.get_object().if_contains(key);
  return (f != nullptr && f->is_string()) ? std::string(f->get_string()) : std::string();
}

}  // namespace

std::string_view DefaultVerifyUrl(CaptchaProvider provider) {
  switch (provider) {
    case CaptchaProvider::kTurnstile:
      return "https://challenges.cloudflare.com/turnstile/v0/siteverify";
    case CaptchaProvider::kRecaptchaV3:
      return "https://www.google.com/recaptcha/api/siteverify";
    case CaptchaProvider::kHcaptcha:
      return "https://api.hcaptcha.com/siteverify";
  }
  return {};
}

std::string_view ToString(CaptchaOutcome outcome) {
  switch (outcome) {
    case CaptchaOutcome::kPassed:
      return "passed";
    case CaptchaOutcome::kFailed:
      return "failed";
    case CaptchaOutcome::kLowScore:
      return "low_score";
    case CaptchaOutcome::kMismatched:
      return "mismatched";
    case CaptchaOutcome::kProviderDown:
      return "provider_down";
  }
  return "unknown";
}

std::string HostPattern(std::string_view origin) {
  if (auto scheme = origin.find("://"); scheme != std::string_view::npos) {
    origin.remove_prefix(scheme + 3);
  }
  origin = origin.substr(0, origin.find_first_of("/?#"));
  if (!origin.empty() && origin.front() == '[') {  // IPv6 literal
    origin = origin.substr(1, origin.find(']') - 1);
  } else if (auto colon = origin.rfind(':'); colon != std::string_view::npos) {
    origin = origin.substr(0, colon);
  }
  std::string host(origin);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

CaptchaVerifier::CaptchaVerifier(CaptchaOptions options) : options_(std::move(options)) {
  if (options_.verify_url.empty()) options_.verify_url = DefaultVerifyUrl(options_.provider);
}

CaptchaVerdict CaptchaVerifier::Verify(std::string_view token, std::string_view remote_ip,
                                       std::string_view expected_action) const {
  const std::size_t max_token =
      options_.provider == CaptchaProvider::kTurnstile ? kTurnstileMaxToken : kMaxToken;
  if (token.empty()) return Verdict(CaptchaOutcome::kFailed, "missing token");
  if (token.size() > max_token) return Verdict(CaptchaOutcome::kFailed, "token too long");

  outbound::FormFields form = {{"secret", options_.secret}, {"response", std::string(token)}};
  if (!remote_ip.empty()) form.emplace_back("remoteip", std::string(remote_ip));
  outbound::OutboundOptions http;
  http.timeout = options_.timeout;
  http.connect_timeout = options_.timeout;
  http.max_response_bytes = std::size_t{64} * 1024;  // replies are a few hundred bytes
  auto response = outbound::HttpPostForm(options_.verify_url, form, {}, http);
  if (!response) {
    return Verdict(CaptchaOutcome::kProviderDown,
                   std::string(response.error().code) + ": " + response.error().detail);
  }
  if (response->status != 200) {
    return Verdict(CaptchaOutcome::kProviderDown, "status " + std::to_string(response->status));
  }
  return ClassifyReply(response->body, expected_action);
}

CaptchaVerdict CaptchaVerifier::ClassifyReply(std::string_view body,
                                              std::string_view expected_action) const {
  boost::system::error_code ec;
  json::value reply = json::parse(json::string_view(body.data(), body.size()), ec);
  CaptchaVerdict v;
  bool success = false;
  if (ec || !ReadReply(reply, success, v)) {
    return Verdict(CaptchaOutcome::kProviderDown, "malformed siteverify reply");
  }
  if (!success) {
    // Turnstile reports its own outages in-band.
    bool internal = false;
    for (const std::string& c : v.error_codes) internal = internal || c == "internal-error";
    v.outcome = internal ? CaptchaOutcome::kProviderDown : CaptchaOutcome::kFailed;
    v.detail = "success=false";
    return v;
  }
  // Checked where the reply names them: hCaptcha sends no action, and an
  // app's token (reCAPTCHA for Android) names a package, not a hostname.
  const std::string hostname = StringField(reply, "hostname");
  if (!options_.allowed_hostnames.empty() && !hostname.empty() &&
      std::none_of(options_.allowed_hostnames.begin(), options_.allowed_hostnames.end(),
                   [&](const std::string& p) { return WildcardMatch(p, hostname); })) {
    v.outcome = CaptchaOutcome::kMismatched;
    v.detail = "hostname mismatch";
    return v;
  }
  const std::string action = StringField(reply, "action");
  if (!expected_action.empty() && !action.empty() && action != expected_action) {
    v.outcome = CaptchaOutcome::kMismatched;
    v.detail = "action mismatch";
    return v;
  }
  v.outcome = CaptchaOutcome::kPassed;
  if (options_.provider == CaptchaProvider::kRecaptchaV3) {
    if (!v.score) {
      v.outcome = CaptchaOutcome::kFailed;
      v.detail = "no score (not a v3 token)";
    } else if (*v.score < options_.min_score) {
      v.outcome = CaptchaOutcome::kLowScore;
      v.detail = "score below minimum";
    }
  } else if (options_.provider == CaptchaProvider::kHcaptcha && v.score &&
             *v.score > options_.hcaptcha_max_risk) {
    v.outcome = CaptchaOutcome::kLowScore;
    v.detail = "risk score above maximum";
  }
  return v;
}

}  // namespace latchkey::abuse

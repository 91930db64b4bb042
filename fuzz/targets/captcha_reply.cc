// abuse/checks/captcha_verifier: the siteverify reply a CAPTCHA provider (or
// whoever answers on its URL) sends back, through ClassifyReply(). The first
// byte picks the provider and whether a hostname/action is expected; the
// rest is the reply body. Properties: no crash; "passed" only for a JSON
// object with "success": true, a hostname and action that match where the
// reply names them, and (for
// reCAPTCHA v3) a score at or above the minimum; a body that is not such an
// object is "provider down" (fail closed: docs/operations.md, CAPTCHA).
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/trusted_origins.h"
#include "features/abuse/checks/captcha_verifier.h"
#include "fuzz_input.h"

namespace {

namespace abuse = latchkey::abuse;
namespace bj = boost::json;

std::string StringMember(const bj::object& o, std::string_view key) {
  const bj::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  latchkey::fuzz::FuzzInput in(data, size);
  const std::uint8_t selector = in.Byte();
  abuse::CaptchaOptions options;
  options.provider = static_cast<abuse::CaptchaProvider>(selector % 3);
  options.secret = "fuzz-captcha-secret";
  options.min_score = 0.5;
  options.hcaptcha_max_risk = 0.8;
  const std::string expected_host = "app.example.test";
  if ((selector & 4) != 0) options.allowed_hostnames = {expected_host};
  const std::string expected_action = (selector & 8) != 0 ? "sign-in" : "";
  const std::string body(in.Rest());

  abuse::CaptchaVerifier verifier(options);
  abuse::CaptchaVerdict verdict = verifier.ClassifyReply(body, expected_action);
  LK_FUZZ_CHECK(verdict.detail.find(options.secret) == std::string::npos);

  bj::error_code ec;
  bj::value reply = bj::parse(bj::string_view(body.data(), body.size()), ec);
  const bj::object* obj = ec ? nullptr : reply.if_object();
  const bj::value* success = obj != nullptr ? obj->if_contains("success") : nullptr;
  if (success == nullptr || !success->is_bool()) {
    LK_FUZZ_CHECK(verdict.outcome == abuse::CaptchaOutcome::kProviderDown);
    return 0;
  }
  if (verdict.outcome != abuse::CaptchaOutcome::kPassed) return 0;
  LK_FUZZ_CHECK(success->get_bool());
  // The binding is checked where the reply names it (an empty field is not).
  const std::string hostname = StringMember(*obj, "hostname");
  if (!options.allowed_hostnames.empty() && !hostname.empty()) {
    LK_FUZZ_CHECK(latchkey::WildcardMatch(expected_host, hostname));
  }
  const std::string action = StringMember(*obj, "action");
  if (!expected_action.empty() && !action.empty()) LK_FUZZ_CHECK(action == expected_action);
  if (options.provider == abuse::CaptchaProvider::kRecaptchaV3) {
    LK_FUZZ_CHECK(verdict.score.has_value() && *verdict.score >= options.min_score);
  }
  if (options.provider == abuse::CaptchaProvider::kHcaptcha && verdict.score) {
    LK_FUZZ_CHECK(*verdict.score <= options.hcaptcha_max_risk);
  }
  return 0;
}

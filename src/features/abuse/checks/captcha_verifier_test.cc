// Tests for captcha_verifier.h against a loopback siteverify stub, for each
// provider (docs/operations.md; ASVS 2.2.1 anti-automation). The stub speaks
// the shared protocol: token "pass" succeeds, "low" succeeds with a poor
// score, anything else fails.
#include "features/abuse/checks/captcha_verifier.h"

#include <gtest/gtest.h>

#include "features/abuse/checks/test_http_server.h"

namespace latchkey::abuse {
namespace {

using testing::CannedResponse;
using testing::RecordedRequest;
using testing::TestHttpServer;

constexpr char kSecret[] = "sk-test-secret";

// Minimal form decoding for the stub: the tokens used here need none.
std::string FormValue(const std::string& body, const std::string& key) {
  std::size_t p = ("&" + body).find("&" + key + "=");
  if (p == std::string::npos) return {};
  std::size_t start = p + key.size() + 1, end = body.find('&', start);
  return body.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

CannedResponse Siteverify(CaptchaProvider provider, const RecordedRequest& req) {
  std::string token = FormValue(req.body, "response");
  if (FormValue(req.body, "secret") != kSecret) {
    return {200, R"({"success":false,"error-codes":["invalid-input-secret"]})"};
  }
  if (token != "pass" && token != "low") {
    return {200, R"({"success":false,"error-codes":["invalid-input-response"]})"};
  }
  std::string score;
  if (provider == CaptchaProvider::kRecaptchaV3)
    score = token == "low" ? ",\"score\":0.1" : ",\"score\":0.9";
  // hCaptcha Enterprise scores risk: high = likely bot.
  if (provider == CaptchaProvider::kHcaptcha)
    score = token == "low" ? ",\"score\":0.9" : ",\"score\":0.1";
  return {200, R"({"success":true,"hostname":"app.example","action":"login")" + score + "}"};
}

struct Fixture {
  explicit Fixture(CaptchaProvider p)
      : server([p](const RecordedRequest& r) { return Siteverify(p, r); }) {
    options.provider = p;
    options.secret = kSecret;
    options.verify_url = server.url() + "/siteverify";
    options.timeout = std::chrono::milliseconds(1500);
    options.hcaptcha_max_risk = 0.5;
  }
  TestHttpServer server;
  CaptchaOptions options;
};

class CaptchaProviderTest : public ::testing::TestWithParam<CaptchaProvider> {};

TEST_P(CaptchaProviderTest, PassingTokenPassesAndSendsTheSiteverifyForm) {
  Fixture f(GetParam());
  CaptchaVerdict v = CaptchaVerifier(f.options).Verify("pass", "203.0.113.7");
  EXPECT_EQ(v.outcome, CaptchaOutcome::kPassed) << v.detail;
  auto reqs = f.server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].target, "/siteverify");
  EXPECT_EQ(reqs[0].body, "secret=sk-test-secret&response=pass&remoteip=203.0.113.7");
}

// docs/operations.md (CAPTCHA): success=false → rejected; the provider's codes are kept for logs.
TEST_P(CaptchaProviderTest, BadTokenFails) {
  Fixture f(GetParam());
  CaptchaVerdict v = CaptchaVerifier(f.options).Verify("forged", "");
  EXPECT_EQ(v.outcome, CaptchaOutcome::kFailed);
  ASSERT_EQ(v.error_codes.size(), 1u);
  EXPECT_EQ(v.error_codes[0], "invalid-input-response");
  EXPECT_EQ(f.server.requests()[0].body.find("remoteip"), std::string::npos);
}

// docs/operations.md (CAPTCHA): a missing token is refused without calling anyone.
TEST_P(CaptchaProviderTest, EmptyOrOversizedTokenFailsWithoutACall) {
  Fixture f(GetParam());
  CaptchaVerifier verifier(f.options);
  EXPECT_EQ(verifier.Verify("", "").outcome, CaptchaOutcome::kFailed);
  EXPECT_EQ(verifier.Verify(std::string(9000, 'a'), "").outcome, CaptchaOutcome::kFailed);
  EXPECT_TRUE(f.server.requests().empty());
}

// ASVS 2.2.1 (issue 9 item 10), docs/operations.md (CAPTCHA): a token solved on
// another site does not count here. Patterns may carry '*'; a match ignores case.
TEST_P(CaptchaProviderTest, HostnameMismatchIsMismatched) {
  Fixture f(GetParam());
  f.options.allowed_hostnames = {"evil.example", "*.other.example"};
  CaptchaVerdict v = CaptchaVerifier(f.options).Verify("pass", "");
  EXPECT_EQ(v.outcome, CaptchaOutcome::kMismatched);
  EXPECT_EQ(v.detail, "hostname mismatch");
  f.options.allowed_hostnames = {"evil.example", "APP.example"};
  EXPECT_EQ(CaptchaVerifier(f.options).Verify("pass", "").outcome, CaptchaOutcome::kPassed);
  f.options.allowed_hostnames = {"*.example"};
  EXPECT_EQ(CaptchaVerifier(f.options).Verify("pass", "").outcome, CaptchaOutcome::kPassed);
  f.options.allowed_hostnames = {"*"};
  EXPECT_EQ(CaptchaVerifier(f.options).Verify("pass", "").outcome, CaptchaOutcome::kPassed);
}

// docs/operations.md (CAPTCHA): outages fail closed as kProviderDown, distinct from a bad token.
TEST_P(CaptchaProviderTest, ServerErrorAndMalformedJsonAreProviderDown) {
  for (const CannedResponse& canned :
       {CannedResponse{500, "oops"}, CannedResponse{200, "not json"},
        CannedResponse{200, R"({"success":"yes"})"}, CannedResponse{200, "[]"},
        CannedResponse{200, R"({"success":false,"error-codes":["internal-error"]})"}}) {
    TestHttpServer server([canned](const RecordedRequest&) { return canned; });
    CaptchaOptions o;
    o.provider = GetParam();
    o.secret = kSecret;
    o.verify_url = server.url();
    CaptchaVerdict v = CaptchaVerifier(o).Verify("pass", "");
    EXPECT_EQ(v.outcome, CaptchaOutcome::kProviderDown) << canned.body;
  }
}

TEST_P(CaptchaProviderTest, TimeoutIsProviderDown) {
  TestHttpServer server([](const RecordedRequest&) {
    CannedResponse r;
    r.hang = true;
    return r;
  });
  CaptchaOptions o;
  o.provider = GetParam();
  o.secret = kSecret;
  o.verify_url = server.url();
  o.timeout = std::chrono::milliseconds(300);
  CaptchaVerdict v = CaptchaVerifier(o).Verify("pass", "");
  EXPECT_EQ(v.outcome, CaptchaOutcome::kProviderDown);
  EXPECT_NE(v.detail.find("OUTBOUND_TIMEOUT"), std::string::npos) << v.detail;
}

// Never log the token or the secret: nothing in the verdict carries them.
TEST_P(CaptchaProviderTest, VerdictNeverContainsTokenOrSecret) {
  TestHttpServer server([](const RecordedRequest&) { return CannedResponse{503, ""}; });
  CaptchaOptions o;
  o.provider = GetParam();
  o.secret = kSecret;
  o.verify_url = server.url();
  CaptchaVerdict v = CaptchaVerifier(o).Verify("tok-SENSITIVE", "");
  EXPECT_EQ(v.detail.find("SENSITIVE"), std::string::npos);
  EXPECT_EQ(v.detail.find(kSecret), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(AllProviders, CaptchaProviderTest,
                         ::testing::Values(CaptchaProvider::kTurnstile,
                                           CaptchaProvider::kRecaptchaV3,
                                           CaptchaProvider::kHcaptcha),
                         [](const auto& info) {
                           switch (info.param) {
                             case CaptchaProvider::kTurnstile:
                               return "Turnstile";
                             case CaptchaProvider::kRecaptchaV3:
                               return "RecaptchaV3";
                             default:
                               return "Hcaptcha";
                           }
                         });

TEST(CaptchaScoreTest, RecaptchaLowScoreIsLowScore) {
  Fixture f(CaptchaProvider::kRecaptchaV3);
  CaptchaVerdict v = CaptchaVerifier(f.options).Verify("low", "");
  EXPECT_EQ(v.outcome, CaptchaOutcome::kLowScore);
  ASSERT_TRUE(v.score);
  EXPECT_DOUBLE_EQ(*v.score, 0.1);
  f.options.min_score = 0.05;
  EXPECT_EQ(CaptchaVerifier(f.options).Verify("low", "").outcome, CaptchaOutcome::kPassed);
}

TEST(CaptchaScoreTest, HcaptchaHighRiskIsLowScore) {
  Fixture f(CaptchaProvider::kHcaptcha);
  EXPECT_EQ(CaptchaVerifier(f.options).Verify("low", "").outcome, CaptchaOutcome::kLowScore);
}

TEST(CaptchaScoreTest, TurnstileHasNoScore) {
  Fixture f(CaptchaProvider::kTurnstile);
  EXPECT_EQ(CaptchaVerifier(f.options).Verify("low", "").outcome, CaptchaOutcome::kPassed);
}

// A reCAPTCHA v2 token (no score) must not satisfy a v3 policy.
TEST(CaptchaScoreTest, RecaptchaReplyWithoutScoreFails) {
  TestHttpServer server([](const RecordedRequest&) {
    return CannedResponse{200, R"({"success":true})"};
  });
  CaptchaOptions o;
  o.provider = CaptchaProvider::kRecaptchaV3;
  o.secret = kSecret;
  o.verify_url = server.url();
  EXPECT_EQ(CaptchaVerifier(o).Verify("pass", "").outcome, CaptchaOutcome::kFailed);
}

// ASVS 2.2.1 (issue 9 item 10), docs/operations.md (CAPTCHA): a token solved
// for another form (its action) does not count for this one.
TEST(CaptchaActionTest, ActionMismatchIsMismatched) {
  for (CaptchaProvider p : {CaptchaProvider::kRecaptchaV3, CaptchaProvider::kTurnstile}) {
    Fixture f(p);
    CaptchaVerdict v = CaptchaVerifier(f.options).Verify("pass", "", "sign-up");
    EXPECT_EQ(v.outcome, CaptchaOutcome::kMismatched);
    EXPECT_EQ(v.detail, "action mismatch");
    EXPECT_EQ(CaptchaVerifier(f.options).Verify("pass", "", "login").outcome,
              CaptchaOutcome::kPassed);
    EXPECT_EQ(CaptchaVerifier(f.options).Verify("pass", "", "").outcome,
              CaptchaOutcome::kPassed);  // no expectation, no check
  }
}

// Only checked where the reply names them: hCaptcha sends no action, an
// app's token no hostname.
TEST(CaptchaActionTest, MissingHostnameOrActionIsNotChecked) {
  TestHttpServer server([](const RecordedRequest&) {
    return CannedResponse{200, R"({"success":true,"action":""})"};
  });
  CaptchaOptions o;
  o.provider = CaptchaProvider::kTurnstile;
  o.secret = kSecret;
  o.verify_url = server.url();
  o.allowed_hostnames = {"app.example"};
  EXPECT_EQ(CaptchaVerifier(o).Verify("pass", "", "sign-in").outcome, CaptchaOutcome::kPassed);
}

TEST(CaptchaHostPatternTest, HostOfOriginsAndPatterns) {
  EXPECT_EQ(HostPattern("https://App.Example.com:8443/x?y"), "app.example.com");
  EXPECT_EQ(HostPattern("http://127.0.0.1:3100"), "127.0.0.1");
  EXPECT_EQ(HostPattern("https://*.example.com"), "*.example.com");
  EXPECT_EQ(HostPattern("*.example.com"), "*.example.com");
  EXPECT_EQ(HostPattern("localhost"), "localhost");
  EXPECT_EQ(HostPattern("http://[::1]:3000"), "::1");
  EXPECT_EQ(HostPattern("*"), "*");
}

TEST(CaptchaDefaultsTest, DefaultVerifyUrls) {
  EXPECT_EQ(DefaultVerifyUrl(CaptchaProvider::kTurnstile),
            "https://challenges.cloudflare.com/turnstile/v0/siteverify");
  EXPECT_EQ(DefaultVerifyUrl(CaptchaProvider::kRecaptchaV3),
            "https://www.google.com/recaptcha/api/siteverify");
  EXPECT_EQ(DefaultVerifyUrl(CaptchaProvider::kHcaptcha), "https://api.hcaptcha.com/siteverify");
}

}  // namespace
}  // namespace latchkey::abuse

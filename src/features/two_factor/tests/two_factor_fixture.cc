#include "features/two_factor/tests/two_factor_fixture.h"

#include <boost/json.hpp>

namespace latchkey::two_factor {

using ::latchkey::testing::Client;
using ::latchkey::testing::IsOkJson;
using ::latchkey::testing::Json;
using ::latchkey::testing::JsonString;
using ::latchkey::testing::TestApp;

void TwoFactorTest::SetUp() {
  app_ = TestApp::Start(
      {.configure = [](Config& c) { c.Mutable<TwoFactorSettings>().two_factor_otp = true; }});
}

Client TwoFactorTest::EnrolledUser(std::string_view email) {
  Client client = app_->SignUp(email, kPassword, "Grace");
  http::Response enabled = client.Post("/api/auth/two-factor/enable",
                                       R"({"password":")" + std::string(kPassword) + R"("})");
  EXPECT_THAT(enabled, IsOkJson());
  const std::string uri = JsonString(enabled, "/totpURI");
  const auto secret_at = uri.find("secret=") + 7;
  auto key = crypto::Base32Decode(uri.substr(secret_at, uri.find('&', secret_at) - secret_at));
  EXPECT_TRUE(key.has_value());
  key_ = key ? *key : "";
  backup_codes_.clear();
  const boost::json::value json = Json(enabled);  // outlives the loop over it
  for (const auto& code : json.at("backupCodes").as_array()) {
    backup_codes_.emplace_back(code.as_string());
  }
  EXPECT_THAT(Verify(client, "verify-totp", Code()), IsOkJson());
  // The enable flow used this step's code; later sign-ins use the next one.
  app_->clock().Advance(30'000);
  return client;
}

std::string TwoFactorTest::Code(int offset_steps) const {
  const std::int64_t step = crypto::TotpStep(app_->clock().NowMs() / 1000) + offset_steps;
  auto code = crypto::TotpAtStep(key_, step);
  return code ? *code : "";
}

Client TwoFactorTest::Challenged(std::string_view email) {
  Client client = app_->NewClient();
  http::Response signed_in = client.SignIn(email, kPassword);
  EXPECT_THAT(signed_in, IsOkJson());
  EXPECT_EQ(JsonString(signed_in, "/token"), "");
  EXPECT_TRUE(client.cookies().Get(std::string(kTwoFactorCookie)).has_value());
  return client;
}

http::Response TwoFactorTest::Verify(Client& client, std::string_view route, std::string_view code,
                                     std::string_view extra) {
  std::string body = R"({"code":")" + std::string(code) + "\"";
  if (!extra.empty()) body += "," + std::string(extra);
  return client.Post("/api/auth/two-factor/" + std::string(route), body + "}");
}

}  // namespace latchkey::two_factor
